package org.fleettelemetry.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.fleettelemetry.schemas.avro.AlertScope;
import org.fleettelemetry.schemas.avro.AlertStatus;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.EndpointHeartbeat;
import org.fleettelemetry.streams.StreamsApp;
import org.fleettelemetry.streams.config.StreamsAppConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alert delay: with the app running, each incident is a site of 10 endpoints that beat, two of which
 * report a proxy DNS failure (below detect.min.affected=3); after a pause, the third failure crosses the
 * threshold and the clock runs from its send until the site's OPEN is read from the alert topic
 * (read_committed, subscribed before). detect.group.wait=0s and detect.settle=0s so no deliberate hold is
 * measured, and FLEET grouping is kept out of the way (detect.fleet.min.sites=100000,
 * detect.fleet.site.ratio=1.0 and more healthy sites than incidents), so every incident gives a SITE alert.
 * Every incident site's collectors beat before the first incident, and the app's population warm-up
 * (detect.population.warmup, default 30 s) is waited out: the delay measured is that of known sites.
 */
public final class AlertDelayBench {
    private static final Logger log = LoggerFactory.getLogger(AlertDelayBench.class);
    private static final int ENDPOINTS_PER_SITE = 10;
    private static final Duration WARM_UP_MARGIN = Duration.ofSeconds(5);

    private final BenchStack stack;
    private final Path work;
    private final int incidents;
    private int sequence;

    public AlertDelayBench(BenchStack stack, Path work, int incidents) {
        this.stack = stack;
        this.work = work;
        this.incidents = incidents;
    }

