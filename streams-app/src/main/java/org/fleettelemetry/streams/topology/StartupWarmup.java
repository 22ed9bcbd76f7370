package org.fleettelemetry.streams.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.fleettelemetry.schemas.avro.AlertStatus;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.EndpointHeartbeat;
import org.fleettelemetry.schemas.avro.EventKind;
import org.fleettelemetry.schemas.avro.LogFile;
import org.fleettelemetry.schemas.registry.InMemorySchemaRegistryClient;
import org.fleettelemetry.schemas.serde.AvroSerde;
import org.fleettelemetry.schemas.serde.AvroSerdeConfig;
import org.fleettelemetry.streams.domain.DetectionParams;

/**
 * Runs the app's own topology, in this process and before the instance joins its group, over a synthetic fleet that
 * has everyday failures: every failure class the rules know at some sites (outages that open, update and resolve), a
 * fleet-wide slowdown of cloud lookups, and healthy contacts and heartbeats around them.
 *
 * <p>Why: an instance that has seen only healthy endpoints meets the first outage with none of its failure paths
 * compiled. In the storm measure the JIT then took most of the CPU of the first minute, and the app fell 9 to 17 s
 * behind (BENCHMARKS-ANALYSIS.md, sessions 16 and 18); the same storm after 5,000 endpoints had failed once in the
 * storm's ways lagged 4.8 to 7.0 s. This gives a fresh instance that history before it takes any partition.
 *
 * <p>Nothing leaves the process: the topology runs in a TopologyTestDriver (its producer is a mock, no broker is
 * contacted), its stores live under {@code <state.dir>/.warmup} and are deleted afterwards, and its Avro serdes share
 * a registry held in memory ({@link InMemorySchemaRegistryClient}), so neither the registry nor any topic sees a
 * synthetic record. The warm-up's sites are named {@code warmup-site-NN}; the process-wide string table keeps those
 * few names (bounded, see SharedStrings).
 */
public final class StartupWarmup {
    /** The default number of synthetic events: enough for C2 to compile the per-event paths (15,000 calls). */
    public static final int DEFAULT_EVENTS = 40_000;

    static final int SITES = 20;
    static final int ENDPOINTS_PER_SITE = 20;
    /** The share of a failing site's endpoints that fail: above the default open ratio (0.2). */
    static final double FAILING_SHARE = 0.6;
    /** How often a failing endpoint logs a failure, as the agents retry. */
    static final Duration FAILURE_EVERY = Duration.ofMillis(2500);

    static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(30);
    /** The longest the population or the recovery phase runs in synthetic time (heartbeats every 30 s). */
    static final Duration MAX_PHASE = Duration.ofMinutes(30);

    private static final String PRODUCT = "Elements EPP for Computers";

    /**
     * The codes the collector writes and the class each falls in (ErrorClassifier): every class the site rules count,
     * so each one's path is taken. The fleet-wide slow lookups add CLOUD_LOOKUP by latency.
     */
    private static final List<Failure> FAILURES = List.of(
            new Failure("curl:5", EventKind.CONNECTION_FAILURE, LogFile.FSSCORPLUG),
            new Failure("curl:6", EventKind.CONNECTION_FAILURE, LogFile.FSSCORPLUG),
            new Failure("curl:7", EventKind.CONNECTION_FAILURE, LogFile.FSSCORPLUG),
            new Failure("curl:28", EventKind.CONNECTION_FAILURE, LogFile.FSSCORPLUG),
            new Failure("curl:60", EventKind.CONNECTION_FAILURE, LogFile.FSSCORPLUG),
            new Failure("curl:56", EventKind.CONNECTION_FAILURE, LogFile.FSSCORPLUG),
            new Failure("wait:258", EventKind.CONNECTION_FAILURE, LogFile.SPPLUG),
            new Failure("fserr:101", EventKind.CONNECTION_FAILURE, LogFile.FSSCORPLUG),
            new Failure("orsp:failed", EventKind.CLOUD_QUERY_FAILURE, LogFile.DEEPGUARD),
            new Failure("driver:2222", EventKind.DRIVER_FAILURE, LogFile.CCF_PLUGIN_STATE),
            new Failure("fsscore:timeout", EventKind.SCAN_SKIPPED, LogFile.TRANSPORT_AGENT));

    private record Failure(String code, EventKind kind, LogFile file) {}

