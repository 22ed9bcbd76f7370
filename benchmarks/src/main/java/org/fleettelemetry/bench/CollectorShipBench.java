package org.fleettelemetry.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fleettelemetry.collector.CollectorRuntime;
import org.fleettelemetry.collector.EndpointCollector;
import org.fleettelemetry.collector.config.CollectorConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collector end to end: one log file of N realistic lines shipped by the real collector (in-process
 * CollectorRuntime, start.position=BEGINNING, acks=all) until it is caught up (every line read, every
 * event acknowledged, offsets committed); the same file shipped raw by kcat; Kafka's ProducerPerformance
 * with records of the file's average line size. Prints lines/s, MiB/s and the ratios.
 */
public final class CollectorShipBench {
    private static final Logger log = LoggerFactory.getLogger(CollectorShipBench.class);
    private static final double MIB = 1024.0 * 1024.0;

    private final BenchStack stack;
    private final Path work;
    private final long lines;

    public CollectorShipBench(BenchStack stack, Path work, long lines) {
        this.stack = stack;
        this.work = work;
        this.lines = lines;
    }

    public List<Figure> run(String harnessCommand) throws IOException, InterruptedException {
        Path logs = Files.createDirectories(work.resolve("ship/logs"));
        Path file = logs.resolve("fsscorplug.log");
        long bytes = new LogLineGenerator(42L, LocalDateTime.of(2021, 11, 12, 0, 0)).write(file, lines);
        int lineSize = (int) Math.round((double) bytes / lines - 1);
        log.info("wrote {} lines, {} bytes ({} B/line without the newline) to {}", lines, bytes, lineSize, file);

        List<Figure> figures = new ArrayList<>();
        String ours = "collector (in-process CollectorRuntime, acks=all, zstd, idle.flush=100ms): " + harnessCommand;
        String load = Machine.loadAverage();
        long cpu0 = Machine.processCpuNanos();
        double seconds = shipWithCollector(file);
        double cpuSeconds = (Machine.processCpuNanos() - cpu0) / 1e9;
        double oursRate = lines / seconds;
        figures.add(new Figure("collector end to end, " + lines + " lines of " + lineSize + " B", oursRate, "lines/s",
                "", load, ours));
        figures.add(new Figure("collector end to end", bytes / MIB / seconds, "MiB/s", "", load, ours));
        // on a busy machine the wall-clock rate says more about the neighbours than about the collector
        figures.add(new Figure("collector CPU cost (whole harness JVM while shipping)", cpuSeconds * 1e6 / lines,
                "CPU us/line", "", load, ours));

        String topic = stack.topic("bench.kcat-raw");
        stack.createTopic(topic, 1);
        List<String> kcat = List.of("kcat", "-P", "-b", stack.bootstrap(), "-t", topic, "-l", file.toString());
        load = Machine.loadAverage();
        Commands.Outcome out = Commands.run(kcat, Duration.ofMinutes(10), work.resolve("ship/kcat.log"));
        long shipped = stack.endOffsetSum(topic);
        if (shipped != lines) {
            throw new IOException("kcat shipped " + shipped + " records, expected " + lines);
        }
        double kcatRate = lines / out.seconds();
        figures.add(new Figure("kcat -P raw lines, same file", kcatRate, "lines/s", "", load,
                Commands.shell(kcat) + "  (wall time of the process)"));

        String perfTopic = stack.topic("bench.perf-raw");
        stack.createTopic(perfTopic, 1);
        load = Machine.loadAverage();
        KafkaTools.Rate perf = KafkaTools.producerPerformance(stack, perfTopic, lines, lineSize,
                work.resolve("ship/producer-performance.log"));
        figures.add(new Figure("ProducerPerformance, " + lineSize + " B records", perf.perSecond(), "rec/s", "", load,
                perf.command()));
        figures.add(Figure.of("ratio collector / kcat", oursRate / kcatRate, "", "", "lines/s over lines/s"));
        figures.add(Figure.of("ratio collector / ProducerPerformance", oursRate / perf.perSecond(), "", "",
                "lines/s over rec/s"));
        return figures;
    }

    private double shipWithCollector(Path file) throws IOException, InterruptedException {
        String events = stack.topic("bench.collector-events");
        String heartbeats = stack.topic("bench.collector-heartbeats");
        stack.createTopic(events, 1);
        stack.createTopic(heartbeats, 1);
        Map<String, String> c = new HashMap<>();
        c.put("endpoint.id", "bench-pc-0001");
        c.put("site", "hel");
        c.put("proxy", "proxy.hel.example:3128");
        c.put("zone", "Europe/Helsinki");
        c.put("logs", file.toString());
        c.put("state.dir", work.resolve("ship/state").toString());
        c.put("start.position", "BEGINNING");
        c.put("kafka.bootstrap.servers", stack.bootstrap());
        c.put("schema.registry.url", stack.registry().ccompat());
        c.put("topic.events", events);
        c.put("topic.heartbeats", heartbeats);
        c.put("kafka.producer.acks", "all");
        // the last entry waits for idle.flush before it is emitted: keep that wait out of the rate
        c.put("idle.flush", "100ms");
        c.put("metrics.log.interval", "0s");
        CollectorConfig config = CollectorConfig.from(c);

        long start = System.nanoTime();
        long deadline = start + Duration.ofMinutes(15).toNanos();
        try (CollectorRuntime runtime = CollectorRuntime.start(List.of(config), 0)) {
            EndpointCollector collector = runtime.collectors().get(0);
            while (!(collector.tailer().linesRead() >= lines && runtime.isCaughtUp())) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("the collector did not catch up within 15 min: " + collector.describe());
                }
                Thread.sleep(10);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            log.info("collector caught up in {} s: {}; {} events in {}", String.format("%.2f", seconds),
                    collector.describe(), stack.endOffsetSum(events), events);
            return seconds;
        }
    }
}