    public List<Figure> run(String harnessCommand) throws IOException, InterruptedException {
        StreamsConfigs.Topics topics = StreamsConfigs.Topics.prefixed(stack.topic("bench.delay"));
        stack.createAppTopics(topics, 4);
        String appId = "bench-delay-" + System.currentTimeMillis();
        Map<String, String> c =
                StreamsConfigs.of(stack, appId, topics, Files.createDirectories(work.resolve("delay/state")));
        c.put("detect.group.wait", "0s");
        c.put("detect.settle", "0s");
        c.put("detect.fleet.min.sites", "100000");
        c.put("detect.fleet.site.ratio", "1.0");
        StreamsAppConfig config = StreamsAppConfig.from(c);

        String load = Machine.loadAverage();
        List<Double> delays = new ArrayList<>();
        int missed = 0;
        StreamsApp app = StreamsApp.start(config);
        try (KafkaProducer<String, SpecificRecord> producer = Clients.producer(stack);
                KafkaConsumer<String, ConnectivityAlert> alerts =
                        Clients.alertConsumer(stack, topics.alerts(), appId + "-soc")) {
            awaitRunning(app, alerts);
            healthySites(producer, topics, alerts);
            for (int n = 1; n <= incidents; n++) {
                beat(producer, topics, "incident-" + n);
            }
            // the incident sites are known once the warm-up since the app first heard of them has run: it hears of
            // them a moment after the beats are sent (the endpoint stage forwards, the site stage takes them in), so
            // the wait runs from the last send, with a margin for that moment
            drainFor(alerts, config.topology().detection().populationWarmup().plus(WARM_UP_MARGIN));
            for (int n = 1; n <= incidents; n++) {
                String site = "incident-" + n;
                beat(producer, topics, site);
                send(producer, topics.events(), failure(site, site + "-pc-0"));
                send(producer, topics.events(), failure(site, site + "-pc-1"));
                // let the app take the sub-threshold state in, so that only the crossing is timed
                drainFor(alerts, Duration.ofMillis(1500));
                long sent = System.nanoTime();
                send(producer, topics.events(), failure(site, site + "-pc-2"));
                double delay = awaitOpen(alerts, site, sent);
                if (Double.isNaN(delay)) {
                    missed++;
                    log.warn("no OPEN for {} within 30 s", site);
                } else {
                    delays.add(delay);
                    log.info("incident {}: OPEN after {} ms", n, String.format("%.0f", delay * 1000));
                }
            }
        } finally {
            app.close(Duration.ofSeconds(30));
        }
        double[] sorted =
                delays.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        String how = "StreamsApp.start (exactly_once_v2, app defaults) with detect.group.wait=0s, detect.settle=0s, "
                + "detect.fleet.min.sites=100000, detect.fleet.site.ratio=1.0, " + (incidents + 1) + " healthy sites; "
                + incidents
                + " incidents on sites known for the population warm-up, send of the crossing failure -> OPEN read"
                + " (read_committed); "
                + (missed > 0 ? missed + " incidents gave no OPEN within 30 s; " : "") + harnessCommand;
        List<Figure> figures = new ArrayList<>();
        figures.add(new Figure(
                "alert delay p50 (" + sorted.length + " incidents)", percentile(sorted, 50), "s", "", load, how));
        figures.add(new Figure(
                "alert delay p99 (" + sorted.length + " incidents)", percentile(sorted, 99), "s", "<= 2", load, how));
        figures.add(new Figure(
                "alert delay max", sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1], "s", "", load, how));
        return figures;
    }

    /**
     * More healthy, evaluated sites than there will be incidents, so that the failing sites never reach
     * detect.fleet.site.ratio=1.0 of the active sites (a healthy contact makes the site stage evaluate the
     * site and send its summary to the fleet stage at once).
     */
    private void healthySites(
            KafkaProducer<String, SpecificRecord> producer,
            StreamsConfigs.Topics topics,
            KafkaConsumer<String, ConnectivityAlert> alerts)
            throws IOException, InterruptedException {
        for (int s = 0; s <= incidents; s++) {
            String site = "healthy-" + s;
            beat(producer, topics, site);
            send(producer, topics.events(), healthy(site, site + "-pc-0"));
        }
        drainFor(alerts, Duration.ofSeconds(3));
    }

    /** Nearest-rank percentile; NaN when there is no sample. */
    static double percentile(double[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }

    private void awaitRunning(StreamsApp app, KafkaConsumer<String, ConnectivityAlert> alerts) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (app.streams().state() != KafkaStreams.State.RUNNING
                || alerts.assignment().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IOException("the app or the alert consumer did not start within 120 s: "
                        + app.streams().state());
            }
            alerts.poll(Duration.ofMillis(100));
        }
    }

    private static void drainFor(KafkaConsumer<String, ConnectivityAlert> alerts, Duration time) {
        long until = System.nanoTime() + time.toNanos();
        while (System.nanoTime() < until) {
            alerts.poll(Duration.ofMillis(100));
        }
    }

    /** Seconds from {@code sentNanos} until the site's OPEN is read, NaN after 30 s. */
    private static double awaitOpen(KafkaConsumer<String, ConnectivityAlert> alerts, String site, long sentNanos) {
        long deadline = sentNanos + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, ConnectivityAlert> r : alerts.poll(Duration.ofMillis(20))) {
                ConnectivityAlert a = r.value();
                if (a.getStatus() == AlertStatus.OPEN && a.getScope() == AlertScope.SITE && site.equals(a.getSite())) {
                    return (System.nanoTime() - sentNanos) / 1e9;
                }
            }
        }
        return Double.NaN;
    }

    /** One heartbeat from each of the site's collectors. */
    private static void beat(KafkaProducer<String, SpecificRecord> producer, StreamsConfigs.Topics topics, String site)
            throws IOException, InterruptedException {
        for (int i = 0; i < ENDPOINTS_PER_SITE; i++) {
            send(producer, topics.heartbeats(), BenchRecords.beat(site, site + "-pc-" + i, Instant.now()));
        }
    }

    private static void send(KafkaProducer<String, SpecificRecord> producer, String topic, SpecificRecord value)
            throws IOException, InterruptedException {
        String key = value instanceof EndpointEvent e ? e.getEndpointId() : ((EndpointHeartbeat) value).getEndpointId();
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (ExecutionException e) {
            throw new IOException("cannot send to " + topic, e.getCause());
        }
    }

    private EndpointEvent failure(String site, String endpoint) {
        return BenchRecords.proxyDnsFailure(endpoint + ":bench:" + (sequence++), site, endpoint, Instant.now());
    }

    private EndpointEvent healthy(String site, String endpoint) {
        return BenchRecords.healthy(endpoint + ":bench:" + (sequence++), site, endpoint, Instant.now());
    }
}
