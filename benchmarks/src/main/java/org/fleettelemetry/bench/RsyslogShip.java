package org.fleettelemetry.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The same file shipped by a log shipper that, like the collector, tails a file and keeps its place:
 * Debian's rsyslogd with its imfile input and omkafka output (librdkafka, package {@code rsyslog-kafka}),
 * each line one record, raw (no parse), {@code acks=all} and lz4 as the collector's producer. Timed from
 * the process's start until the topic holds every line (the end offsets, polled every 20 ms), so the time
 * includes rsyslogd's own start-up, a few milliseconds. rsyslogd queues in memory between input and output,
 * so unlike the collector it may lose what it read but did not send when it is killed: a peer for the rate,
 * not for the guarantees.
 */
final class RsyslogShip {
    static final String RSYSLOGD = "/usr/sbin/rsyslogd";
    private static final long POLL_MILLIS = 20;
    private static final long TIMEOUT_NANOS = TimeUnit.MINUTES.toNanos(10);

    private RsyslogShip() {}

    /** Ships {@code file} ({@code lines} lines) to a fresh topic; returns the rate in lines/s and the command. */
    static Shipped ship(BenchStack stack, Path file, long lines, Path work) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(RSYSLOGD))) {
            throw new IOException(RSYSLOGD + " is not installed (Debian: apt-get install rsyslog rsyslog-kafka)");
        }
        Path dir = Files.createDirectories(work.resolve("ship/rsyslog"));
        Path state = Files.createDirectories(dir.resolve("state"));
        String topic = stack.topic("bench.rsyslog-raw");
        stack.createTopic(topic, 1);
        Path config = dir.resolve("rsyslog.conf");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "global(workDirectory=\"" + state + "\")",
                        "module(load=\"imfile\")",
                        "module(load=\"omkafka\")",
                        "template(name=\"raw\" type=\"string\" string=\"%msg%\")",
                        "input(type=\"imfile\" file=\"" + file
                                + "\" tag=\"fsscorplug\" ruleset=\"ship\" freshStartTail=\"off\")",
                        "ruleset(name=\"ship\") {",
                        "  action(type=\"omkafka\" broker=[\"" + stack.bootstrap() + "\"] topic=\"" + topic
                                + "\" template=\"raw\"",
                        "         confParam=[\"acks=all\", \"compression.codec=lz4\"])",
                        "}",
                        ""),
                StandardCharsets.UTF_8);
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
        Path log = dir.resolve("rsyslogd.log");
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            while (true) {
                long shipped = stack.endOffsetSum(topic);
                if (shipped >= lines) {
                    if (shipped != lines) {
                        throw new IOException("rsyslogd shipped " + shipped + " records, expected " + lines);
                    }
                    return new Shipped(
                            lines / ((System.nanoTime() - start) / 1e9),
                            Commands.shell(command)
                                    + " with " + config
                                    + " (imfile -> omkafka, acks=all, lz4; from its start until the topic "
                                    + "holds every line)");
                }
                if (!process.isAlive()) {
                    throw new IOException("rsyslogd exited (" + process.exitValue() + ") after shipping " + shipped
                            + " of " + lines + " lines, see " + log + ":\n" + Files.readString(log));
                }
                if (System.nanoTime() - start > TIMEOUT_NANOS) {
                    throw new IOException(
                            "rsyslogd shipped " + shipped + " of " + lines + " lines in 10 minutes, see " + log);
                }
                Thread.sleep(POLL_MILLIS);
            }
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    record Shipped(double linesPerSecond, String command) {}
}
