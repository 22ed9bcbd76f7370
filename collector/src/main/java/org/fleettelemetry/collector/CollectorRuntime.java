package org.fleettelemetry.collector;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.fleettelemetry.collector.config.CollectorConfig;
import org.fleettelemetry.collector.faults.StateDirCheck;
import org.fleettelemetry.collector.metrics.MetricsServer;
import org.fleettelemetry.collector.ship.Producers;
import org.fleettelemetry.schemas.registry.SchemaRegistryClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JVM's collectors and what they share: the registry client, the Kafka producer, a scheduler for
 * heartbeats and the metrics log, the meter registry and its optional HTTP port. {@code run} starts one
 * endpoint; {@code replay} many (the Kafka settings of the first config are used for all).
 */
public final class CollectorRuntime implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CollectorRuntime.class);

    private final SchemaRegistryClient registry;
    private final Producer<String, SpecificRecord> producer;
    private final ScheduledExecutorService scheduler;
    private final MeterRegistry meters;
    private final List<EndpointCollector> collectors = new ArrayList<>();
    private final MetricsServer metricsServer;
    private boolean closed;

    private CollectorRuntime(List<CollectorConfig> configs, int metricsPort, ProducerFactory producers, Clock clock) {
        CollectorConfig first = configs.get(0);
        // with the metrics port off (an endpoint's default) the meters still count, for the state log and the
        // tests, in Micrometer's simple registry: the Prometheus client's classes are not loaded at all
        PrometheusMeterRegistry prometheus =
                metricsPort > 0 ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) : null;
        this.meters = prometheus != null ? prometheus : new SimpleMeterRegistry();
        this.registry = Producers.registry(first);
        this.producer = producers.apply(first, registry);
        this.scheduler = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "collector-scheduler");
            t.setDaemon(true);
            return t;
        });
        for (CollectorConfig config : configs) {
            collectors.add(new EndpointCollector(config, producer, scheduler, meters, clock));
        }
        try {
            this.metricsServer = metricsPort > 0
                    ? new MetricsServer(
                            first.metricsHost(),
                            metricsPort,
                            prometheus,
                            () -> collectors.stream().noneMatch(c -> c.shipper().isSpooling()))
                    : null;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot open the metrics port " + first.metricsHost() + ":" + metricsPort, e);
        }
        long logEvery = first.metricsLogInterval().toMillis();
        if (logEvery > 0) {
            scheduler.scheduleAtFixedRate(this::logState, logEvery, logEvery, TimeUnit.MILLISECONDS);
        }
    }

    /** How the runtime gets its producer from the first config and the shared registry client. */
    public interface ProducerFactory
            extends BiFunction<CollectorConfig, SchemaRegistryClient, Producer<String, SpecificRecord>> {}

    public static CollectorRuntime start(List<CollectorConfig> configs, int metricsPort) {
        return start(configs, metricsPort, Producers::create);
    }

    /**
     * The same runtime on a producer of the caller's: the benchmarks measure the collector with Kafka's part
     * taken out this way, everything else as deployed.
     */
    public static CollectorRuntime start(List<CollectorConfig> configs, int metricsPort, ProducerFactory producers) {
        return start(configs, metricsPort, producers, Clock.systemUTC());
    }

    /**
     * With a wall clock of the caller's (tests make it jump). Only heartbeat times, checkpoint ages and the rare
     * event with no time in its log use it; every delay and timeout runs on the monotonic clock.
     */
    public static CollectorRuntime start(
            List<CollectorConfig> configs, int metricsPort, ProducerFactory producers, Clock clock) {
        if (configs.isEmpty()) {
            throw new IllegalArgumentException("no endpoint to collect");
        }
        // before anything is created: a collector that cannot keep state must not half-start
        configs.forEach(c -> StateDirCheck.check(c.stateDir()));
        CollectorRuntime runtime = new CollectorRuntime(configs, metricsPort, producers, clock);
        runtime.collectors.forEach(EndpointCollector::start);
        return runtime;
    }

    public List<EndpointCollector> collectors() {
        return collectors;
    }

    public MeterRegistry meters() {
        return meters;
    }

    public boolean isCaughtUp() {
        return collectors.stream().allMatch(EndpointCollector::isCaughtUp);
    }

    private void logState() {
        if (collectors.size() == 1) {
            log.info("{}", collectors.get(0).describe());
        } else {
            long lines =
                    collectors.stream().mapToLong(c -> c.tailer().linesRead()).sum();
            long lag = collectors.stream()
                    .mapToLong(c -> c.tailer().totalLagBytes())
                    .sum();
            long spooling =
                    collectors.stream().filter(c -> c.shipper().isSpooling()).count();
            log.info("{} endpoints: {} lines read, lag {} B, {} spooling", collectors.size(), lines, lag, spooling);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        collectors.parallelStream().forEach(EndpointCollector::close);
        scheduler.shutdownNow();
        producer.close(java.time.Duration.ofSeconds(10));
        registry.close();
        if (metricsServer != null) {
            metricsServer.close();
        }
        meters.close();
    }
}
