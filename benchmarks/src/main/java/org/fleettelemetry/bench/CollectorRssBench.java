package org.fleettelemetry.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector's footprint as it runs on an endpoint: the runnable jar in a child JVM with the
 * documented flags ({@code collector/src/main/dist/jvm.options}, and {@code MALLOC_ARENA_MAX=2} as that
 * file asks, unless this harness's environment sets it) tails a file that this harness appends to at a steady rate; VmRSS is sampled every second. Then no
 * writes for a while: RSS at the end, and CPU% over that idle interval from utime+stime.
 */
public final class CollectorRssBench {
    private static final Logger log = LoggerFactory.getLogger(CollectorRssBench.class);

    private final BenchStack stack;
    private final Path work;
    private final Path collectorJar;
    private final List<String> jvmOptions;
    private final Map<String, String> settings;
    private final int linesPerSecond;
    private final Duration writing;
    private final Duration idle;

    public CollectorRssBench(
            BenchStack stack,
            Path work,
            Path collectorJar,
            List<String> jvmOptions,
            Map<String, String> settings,
            int linesPerSecond,
            Duration writing,
            Duration idle) {
        this.stack = stack;
        this.work = work;
        this.collectorJar = collectorJar;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.settings = Map.copyOf(settings);
        this.linesPerSecond = linesPerSecond;
        this.writing = writing;
        this.idle = idle;
    }

    public List<Figure> run() throws IOException, InterruptedException {
        Path dir = Files.createDirectories(work.resolve("rss"));
        Path logFile = dir.resolve("fsscorplug.log");
        Files.writeString(logFile, "");
        String events = stack.topic("bench.rss-events");
        String heartbeats = stack.topic("bench.rss-heartbeats");
        stack.createTopic(events, 1);
        stack.createTopic(heartbeats, 1);
        Path config = dir.resolve("collector.properties");
        Properties p = new Properties();
        p.setProperty("endpoint.id", "bench-rss-pc");
        p.setProperty("site", "hel");
        p.setProperty("proxy", "DIRECT");
        // never the internet from a benchmark: --collector-set probe.enabled=true with local targets measures it
        p.setProperty("probe.enabled", "false");
        p.setProperty("logs", logFile.toString());
        p.setProperty("state.dir", dir.resolve("state").toString());
        p.setProperty("start.position", "BEGINNING");
        p.setProperty("kafka.bootstrap.servers", stack.bootstrap());
        p.setProperty("schema.registry.url", stack.registry().ccompat());
        p.setProperty("topic.events", events);
        p.setProperty("topic.heartbeats", heartbeats);
        settings.forEach(p::setProperty);
        try (var out = Files.newBufferedWriter(config)) {
            p.store(out, "collector for the RSS measure");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Machine.javaExecutable());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", collectorJar.toAbsolutePath().toString(), "run", "--config", config.toString()));
        ProcessBuilder builder = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("collector.out").toFile());
        // glibc's per-thread malloc arenas (64 MiB reservations, touched in part) cost RSS for nothing here
        builder.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
        String command =
                "MALLOC_ARENA_MAX=" + builder.environment().get("MALLOC_ARENA_MAX") + " " + Commands.shell(cmd);
        Process collector = builder.start();
        long pid = collector.pid();
        List<Figure> figures = new ArrayList<>();
        try {
            awaitFirstHeartbeat(collector, heartbeats);
            String load = Machine.loadAverage();
            long maxRss = appendSteadily(logFile, pid);
            long endRss = ProcStat.rssKib(pid);
            figures.add(new Figure(
                    "collector RSS, max while tailing " + linesPerSecond + " lines/s for " + writing.toSeconds() + " s",
                    maxRss / 1024.0,
                    "MiB",
                    "<= 96",
                    load,
                    command));
            figures.add(new Figure(
                    "collector RSS at the end of the writes", endRss / 1024.0, "MiB", "<= 96", load, command));

            load = Machine.loadAverage();
            long hz = ProcStat.ticksPerSecond();
            long ticks0 = ProcStat.cpuTicks(pid);
            long t0 = System.nanoTime();
            Thread.sleep(idle.toMillis());
            long ticks1 = ProcStat.cpuTicks(pid);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long idleRss = ProcStat.rssKib(pid);
            figures.add(new Figure(
                    "collector RSS after " + idle.toSeconds() + " s idle",
                    idleRss / 1024.0,
                    "MiB",
                    "<= 96",
                    load,
                    command));
            figures.add(new Figure(
                    "collector CPU while idle (" + idle.toSeconds() + " s, utime+stime)",
                    100.0 * (ticks1 - ticks0) / hz / seconds,
                    "% of one core",
                    "",
                    load,
                    command));
            log.info("collector shipped {} events while tailing", stack.endOffsetSum(events));
        } finally {
            collector.destroy();
            if (!collector.waitFor(40, TimeUnit.SECONDS)) {
                collector.destroyForcibly();
            }
        }
        return figures;
    }

    private void awaitFirstHeartbeat(Process collector, String heartbeats) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (stack.endOffsetSum(heartbeats) == 0) {
            if (!collector.isAlive() || System.nanoTime() > deadline) {
                throw new IOException(
                        "the collector did not start (no heartbeat), see " + work.resolve("rss/collector.out"));
            }
            Thread.sleep(200);
        }
    }

    /** Appends at the rate (in 10 ms slices, catching up when late); returns the largest RSS seen, in KiB. */
    private long appendSteadily(Path file, long pid) throws IOException, InterruptedException {
        LogLineGenerator lines = new LogLineGenerator(5L, LocalDateTime.now());
        long maxRss = 0;
        long written = 0;
        long start = System.nanoTime();
        long end = start + writing.toNanos();
        long nextSample = start;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
            for (long now = start; now < end; now = System.nanoTime()) {
                long due = (now - start) * linesPerSecond / 1_000_000_000L;
                for (; written < due; written++) {
                    out.write(lines.next());
                    out.write('\n');
                }
                out.flush();
                if (now >= nextSample) {
                    maxRss = Math.max(maxRss, ProcStat.rssKib(pid));
                    nextSample += 1_000_000_000L;
                }
                Thread.sleep(10);
            }
        }
        log.info("appended {} lines in {} s", written, writing.toSeconds());
        return Math.max(maxRss, ProcStat.rssKib(pid));
    }
}
