package org.fleettelemetry.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The same file shipped by a log shipper that, like the collector, tails a file and keeps its place:
 * Debian's rsyslogd with its imfile input and omkafka output (librdkafka, package {@code rsyslog-kafka}),
 * each line one record, {@code acks=all} and lz4 as the collector's producer; timed and measured by
 * {@link PeerShip}. rsyslogd queues in memory between input and output, so unlike the collector it may lose
 * what it read but did not send when it is killed: a peer for the rate and the cost, not for the guarantees.
 *
 * <p>Two variants: raw lines ({@code %msg%}), and parsing: mmnormalize (liblognorm, in Debian's rsyslog package)
 * with a rulebase for the entry line, then a JSON template of the six fields. mmnormalize is what rsyslog's
 * documentation offers for structuring free-text lines at volume (one pass of a compiled parse tree), where a
 * regex would be one {@code re_extract} or property-replacer regex per field, six matches a line; mmjsonparse
 * does not apply (the lines are not JSON). A line the rulebase does not match ships whole as the message.
 */
final class RsyslogShip {
    static final String RSYSLOGD = "/usr/sbin/rsyslogd";

    /** The entry line of docs/agent-logs.md in liblognorm v2's rule syntax, the same grammar as PeerRecords.ENTRY. */
    static final String RULEBASE = String.join(
            "\n",
            "version=2",
            "rule=:%{\"name\":\"timestamp\", \"type\":\"string-to\", \"extradata\":\" [\"}%"
                    + " [%{\"name\":\"pid\", \"type\":\"char-to\", \"extradata\":\".\"}%"
                    + ".%{\"name\":\"tid\", \"type\":\"char-to\", \"extradata\":\"]\"}%"
                    + "] %{\"name\":\"level\", \"type\":\"char-to\", \"extradata\":\":\"}%"
                    + ": %{\"name\":\"source\", \"type\":\"string-to\", \"extradata\":\": \"}%"
                    + ": %{\"name\":\"message\", \"type\":\"rest\"}%",
            "");

    private RsyslogShip() {}

    /** Ships {@code file} ({@code lines} lines) to a fresh topic of one partition. */
    static PeerShip.Shipped ship(BenchStack stack, Path file, long lines, Path work, PeerShip.Variant variant)
            throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(RSYSLOGD))) {
            throw new IOException(RSYSLOGD + " is not installed (Debian: apt-get install rsyslog rsyslog-kafka)");
        }
        boolean parsing = variant == PeerShip.Variant.PARSING;
        String name = parsing ? "rsyslog-json" : "rsyslog-raw";
        Path dir = Files.createDirectories(work.resolve("ship/" + name));
        Path state = Files.createDirectories(dir.resolve("state"));
        String topic = stack.topic("bench." + name);
        stack.createTopic(topic, 1);
        Path config = dir.resolve("rsyslog.conf");
        Files.writeString(config, config(stack.bootstrap(), topic, file, state, dir, parsing), StandardCharsets.UTF_8);
        // rsyslogd's own check of the file, which names a module it cannot load (omkafka is a package of its own);
        // a running rsyslogd without its output would only time out
        Commands.run(
                List.of(RSYSLOGD, "-N1", "-f", config.toString()),
                Duration.ofSeconds(30),
                dir.resolve("rsyslogd-check.log"));
        List<String> command = List.of(
                RSYSLOGD,
                "-n",
                "-f",
                config.toString(),
                "-i",
                dir.resolve("rsyslogd.pid").toString());
        PeerShip.Shipped shipped = PeerShip.run(
                "rsyslogd",
                command,
                Map.of(),
                stack,
                topic,
                lines,
                dir.resolve("rsyslogd.log"),
                "with " + config + " (imfile -> "
                        + (parsing ? "mmnormalize (" + dir.resolve("line.rb") + ") -> JSON template -> " : "")
                        + "omkafka, acks=all, lz4; from its start until the topic holds every line; CPU: utime+stime"
                        + " of rsyslogd over the run, RSS: its VmHWM)");
        if (parsing) {
            PeerRecords.check("rsyslogd", stack, topic, file, 2_000);
        }
        return shipped;
    }

    static String config(String bootstrap, String topic, Path file, Path state, Path dir, boolean parsing)
            throws IOException {
        String template;
        String parse;
        if (parsing) {
            Path rulebase = dir.resolve("line.rb");
            Files.writeString(rulebase, RULEBASE, StandardCharsets.UTF_8);
            StringBuilder t = new StringBuilder("template(name=\"out\" type=\"list\" option.jsonf=\"on\") {\n");
            for (String field : PeerRecords.FIELDS) {
                t.append("  property(outname=\"")
                        .append(field)
                        .append("\" name=\"$!")
                        .append(field)
                        .append("\" format=\"jsonf\")\n");
            }
            template = t.append("}").toString();
            parse = String.join(
                    "\n",
                    "  action(type=\"mmnormalize\" ruleBase=\"" + rulebase + "\")",
                    "  if $parsesuccess != \"OK\" then {",
                    "    set $!message = $msg;",
                    "  }",
                    "");
        } else {
            template = "template(name=\"out\" type=\"string\" string=\"%msg%\")";
            parse = "";
        }
        return String.join(
                "\n",
                "global(workDirectory=\"" + state + "\")",
                "module(load=\"imfile\")",
                parsing ? "module(load=\"mmnormalize\")" : "",
                "module(load=\"omkafka\")",
                template,
                "input(type=\"imfile\" file=\"" + file
                        + "\" tag=\"fsscorplug\" ruleset=\"ship\" freshStartTail=\"off\")",
                "ruleset(name=\"ship\") {",
                parse + "  action(type=\"omkafka\" broker=[\"" + bootstrap + "\"] topic=\"" + topic
                        + "\" template=\"out\"",
                "         confParam=[\"acks=all\", \"compression.codec=lz4\"])",
                "}",
                "");
    }
}
