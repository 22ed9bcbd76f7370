package org.fleettelemetry.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collector end to end: one log file of N realistic lines shipped by the real collector (a CollectorRuntime
 * in a JVM of its own with the collector's documented flags, {@link CollectorShipChild}; start.position=
 * BEGINNING, acks=all) until it is caught up (every line read, every event acknowledged, offsets
 * committed), timed from the runtime's start, so without the JVM's own start-up; the same collector with
 * Kafka's part taken out ({@link EncodeOnlyProducer}), which bounds what any producer could give it; the
 * same file shipped raw by kcat (wall time of the process); by two log shippers that tail a file, rsyslogd
 * ({@link RsyslogShip}) and syslog-ng ({@link SyslogNgShip}), each raw and parsing the line into JSON, with their
 * CPU per line and peak RSS ({@link PeerShip}); Kafka's ProducerPerformance with records of the file's average line
 * size. Prints lines/s, MiB/s, CPU per line, RSS and the ratios with issue #19's targets: the collector's lines/s
 * at least 1.0x each peer's raw and 1.5x each peer's parsing variant, its CPU per line (whole JVM) at most 1.0x each
 * peer's raw.
 */
public final class CollectorShipBench {
    private static final Logger log = LoggerFactory.getLogger(CollectorShipBench.class);
    private static final double MIB = 1024.0 * 1024.0;
    private static final Pattern SHIPPED =
            Pattern.compile("shipped seconds=([0-9.]+) thread-cpu-ns=([0-9]+) process-cpu-ns=([0-9]+)"
                    + "(?: peak-rss-kib=(-?[0-9]+))?");

    private final BenchStack stack;
    private final Path work;
    private final long lines;
    private final Path collectorJar;
    private final Map<String, String> settings;
    private final List<String> jvmOptions;
    private final Path syslogNgCache;

    /**
     * @param settings collector settings over the bench's own (e.g. a producer setting being compared)
     * @param jvmOptions the collector's JVM flags (its documented jvm.options)
     * @param syslogNgCache where syslog-ng's packages are downloaded and unpacked ({@link SyslogNgShip#unpack})
     */
    public CollectorShipBench(
            BenchStack stack,
            Path work,
            long lines,
            Path collectorJar,
            Map<String, String> settings,
            List<String> jvmOptions,
            Path syslogNgCache) {
        this.stack = stack;
        this.work = work;
        this.lines = lines;
        this.collectorJar = collectorJar;
        this.settings = Map.copyOf(settings);
        this.jvmOptions = List.copyOf(jvmOptions);
        this.syslogNgCache = syslogNgCache;
    }