    /**
     * What the warm-up did, for the log line and the tests.
     *
     * @param processCpu the whole process's CPU time over the warm-up (its compiler threads included), or null where
     *     the JVM does not report it
     */
    public record Result(
            int events,
            int heartbeats,
            Map<AlertStatus, Integer> alerts,
            int deadLetters,
            Duration took,
            Duration processCpu) {
        @Override
        public String toString() {
            return events + " synthetic events and " + heartbeats + " heartbeats through the topology in "
                    + took.toMillis() + " ms" + (processCpu == null ? "" : ", " + processCpu.toMillis() + " ms of CPU")
                    + " (alerts " + alerts + ", dead letters " + deadLetters + ")";
        }
    }

    private StartupWarmup() {}

    /**
     * @param appProperties the app's Kafka Streams properties (copied: the warm-up's own application id and state
     *     directory replace the app's)
     * @param serdeConfig the app's serde settings (subject naming and the like); the registry is replaced by one in
     *     memory
     * @param events how many synthetic endpoint events to send before the recovery, at least 1 (the population's
     *     come first; the recovery adds two an endpoint, 800, and the heartbeats come on top)
     */
    public static Result run(TopologyParams params, Properties appProperties, Map<String, ?> serdeConfig, int events) {
        if (events < 1) {
            throw new IllegalArgumentException("the warm-up needs at least one event, got " + events);
        }
        long started = System.nanoTime();
        long cpuAtStart = processCpuNanos();
        Path stateDir = Path.of(appProperties.getProperty(StreamsConfig.STATE_DIR_CONFIG, "state"))
                .resolve(".warmup");
        delete(stateDir);
        Properties props = new Properties();
        props.putAll(appProperties);
        props.put(
                StreamsConfig.APPLICATION_ID_CONFIG,
                appProperties.getProperty(StreamsConfig.APPLICATION_ID_CONFIG, "fleet") + "-warmup");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "warmup.invalid:9092");
        Map<String, Object> serdes = new HashMap<>(serdeConfig);
        // the serializers register into the registry in memory whatever the app's setting, and never ask for latest
        serdes.put(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, true);
        serdes.put(AvroSerdeConfig.USE_LATEST_VERSION, false);
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (TopologyTestDriver driver =
                new TopologyTestDriver(ConnectivityTopology.build(params, serdes, registry), props, start)) {
            Fleet fleet = new Fleet(driver, params, serdes, registry, start);
            fleet.play(events);
            Map<AlertStatus, Integer> alerts = new EnumMap<>(AlertStatus.class);
            for (ConnectivityAlert alert : fleet.alerts.readValuesToList()) {
                alerts.merge(alert.getStatus(), 1, Integer::sum);
            }
            int deadLetters = fleet.deadLetters.readValuesToList().size();
            long cpuAtEnd = processCpuNanos();
            return new Result(
                    fleet.events,
                    fleet.heartbeats,
                    alerts,
                    deadLetters,
                    Duration.ofNanos(System.nanoTime() - started),
                    cpuAtStart < 0 || cpuAtEnd < 0 ? null : Duration.ofNanos(cpuAtEnd - cpuAtStart));
        } finally {
            registry.close();
            delete(stateDir);
        }
    }

    /** The synthetic fleet and its clock: the driver's wall clock and the records' event time move together. */
    private static final class Fleet {
        final TopologyTestDriver driver;
        final TestInputTopic<String, EndpointEvent> input;
        final TestInputTopic<String, EndpointHeartbeat> beats;
        final TestOutputTopic<String, ConnectivityAlert> alerts;
        final TestOutputTopic<byte[], byte[]> deadLetters;
        final long slowMs;
        final DetectionParams detection;
        final String[][] endpoints = new String[SITES][ENDPOINTS_PER_SITE];
        final String[] sites = new String[SITES];
        final String[] proxies = new String[SITES];
        final Map<String, long[]> offsets = new HashMap<>();
        Instant now;
        int events;
        int heartbeats;

        Fleet(
                TopologyTestDriver driver,
                TopologyParams params,
                Map<String, Object> serdes,
                InMemorySchemaRegistryClient registry,
                Instant start) {
            this.driver = driver;
            this.now = start;
            this.detection = params.detection();
            this.slowMs = detection.slowThresholdMs() * 2;
            AvroSerde<EndpointEvent> eventSerde = AvroSerde.specific(EndpointEvent.class, registry);
            eventSerde.configure(serdes, false);
            AvroSerde<EndpointHeartbeat> beatSerde = AvroSerde.specific(EndpointHeartbeat.class, registry);
            beatSerde.configure(serdes, false);
            AvroSerde<ConnectivityAlert> alertSerde = AvroSerde.specific(ConnectivityAlert.class, registry);
            alertSerde.configure(serdes, false);
            input = driver.createInputTopic(
                    params.eventsTopic(), Serdes.String().serializer(), eventSerde.serializer());
            beats = driver.createInputTopic(
                    params.heartbeatsTopic(), Serdes.String().serializer(), beatSerde.serializer());
            alerts = driver.createOutputTopic(
                    params.alertsTopic(), Serdes.String().deserializer(), alertSerde.deserializer());
            deadLetters = driver.createOutputTopic(
                    params.deadLetterTopic(),
                    Serdes.ByteArray().deserializer(),
                    Serdes.ByteArray().deserializer());
            for (int s = 0; s < SITES; s++) {
                sites[s] = String.format("warmup-site-%02d", s);
                proxies[s] = "proxy." + sites[s] + ".invalid:8080";
                for (int e = 0; e < ENDPOINTS_PER_SITE; e++) {
                    endpoints[s][e] = sites[s] + "-pc-" + String.format("%02d", e);
                }
            }
        }

        /**
         * Population (heartbeats and healthy contacts for a minute, past the population warm-up), then failures for as
         * long as the budget lasts: at one site per failure code most endpoints fail with it, at the other sites one
         * endpoint in ten fails (below the ratio), and a third of every site's lookups are slow; then every endpoint
         * heals and the heartbeats go on until the outages resolve.
         */
        void play(int budget) {
            beatAll();
            long population = Math.min(
                    MAX_PHASE.toSeconds(),
                    Math.max(60, detection.populationWarmup().toSeconds() + 10));
            for (int second = 1; second <= population; second++) {
                if (second % HEARTBEAT_EVERY.toSeconds() == 0) {
                    beatAll();
                }
                tick();
                for (int s = 0; s < SITES; s++) {
                    healthy(s, (second * 7 + s) % ENDPOINTS_PER_SITE, second % 2 == 0);
                }
            }
            int failingPerSite = (int) Math.ceil(ENDPOINTS_PER_SITE * FAILING_SHARE);
            long stepMs = FAILURE_EVERY.toMillis();
            long elapsedMs = 0;
            while (events < budget) {
                for (int s = 0; s < SITES && events < budget; s++) {
                    boolean outage = s < FAILURES.size();
                    Failure failure = FAILURES.get(s % FAILURES.size());
                    for (int e = 0; e < ENDPOINTS_PER_SITE && events < budget; e++) {
                        if (outage ? e < failingPerSite : e % 10 == 0) {
                            fail(s, e, failure);
                        } else if (e % 3 == 0) {
                            slowLookup(s, e);
                        } else if (e % 3 == 1) {
                            healthy(s, e, true);
                        }
                    }
                }
                advance(Duration.ofMillis(stepMs));
                elapsedMs += stepMs;
                if (elapsedMs % HEARTBEAT_EVERY.toMillis() < stepMs) {
                    beatAll();
                }
            }
            for (int s = 0; s < SITES; s++) {
                for (int e = 0; e < ENDPOINTS_PER_SITE; e++) {
                    healthy(s, e, true);
                    healthy(s, e, false);
                }
            }
            // the failures age out (evaluation period), then the ratio stays below the close ratio for resolve.after,
            // and a minute past it: 16 minutes of heartbeats by default; settings of hours resolve nothing here
            Duration calm =
                    detection.evaluationPeriod().plus(detection.resolveAfter()).plus(Duration.ofMinutes(1));
            if (calm.compareTo(MAX_PHASE) > 0) {
                calm = MAX_PHASE;
            }
            for (Duration d = Duration.ZERO; d.compareTo(calm) < 0; d = d.plus(HEARTBEAT_EVERY)) {
                advance(HEARTBEAT_EVERY);
                beatAll();
            }
        }

        private void tick() {
            advance(Duration.ofSeconds(1));
        }

        /** Moves the wall clock one second at a time at most, so every punctuation fires as it would live. */
        private void advance(Duration d) {
            long left = d.toMillis();
            while (left > 0) {
                long step = Math.min(1000, left);
                now = now.plusMillis(step);
                driver.advanceWallClockTime(Duration.ofMillis(step));
                left -= step;
            }
        }

        private void beatAll() {
            for (int s = 0; s < SITES; s++) {
                for (int e = 0; e < ENDPOINTS_PER_SITE; e++) {
                    beats.pipeInput(
                            endpoints[s][e],
                            EndpointHeartbeat.newBuilder()
                                    .setEndpointId(endpoints[s][e])
                                    .setSite(sites[s])
                                    .setProxy(proxies[s])
                                    .setProduct(PRODUCT)
                                    .setCollectorVersion("warmup")
                                    .setTimestamp(now)
                                    .setLinesSinceLast(10)
                                    .setFailuresSinceLast(0)
                                    .setSpoolBytes(0)
                                    .build(),
                            now);
                    heartbeats++;
                }
            }
        }

        /** A doorman contact with fserr 0, or a fast cloud lookup. */
        private void healthy(int s, int e, boolean doorman) {
            if (doorman) {
                send(base(s, e, LogFile.FSSCORPLUG, "I", "fs::xrssdk::DoormanCache::update", 60)
                        .setMessage("doorman cooldown is off, ttl: 15, fserr: 0")
                        .setKind(EventKind.CONNECTION_OK)
                        .setFserr(0));
            } else {
                send(base(s, e, LogFile.DEEPGUARD, ".W", "SecurityCloud::Query", 40)
                        .setMessage("ORSP query took 120 ms")
                        .setKind(EventKind.CLOUD_QUERY_LATENCY)
                        .setDurationMs(120L));
            }
        }

        private void slowLookup(int s, int e) {
            send(base(s, e, LogFile.DEEPGUARD, ".W", "SecurityCloud::Query", 40)
                    .setMessage("ORSP query took " + slowMs + " ms")
                    .setKind(EventKind.CLOUD_QUERY_LATENCY)
                    .setDurationMs(slowMs));
        }

        private void fail(int s, int e, Failure failure) {
            String proxyHost = proxies[s].substring(0, proxies[s].indexOf(':'));
            EndpointEvent.Builder event = base(s, e, failure.file(), ".W", "CurlQuery::completeWithStatus", 180)
                    .setMessage("failed with " + failure.code())
                    .setKind(failure.kind())
                    .setErrorCode(failure.code());
            if (failure.code().startsWith("curl:")) {
                int curl = Integer.parseInt(failure.code().substring(5));
                event.setCurlCode(curl).setAgentHttpError(curl == 5 ? 111 : 201).setDurationMs(4L);
                if (curl == 5) {
                    event.setLineProxy(proxyHost)
                            .setMessage("handle 0000023C45E27C50 failed with 5: Couldn't resolve proxy: " + proxyHost);
                } else {
                    event.setTargetHost("orsp.warmup.invalid");
                }
            } else if (failure.code().startsWith("wait:")) {
                event.setWaitCode(258).setTargetHost("orsp.warmup.invalid").setMessage("wait failed: 258");
            } else if (failure.code().startsWith("fserr:")) {
                event.setFserr(101);
            }
            send(event);
        }

        /** An entry at the next offset of its file: event id = endpoint:file:offset, as the collector makes it. */
        private EndpointEvent.Builder base(int s, int e, LogFile file, String level, String source, int bytes) {
            long[] fileOffsets = offsets.computeIfAbsent(endpoints[s][e], k -> new long[LogFile.values().length]);
            long offset = fileOffsets[file.ordinal()];
            fileOffsets[file.ordinal()] = offset + bytes;
            return EndpointEvent.newBuilder()
                    .setEventId(endpoints[s][e] + ":" + file.name().toLowerCase(Locale.ROOT) + "-1:" + offset)
                    .setEndOffset(offset + bytes)
                    .setEndpointId(endpoints[s][e])
                    .setSite(sites[s])
                    .setProxy(proxies[s])
                    .setProduct(PRODUCT)
                    .setLogFile(file)
                    .setTimestamp(now)
                    .setLevel(level)
                    .setSource(source);
        }

        private void send(EndpointEvent.Builder event) {
            EndpointEvent built = event.build();
            input.pipeInput(built.getEndpointId(), built, now);
            events++;
        }
    }

    /** The process's CPU time in nanoseconds, or -1 where the JVM does not report it. */
    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime()
                : -1;
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the warm-up's state under " + dir, e);
        }
    }
}
