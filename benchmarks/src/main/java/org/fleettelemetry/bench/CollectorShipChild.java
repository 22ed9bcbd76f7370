package org.fleettelemetry.bench;

import java.io.IOException;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.fleettelemetry.collector.CollectorRuntime;
import org.fleettelemetry.collector.EndpointCollector;
import org.fleettelemetry.collector.config.CollectorConfig;

/**
 * The collector for {@link CollectorShipBench}, in a JVM of its own started with the collector's documented
 * flags (jvm.options), so the rate is the deployed collector's and the harness's own JIT and heap stay out of
 * it: starts a CollectorRuntime on the config, waits until every line is read and acknowledged, and prints
 * {@code shipped seconds=S thread-cpu-ns=T process-cpu-ns=P} (the clocks start when the runtime starts).
 * Arguments: the config (properties), the number of lines in the file.
 */
public final class CollectorShipChild {
    static final String COLLECTOR_THREADS = "log-tailer, kafka-producer-network-thread, spool-replayer, collector-scheduler";

    private CollectorShipChild() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "bench-logback.xml");
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(args[0]))) {
            p.load(in);
        }
        Map<String, String> settings = new HashMap<>();
        p.stringPropertyNames().forEach(k -> settings.put(k, p.getProperty(k)));
        long lines = Long.parseLong(args[1]);
        CollectorConfig config = CollectorConfig.from(settings);

        long cpu0 = Machine.processCpuNanos();
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
            long threadCpu = collectorThreadsCpuNanos();
            long processCpu = Machine.processCpuNanos() - cpu0;
            System.out.println("caught up: " + collector.describe());
            System.out.printf("shipped seconds=%.6f thread-cpu-ns=%d process-cpu-ns=%d%n", seconds, threadCpu, processCpu);
        }
    }

    /** CPU time of the collector's threads so far (they all start with the runtime). */
    private static long collectorThreadsCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && (info.getThreadName().equals("log-tailer")
                    || info.getThreadName().startsWith("kafka-producer-network-thread")
                    || info.getThreadName().equals("spool-replayer")
                    || info.getThreadName().equals("collector-scheduler"))) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }
}