    public List<Figure> run(String harnessCommand) throws IOException, InterruptedException {
        Path logs = Files.createDirectories(work.resolve("ship/logs"));
        Path file = logs.resolve("fsscorplug.log");
        long bytes = new LogLineGenerator(42L, LocalDateTime.of(2021, 11, 12, 0, 0)).write(file, lines);
        int lineSize = (int) Math.round((double) bytes / lines - 1);
        log.info("wrote {} lines, {} bytes ({} B/line without the newline) to {}", lines, bytes, lineSize, file);

        Path childJar = ChildJar.write(work.resolve("ship/child.jar"));
        List<Figure> figures = new ArrayList<>();
        String load = Machine.loadAverage();
        Shipped shipped = shipWithCollector(file, childJar, false);
        String ours = "collector (CollectorRuntime in a JVM of its own, from its start to all acknowledged; acks=all, "
                + "idle.flush=100ms" + (settings.isEmpty() ? "" : ", " + settings) + "): " + shipped.command();
        double seconds = shipped.seconds();
        double cpuSeconds = shipped.processCpuNanos() / 1e9;
        double oursRate = lines / seconds;
        figures.add(new Figure(
                "collector end to end, " + lines + " lines of " + lineSize + " B",
                oursRate,
                "lines/s",
                "",
                load,
                ours));
        figures.add(new Figure("collector end to end", bytes / MIB / seconds, "MiB/s", "", load, ours));
        // on a busy machine the wall-clock rate says more about the neighbours than about the collector
        figures.add(new Figure(
                "collector CPU cost (its whole JVM while shipping)",
                cpuSeconds * 1e6 / lines,
                "CPU us/line",
                "",
                load,
                ours));
        // without the JIT compiler and GC threads, which a short run pays for mostly at its start
        figures.add(new Figure(
                "collector CPU cost (its own threads: " + CollectorShipChild.COLLECTOR_THREADS + ")",
                shipped.threadCpuNanos() / 1e3 / lines,
                "CPU us/line",
                "",
                load,
                ours));
        if (shipped.peakRssKib() > 0) {
            figures.add(new Figure(
                    "collector peak RSS while shipping (VmHWM)", shipped.peakRssKib() / 1024.0, "MiB", "", load, ours));
        }
        double oursCpu = cpuSeconds * 1e6 / lines;

        // the same collector with Kafka's part taken out: the most any producer could give it
        load = Machine.loadAverage();
        Shipped encoded = shipWithCollector(file, childJar, true);
        String encodeOnly =
                "the same collector and flags on a producer that Avro-encodes each event (real registry) and "
                        + "acknowledges it at once, nothing sent: " + encoded.command();
        double encodeOnlyRate = lines / encoded.seconds();
        figures.add(new Figure(
                "collector without Kafka (tail, parse, encode, acknowledge at once)",
                encodeOnlyRate,
                "lines/s",
                "",
                load,
                encodeOnly));
        figures.add(new Figure(
                "collector without Kafka, CPU cost (its own threads)",
                encoded.threadCpuNanos() / 1e3 / lines,
                "CPU us/line",
                "",
                load,
                encodeOnly));

        String topic = stack.topic("bench.kcat-raw");
        stack.createTopic(topic, 1);
        List<String> kcat = List.of("kcat", "-P", "-b", stack.bootstrap(), "-t", topic, "-l", file.toString());
        load = Machine.loadAverage();
        Commands.Outcome out = Commands.run(kcat, Duration.ofMinutes(10), work.resolve("ship/kcat.log"));
        long kcatShipped = stack.endOffsetSum(topic);
        if (kcatShipped != lines) {
            throw new IOException("kcat shipped " + kcatShipped + " records, expected " + lines);
        }
        double kcatRate = lines / out.seconds();
        figures.add(new Figure(
                "kcat -P raw lines, same file",
                kcatRate,
                "lines/s",
                "",
                load,
                Commands.shell(kcat) + "  (wall time of the process)"));

        // peers that also tail a file and keep their place; a peer's absence or failure fails its rows only
        PeerShip.Shipped rsyslogRaw = peer(
                figures,
                "rsyslogd imfile + omkafka raw lines, same file",
                "rsyslogd raw",
                () -> RsyslogShip.ship(stack, file, lines, work, PeerShip.Variant.RAW));
        PeerShip.Shipped rsyslogParsing = peer(
                figures,
                "rsyslogd imfile + mmnormalize + omkafka, JSON, same file",
                "rsyslogd parsing",
                () -> RsyslogShip.ship(stack, file, lines, work, PeerShip.Variant.PARSING));
        PeerShip.Shipped syslogNgRaw = peer(
                figures,
                "syslog-ng file() + kafka-c() raw lines, same file",
                "syslog-ng raw",
                () -> SyslogNgShip.ship(stack, file, lines, work, syslogNgCache, PeerShip.Variant.RAW));
        PeerShip.Shipped syslogNgParsing = peer(
                figures,
                "syslog-ng file() + regexp-parser() + kafka-c(), JSON, same file",
                "syslog-ng parsing",
                () -> SyslogNgShip.ship(stack, file, lines, work, syslogNgCache, PeerShip.Variant.PARSING));

        String perfTopic = stack.topic("bench.perf-raw");
        stack.createTopic(perfTopic, 1);
        load = Machine.loadAverage();
        KafkaTools.Rate perf = KafkaTools.producerPerformance(
                stack, perfTopic, lines, lineSize, work.resolve("ship/producer-performance.log"));
        figures.add(new Figure(
                "ProducerPerformance, " + lineSize + " B records",
                perf.perSecond(),
                "rec/s",
                "",
                load,
                perf.command()));
        figures.add(Figure.of("ratio collector / kcat", oursRate / kcatRate, "", ">= 1.0", "lines/s over lines/s"));
        figures.add(Figure.of(
                "ratio collector without Kafka / kcat",
                encodeOnlyRate / kcatRate,
                "",
                "",
                "lines/s over lines/s: below 1, no producer can bring the collector to kcat"));
        figures.add(Figure.of(
                "ratio collector / ProducerPerformance", oursRate / perf.perSecond(), "", "", "lines/s over rec/s"));
        ratios(figures, "rsyslogd", oursRate, oursCpu, rsyslogRaw, rsyslogParsing);
        ratios(figures, "syslog-ng", oursRate, oursCpu, syslogNgRaw, syslogNgParsing);
        return figures;
    }

    private interface PeerRun {
        PeerShip.Shipped ship() throws IOException, InterruptedException;
    }

    /** A peer's rate, CPU per line and peak RSS as rows; a failed run is one failed row, and null. */
    private static PeerShip.Shipped peer(List<Figure> figures, String measure, String name, PeerRun run)
            throws InterruptedException {
        String load = Machine.loadAverage();
        try {
            PeerShip.Shipped s = run.ship();
            figures.add(new Figure(measure, s.linesPerSecond(), "lines/s", "", load, s.command()));
            figures.add(new Figure(
                    name + ", CPU cost (its process, utime+stime)",
                    s.cpuMicrosPerLine(),
                    "CPU us/line",
                    "",
                    load,
                    s.command()));
            figures.add(new Figure(
                    name + ", of it librdkafka's threads (rdk:*)",
                    s.kafkaCpuMicrosPerLine(),
                    "CPU us/line",
                    "",
                    load,
                    s.command()));
            figures.add(new Figure(name + ", peak RSS (VmHWM)", s.peakRssMib(), "MiB", "", load, s.command()));
            return s;
        } catch (IOException e) {
            log.error("{} failed", measure, e);
            figures.add(Figure.failed(measure, e));
            return null;
        }
    }

