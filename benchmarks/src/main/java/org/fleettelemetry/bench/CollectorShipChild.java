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
import org.apache.kafka.common.serialization.StringSerializer;
import org.fleettelemetry.collector.CollectorRuntime;
import org.fleettelemetry.collector.EndpointCollector;
import org.fleettelemetry.collector.config.CollectorConfig;
import org.fleettelemetry.collector.ship.Producers;

/**
 * The collector for {@link CollectorShipBench}, in a JVM of its own started with the collector's documented
 * flags (jvm.options) on the collector's jar (this class comes in a small jar of its own, {@link ChildJar}), so
 * the rate is the deployed collector's and the harness's own JIT and heap stay out of it: starts a
 * CollectorRuntime on the config, waits until every line is read and acknowledged, and prints
 * {@code shipped seconds=S thread-cpu-ns=T process-cpu-ns=P peak-rss-kib=R} (the clocks start when the runtime
 * starts; R is the JVM's VmHWM, -1 where /proc has none).
 * Arguments: the config (properties), the number of lines in the file, and optionally {@value #NO_KAFKA}: the
 * same CollectorRuntime (tailer, parser, shipper, offsets, checkpoints, heartbeats, meters) on an
 * {@link EncodeOnlyProducer} instead of Kafka's, which Avro-encodes each event and acknowledges it at once; the
 * registry is the real one.
 */
public final class CollectorShipChild {
    static final String COLLECTOR_THREADS =
            "log-tailer, kafka-producer-network-thread, spool-replayer, collector-scheduler";
    static final String NO_KAFKA = "no-kafka";
    /** How long the collector may spool before the measure fails (system property, for the harness's test). */
    static final String SPOOLING_LIMIT_PROPERTY = "ship.spooling.limit.seconds";

    private static final int SPOOLING_LIMIT_SECONDS = Integer.getInteger(SPOOLING_LIMIT_PROPERTY, 30);

    private CollectorShipChild() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(args[0]))) {
            p.load(in);
        }
        Map<String, String> settings = new HashMap<>();
        p.stringPropertyNames().forEach(k -> settings.put(k, p.getProperty(k)));
        long lines = Long.parseLong(args[1]);
        CollectorConfig config = CollectorConfig.from(settings);

        boolean noKafka = args.length > 2 && args[2].equals(NO_KAFKA);
        if (args.length > 2 && !noKafka) {
            throw new IllegalArgumentException("unknown mode " + args[2] + " (expected " + NO_KAFKA + ")");
        }

        long cpu0 = Machine.processCpuNanos();
        long start = System.nanoTime();
        long deadline = start + Duration.ofMinutes(15).toNanos();
        EncodeOnlyProducer[] encodeOnly = new EncodeOnlyProducer[1];
        CollectorRuntime.ProducerFactory producers = noKafka
                ? (first, registry) -> encodeOnly[0] =
                        new EncodeOnlyProducer(new StringSerializer(), Producers.valueSerializer(first, registry))
                : Producers::create;
        try (CollectorRuntime runtime = CollectorRuntime.start(List.of(config), 0, producers)) {
            EndpointCollector collector = runtime.collectors().get(0);
            awaitCaughtUp(collector, lines, deadline);
            report(collector, start, cpu0);
            if (noKafka) {
                System.out.println(
                        "encoded " + encodeOnly[0].records() + " records, " + encodeOnly[0].bytes() + " bytes");
            }
        }
    }

    /**
     * Waits until every line is read and acknowledged. A collector that keeps spooling (30 s unless
     * {@value #SPOOLING_LIMIT_PROPERTY} says otherwise) means Kafka or the registry does not take its events:
     * that fails the measure then, instead of at the 15 min deadline.
     */
    private static void awaitCaughtUp(EndpointCollector collector, long lines, long deadline)
            throws IOException, InterruptedException {
        long spoolingSince = -1;
        while (!(collector.tailer().linesRead() >= lines && collector.isCaughtUp())) {
            long now = System.nanoTime();
            if (now > deadline) {
                throw new IOException("the collector did not catch up within 15 min: " + collector.describe());
            }
            if (!collector.shipper().isSpooling()) {
                spoolingSince = -1;
            } else if (spoolingSince < 0) {
                spoolingSince = now;
            } else if (now - spoolingSince > SPOOLING_LIMIT_SECONDS * 1_000_000_000L) {
                throw new IOException("the collector has spooled for " + SPOOLING_LIMIT_SECONDS + " s: Kafka ("
                        + collector.config().bootstrapServers() + ") or the registry ("
                        + collector.config().schemaRegistryUrl()
                        + ") does not take its events; " + collector.describe());
            }
            Thread.sleep(10);
        }
    }

    private static void report(EndpointCollector collector, long start, long cpu0) {
        double seconds = (System.nanoTime() - start) / 1e9;
        long threadCpu = collectorThreadsCpuNanos();
        long processCpu = Machine.processCpuNanos() - cpu0;
        System.out.println("caught up: " + collector.describe());
        long peakRssKib = -1;
        try {
            peakRssKib = ProcStat.peakRssKib(ProcessHandle.current().pid());
        } catch (IOException e) {
            // not Linux: the figure is left out
        }
        System.out.printf(
                "shipped seconds=%.6f thread-cpu-ns=%d process-cpu-ns=%d peak-rss-kib=%d%n",
                seconds, threadCpu, processCpu, peakRssKib);
    }

    /** CPU time of the collector's threads so far (they all start with the runtime). */
    private static long collectorThreadsCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null
                    && (info.getThreadName().equals("log-tailer")
                            || info.getThreadName().startsWith("kafka-producer-network-thread")
                            || info.getThreadName().equals("spool-replayer")
                            || info.getThreadName().equals("collector-scheduler"))) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }
}
