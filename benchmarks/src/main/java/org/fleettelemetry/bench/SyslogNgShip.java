package org.fleettelemetry.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The same file shipped by syslog-ng: a {@code file()} source read from the start, a {@code kafka-c()} destination
 * (librdkafka) with {@code acks=all} and lz4, each line one record; timed and measured by {@link PeerShip}.
 *
 * <p>Debian's syslog-ng conflicts with its rsyslog (both are "the system logger"), which the other peer needs. So
 * syslog-ng is not installed: its two packages ({@code syslog-ng-core}, {@code syslog-ng-mod-rdkafka}) are fetched
 * with {@code apt-get download} into a folder of the bench's own and unpacked there with {@code dpkg-deb -x}, and
 * syslog-ng runs from that folder (its libraries through {@code LD_LIBRARY_PATH}, its modules through
 * {@code --module-path}, {@code --no-caps}, in the foreground, its persist, pid and control files in the run's
 * folder). The shared libraries it needs (glib, ivykis, json-c, libnet, pcre3, librdkafka, ...) are ordinary Debian
 * packages that can be installed beside rsyslog; bench/run checks them.
 *
 * <p>The log path has {@code flags(flow-control)}: without it a file source reads faster than Kafka takes the lines
 * and syslog-ng drops what overflows its destination queue, which a user shipping files to Kafka would not accept.
 * With flow control the source's window ({@code log-iw-size}, 100 messages by default) is how far it may read ahead
 * of the destination; at the default syslog-ng stops and waits every 100 lines, and spends about 2.5x the CPU per
 * line for half the rate (paired runs by hand on the 1M-line file: 8.0 vs 3.0 CPU µs/line). The source is given
 * the window syslog-ng's guide advises for a busy flow-controlled source ({@link #SOURCE_WINDOW}), so the peer is
 * measured as a user who tuned it would run it, not handicapped.
 * Two variants: raw lines ({@code $MESSAGE}), and parsing: {@code regexp-parser()} with named groups
 * ({@link PeerRecords#ENTRY}), then a {@code $(format-json ...)} template of the six fields; a line the pattern
 * does not match ships whole as the message (an {@code if/else} around the parser, as the parser alone would drop it).
 */
final class SyslogNgShip {
    static final List<String> PACKAGES = List.of("syslog-ng-core", "syslog-ng-mod-rdkafka");
    /** The file source's read-ahead window and the lines it reads per poll (defaults: 100 and 100). */
    static final String SOURCE_WINDOW = "log-iw-size(10000) log-fetch-limit(1000)";

    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+");

    private SyslogNgShip() {}

    /**
     * bench/run's check before the long part of a run: fetches and unpacks syslog-ng into the folder given (default
     * benchmarks/target/syslog-ng) if it is not there, and exits 2 naming what is missing (the shared libraries to
     * install) when it cannot run.
     */
    public static void main(String[] args) throws InterruptedException {
        Path cache = Path.of(args.length > 0 ? args[0] : "benchmarks/target/syslog-ng");
        try {
            Install install = unpack(cache.toAbsolutePath());
            System.out.println("syslog-ng " + install.version() + " unpacked in " + install.root());
        } catch (IOException e) {
            System.err.println("syslog-ng cannot run: " + e.getMessage());
            System.exit(2);
        }
    }

    /** An unpacked syslog-ng: its root folder and the module folder (named after its config version). */
    record Install(Path root, Path modules, String version) {
        Path binary() {
            return root.resolve("usr/sbin/syslog-ng");
        }

        Map<String, String> environment() {
            return Map.of("LD_LIBRARY_PATH", root.resolve("usr/lib/syslog-ng").toString());
        }
    }

    /**
     * syslog-ng unpacked under {@code cache/root}: fetched and unpacked the first time (apt-get download, dpkg-deb
     * -x), reused after; fails naming the missing shared libraries when the installed packages lack one.
     */
    static Install unpack(Path cache) throws IOException, InterruptedException {
        Path root = cache.resolve("root");
        if (!Files.isExecutable(root.resolve("usr/sbin/syslog-ng"))) {
            Path debs = Files.createDirectories(cache.resolve("debs"));
            List<String> download = new ArrayList<>(List.of("apt-get", "download"));
            download.addAll(PACKAGES);
            run(download, debs, cache.resolve("apt-get-download.log"));
            Path unpacking = cache.resolve("root.partial");
            deleteTree(unpacking);
            try (Stream<Path> files = Files.list(debs)) {
                for (Path deb : files.filter(f -> f.toString().endsWith(".deb")).toList()) {
                    run(
                            List.of("dpkg-deb", "-x", deb.toString(), unpacking.toString()),
                            debs,
                            cache.resolve("dpkg-deb.log"));
                }
            }
            deleteTree(root);
            Files.move(unpacking, root);
        }
        Path lib = root.resolve("usr/lib/syslog-ng");
        Path modules;
        try (Stream<Path> dirs = Files.list(lib)) {
            modules = dirs.filter(
                            d -> VERSION.matcher(d.getFileName().toString()).matches())
                    .filter(d -> Files.exists(d.resolve("libkafka.so")))
                    .findFirst()
                    .orElseThrow(() -> new IOException("no module folder with libkafka.so under " + lib + " (are "
                            + PACKAGES + " unpacked there?)"));
        }
        Install install = new Install(root, modules, modules.getFileName().toString());
        missingLibraries(install);
        return install;
    }

    /** ldd on the binary and the Kafka module: a library not found is named with how to get it. */
    private static void missingLibraries(Install install) throws IOException, InterruptedException {
        List<String> missing = new ArrayList<>();
        for (Path binary : List.of(install.binary(), install.modules().resolve("libkafka.so"))) {
            ProcessBuilder ldd = new ProcessBuilder("ldd", binary.toString()).redirectErrorStream(true);
            ldd.environment().putAll(install.environment());
            Process p = ldd.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            out.lines().filter(l -> l.contains("not found")).map(String::strip).forEach(missing::add);
        }
        if (!missing.isEmpty()) {
            throw new IOException("syslog-ng (unpacked in " + install.root() + ") lacks shared libraries " + missing
                    + ": install the libraries of `dpkg-deb -f syslog-ng-core*.deb Depends` (bench/run names them)");
        }
    }

    /** Ships {@code file} ({@code lines} lines) to a fresh topic of one partition. */
    static PeerShip.Shipped ship(
            BenchStack stack, Path file, long lines, Path work, Path cache, PeerShip.Variant variant)
            throws IOException, InterruptedException {
        Install install = unpack(cache);
        boolean parsing = variant == PeerShip.Variant.PARSING;
        String name = parsing ? "syslog-ng-json" : "syslog-ng-raw";
        Path dir = Files.createDirectories(work.resolve("ship/" + name));
        String topic = stack.topic("bench." + name);
        stack.createTopic(topic, 1);
        Path config = dir.resolve("syslog-ng.conf");
        Files.writeString(
                config, config(install.version(), stack.bootstrap(), topic, file, parsing), StandardCharsets.UTF_8);
        List<String> common = List.of(
                "--module-path=" + install.modules(),
                "--no-caps",
                "--cfgfile=" + config,
                "--persist-file=" + dir.resolve("syslog-ng.persist"),
                "--pidfile=" + dir.resolve("syslog-ng.pid"),
                "--control=" + dir.resolve("syslog-ng.ctl"));
        // its own check of the file first, which names what it cannot parse or load
        List<String> check = new ArrayList<>(List.of(install.binary().toString(), "--syntax-only"));
        check.addAll(common);
        run(check, dir, install.environment(), dir.resolve("syslog-ng-check.log"));
        List<String> command = new ArrayList<>(List.of(install.binary().toString(), "-F", "-e"));
        command.addAll(common);
        PeerShip.Shipped shipped = PeerShip.run(
                "syslog-ng",
                command,
                install.environment(),
                stack,
                topic,
                lines,
                dir.resolve("syslog-ng.log"),
                "with " + config + " (syslog-ng " + install.version() + " unpacked from Debian's " + PACKAGES
                        + ", not installed: it conflicts with rsyslog; file() -> "
                        + (parsing ? "regexp-parser() -> format-json -> " : "")
                        + "kafka-c(), acks=all, lz4, flow-control, " + SOURCE_WINDOW
                        + "; from its start until the topic holds every line;"
                        + " CPU: utime+stime of syslog-ng over the run, RSS: its VmHWM)");
        if (parsing) {
            PeerRecords.check("syslog-ng", stack, topic, file, 2_000);
        }
        return shipped;
    }

    static String config(String version, String bootstrap, String topic, Path file, boolean parsing) {
        String message = parsing
                ? "$(format-json"
                        + PeerRecords.FIELDS.stream()
                                .map(f -> " " + f + "=${.line." + f + "}")
                                .reduce("", String::concat)
                        + ")"
                : "$MESSAGE";
        List<String> conf = new ArrayList<>(List.of(
                "@version: " + version,
                "options { stats-freq(0); };",
                "source s_file { file(\"" + file + "\" flags(no-parse) follow-freq(1) " + SOURCE_WINDOW + "); };",
                "destination d_kafka {",
                "  kafka-c(",
                "    bootstrap-servers(\"" + bootstrap + "\")",
                "    topic(\"" + topic + "\")",
                "    config(\"acks\" => \"all\", \"compression.codec\" => \"lz4\")",
                "    message(\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\")",
                "  );",
                "};"));
        if (parsing) {
            conf.addAll(List.of(
                    "parser p_line {",
                    "  regexp-parser(prefix(\".line.\") patterns(\""
                            + PeerRecords.ENTRY.replace("\\", "\\\\").replace("\"", "\\\"") + "\"));",
                    "};",
                    "log {",
                    "  source(s_file);",
                    "  if { parser(p_line); } else { rewrite { set(\"${MESSAGE}\" value(\".line.message\")); }; };",
                    "  destination(d_kafka);",
                    "  flags(flow-control);",
                    "};"));
        } else {
            conf.addAll(List.of("log { source(s_file); destination(d_kafka); flags(flow-control); };"));
        }
        conf.add("");
        return String.join("\n", conf);
    }

    private static Commands.Outcome run(List<String> command, Path dir, Path log)
            throws IOException, InterruptedException {
        return run(command, dir, Map.of(), log);
    }

    private static Commands.Outcome run(List<String> command, Path dir, Map<String, String> env, Path log)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        long start = System.nanoTime();
        Process p = builder.start();
        if (!p.waitFor(Duration.ofMinutes(5).toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out after 5 min: " + Commands.shell(command) + ", see " + log);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException("exit code " + p.exitValue() + " from " + Commands.shell(command) + ":\n"
                    + output.substring(Math.max(0, output.length() - 3000)));
        }
        return new Commands.Outcome(p.exitValue(), (System.nanoTime() - start) / 1e9, output);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