    /** Issue #19's ratios against one peer: lines/s against its raw (>= 1.0) and parsing (>= 1.5), CPU/line. */
    private static void ratios(
            List<Figure> figures,
            String peer,
            double oursRate,
            double oursCpu,
            PeerShip.Shipped raw,
            PeerShip.Shipped parsing) {
        if (raw != null) {
            figures.add(Figure.of(
                    "ratio collector / " + peer,
                    oursRate / raw.linesPerSecond(),
                    "",
                    ">= 1.0",
                    "lines/s over lines/s"));
        }
        if (parsing != null) {
            figures.add(Figure.of(
                    "ratio collector / " + peer + " parsing",
                    oursRate / parsing.linesPerSecond(),
                    "",
                    ">= 1.5",
                    "lines/s over lines/s"));
        }
        String cpu = "CPU us/line over CPU us/line (the collector's whole JVM, the peer's process)";
        if (raw != null) {
            figures.add(Figure.of(
                    "CPU ratio collector / " + peer + " raw", oursCpu / raw.cpuMicrosPerLine(), "", "<= 1.0", cpu));
        }
        if (parsing != null) {
            figures.add(Figure.of(
                    "CPU ratio collector / " + peer + " parsing", oursCpu / parsing.cpuMicrosPerLine(), "", "", cpu));
        }
    }

    private record Shipped(
            double seconds, long threadCpuNanos, long processCpuNanos, long peakRssKib, String command) {}

    private Shipped shipWithCollector(Path file, Path childJar, boolean noKafka)
            throws IOException, InterruptedException {
        String run = noKafka ? "ship/no-kafka" : "ship";
        Files.createDirectories(work.resolve(run));
        String events = stack.topic("bench.collector-events");
        String heartbeats = stack.topic("bench.collector-heartbeats");
        if (!noKafka) {
            stack.createTopic(events, 1);
            stack.createTopic(heartbeats, 1);
        }
        Properties c = new Properties();
        c.setProperty("endpoint.id", "bench-pc-0001");
        c.setProperty("site", "hel");
        c.setProperty("proxy", "proxy.hel.example:3128");
        // that proxy does not exist: the probe would only add PROXY_DNS events to what is measured
        c.setProperty("probe.enabled", "false");
        c.setProperty("zone", "Europe/Helsinki");
        c.setProperty("logs", file.toString());
        c.setProperty("state.dir", work.resolve(run + "/state").toString());
        c.setProperty("start.position", "BEGINNING");
        c.setProperty("kafka.bootstrap.servers", stack.bootstrap());
        c.setProperty("schema.registry.url", stack.registry().ccompat());
        c.setProperty("topic.events", events);
        c.setProperty("topic.heartbeats", heartbeats);
        c.setProperty("kafka.producer.acks", "all");
        // the last entry waits for idle.flush before it is emitted: keep that wait out of the rate
        c.setProperty("idle.flush", "100ms");
        c.setProperty("metrics.log.interval", "0s");
        settings.forEach(c::setProperty);
        Path config = work.resolve(run + "/collector.properties");
        try (var out = Files.newBufferedWriter(config)) {
            c.store(out, "collector for the ship measure");
        }

        List<String> cmd = new ArrayList<>();
        cmd.add(Machine.javaExecutable());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of(
                "-cp",
                collectorJar + File.pathSeparator + childJar,
                CollectorShipChild.class.getName(),
                config.toString(),
                Long.toString(lines)));
        if (noKafka) {
            cmd.add(CollectorShipChild.NO_KAFKA);
        }
        Path output = work.resolve(run + "/collector.log");
        Commands.Outcome out = Commands.run(cmd, Duration.ofMinutes(16), output);
        Matcher m = SHIPPED.matcher(out.output());
        if (!m.find()) {
            throw new IOException("the collector's JVM did not report its figures, see " + output);
        }
        double seconds = Double.parseDouble(m.group(1));
        if (noKafka) {
            log.info("collector without Kafka caught up in {} s", String.format("%.2f", seconds));
        } else {
            log.info(
                    "collector caught up in {} s; {} events in {}",
                    String.format("%.2f", seconds),
                    stack.endOffsetSum(events),
                    events);
        }
        return new Shipped(
                seconds,
                Long.parseLong(m.group(2)),
                Long.parseLong(m.group(3)),
                m.group(4) == null ? -1 : Long.parseLong(m.group(4)),
                Commands.shell(cmd));
    }
}
