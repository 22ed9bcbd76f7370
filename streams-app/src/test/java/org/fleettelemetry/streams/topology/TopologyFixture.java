package org.fleettelemetry.streams.topology;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.fleettelemetry.schemas.avro.AlertAction;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.EndpointHeartbeat;
import org.fleettelemetry.schemas.avro.EventKind;
import org.fleettelemetry.schemas.avro.LogFile;
import org.fleettelemetry.schemas.registry.FakeSchemaRegistry;
import org.fleettelemetry.schemas.serde.AvroSerde;
import org.fleettelemetry.streams.domain.EndpointRecord;
import org.fleettelemetry.streams.domain.EndpointStatus;
import org.fleettelemetry.streams.domain.EndpointTrack;
import org.fleettelemetry.streams.domain.FailureWindow;
import org.fleettelemetry.streams.domain.FleetState;
import org.fleettelemetry.streams.domain.SiteState;

/**
 * The real topology ({@link ConnectivityTopology#build}) in a TopologyTestDriver, the Avro topics
 * through our serde and a fake registry over HTTP, with helpers to write the collector's events and
 * heartbeats as a fleet would and to read the alert topic and the stores.
 */
final class TopologyFixture implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-11-12T15:00:00Z");
    /** Wall-clock step of long quiet phases: half the full evaluation interval, far below any rule's duration. */
    static final Duration COARSE_STEP = Duration.ofSeconds(5);

    final FakeSchemaRegistry registry = FakeSchemaRegistry.start();
    final TopologyTestDriver driver;
    final TestInputTopic<String, EndpointEvent> events;
    final TestInputTopic<String, EndpointHeartbeat> heartbeats;
    /** The events topic without a serializer: for bytes the app must refuse (poison records). */
    final TestInputTopic<byte[], byte[]> rawEvents;

    /** The actions topic, as the REST API writes it (key = subject). */
    final TestInputTopic<String, AlertAction> actions;

    final TestOutputTopic<String, ConnectivityAlert> alerts;
    final TestOutputTopic<byte[], byte[]> deadLetters;
    private final TopologyParams params;
    private Instant wall = T0;
    private int sequence;

    TopologyFixture() {
        this(TopologyParams.defaults());
    }

    TopologyFixture(TopologyParams params) {
        this(params, StreamsConfig.EXACTLY_ONCE_V2);
    }

    /**
     * @param processingGuarantee exactly_once_v2 by default, at_least_once where the driver cannot show a behaviour
     *     under it: records a deserialization handler sends to the dead-letter topic are written while the record is
     *     added to the task, into the open transaction, and the driver's MockProducer.clear() drops uncommitted sends
     *     before the task commits (kafka-streams-test-utils 4.4.0)
     */
    TopologyFixture(TopologyParams params, String processingGuarantee) {
        this.params = params;
        Map<String, Object> serde = Map.of("schema.registry.url", registry.url());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        // as in production; the check itself happens when ConnectivityTopology builds (see namingEnforcingBuilder)
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        props.put(
                StreamsConfig.STATE_DIR_CONFIG,
                System.getProperty("java.io.tmpdir") + "/topology-test-" + System.nanoTime());
        driver = new TopologyTestDriver(ConnectivityTopology.build(params, serde), props, T0);
        AvroSerde<EndpointEvent> eventSerde = AvroSerde.specific(EndpointEvent.class);
        eventSerde.configure(serde, false);
        AvroSerde<EndpointHeartbeat> beatSerde = AvroSerde.specific(EndpointHeartbeat.class);
        beatSerde.configure(serde, false);
        AvroSerde<ConnectivityAlert> alertSerde = AvroSerde.specific(ConnectivityAlert.class);
        alertSerde.configure(serde, false);
        events = driver.createInputTopic(params.eventsTopic(), Serdes.String().serializer(), eventSerde.serializer());
        heartbeats = driver.createInputTopic(
                params.heartbeatsTopic(), Serdes.String().serializer(), beatSerde.serializer());
        rawEvents = driver.createInputTopic(
                params.eventsTopic(),
                Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer());
        AvroSerde<AlertAction> actionSerde = AvroSerde.specific(AlertAction.class);
        actionSerde.configure(serde, false);
        actions =
                driver.createInputTopic(params.actionsTopic(), Serdes.String().serializer(), actionSerde.serializer());
        alerts = driver.createOutputTopic(
                params.alertsTopic(), Serdes.String().deserializer(), alertSerde.deserializer());
        deadLetters = driver.createOutputTopic(
                params.deadLetterTopic(),
                Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer());
    }

    Instant wall() {
        return wall;
    }

    /** Moves the wall clock (punctuations fire) in steps of one second. */
    void advance(Duration d) {
        for (long s = 0; s < d.toSeconds(); s++) {
            wall = wall.plusSeconds(1);
            driver.advanceWallClockTime(Duration.ofSeconds(1));
        }
    }

    /** Moves the wall clock by {@code d} in steps of {@code step} (each step fires every punctuation once). */
    void advance(Duration d, Duration step) {
        for (Duration done = Duration.ZERO; done.compareTo(d) < 0; done = done.plus(step)) {
            Duration next = step.compareTo(d.minus(done)) <= 0 ? step : d.minus(done);
            wall = wall.plus(next);
            driver.advanceWallClockTime(next);
        }
    }

    /**
     * Moves the wall clock by {@code d} in steps of {@link #COARSE_STEP} (each step fires every punctuation once, so
     * rules are evaluated at least that often) while every endpoint in {@code endpoints} sends a heartbeat every
     * {@code every}, as running collectors do (endpoints that stop beating turn SILENT and hold outages as NO_DATA).
     */
    void advanceBeating(Duration d, Duration every, String site, String proxy, List<String> endpoints) {
        for (long done = 0; done < d.toSeconds(); done += every.toSeconds()) {
            long next = Math.min(every.toSeconds(), d.toSeconds() - done);
            for (long s = 0; s < next; s += COARSE_STEP.toSeconds()) {
                Duration step = Duration.ofSeconds(Math.min(COARSE_STEP.toSeconds(), next - s));
                wall = wall.plus(step);
                driver.advanceWallClockTime(step);
            }
            endpoints.forEach(pc -> heartbeat(site, proxy, pc));
        }
    }

    void heartbeat(String site, String proxy, String endpoint) {
        heartbeats.pipeInput(
                endpoint,
                EndpointHeartbeat.newBuilder()
                        .setEndpointId(endpoint)
                        .setSite(site)
                        .setProxy(proxy)
                        .setProduct("Elements EPP for Computers")
                        .setCollectorVersion("test")
                        .setTimestamp(wall)
                        .setLinesSinceLast(10)
                        .setFailuresSinceLast(0)
                        .setSpoolBytes(0)
                        .build());
    }

    /** Heartbeats from {@code count} endpoints {@code <site>-pc-<n>} behind {@code proxy}. */
    List<String> fleet(String site, String proxy, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String id = site + "-pc-" + String.format("%03d", i);
            ids.add(id);
            heartbeat(site, proxy, id);
        }
        return ids;
    }

    EndpointEvent.Builder event(String site, String proxy, String endpoint, EventKind kind, String code) {
        return EndpointEvent.newBuilder()
                .setEventId(endpoint + ":f1:" + (sequence++ * 100L))
                .setEndpointId(endpoint)
                .setSite(site)
                .setProxy(proxy)
                .setProduct("Elements EPP for Computers")
                .setLogFile(LogFile.FSSCORPLUG)
                .setTimestamp(wall)
                .setLevel(code == null ? "I" : ".W")
                .setSource("CurlQuery::completeWithStatus")
                .setMessage(code == null ? "doorman cooldown is off, ttl: 15, fserr: 0" : "failed with " + code)
                .setKind(kind)
                .setErrorCode(code);
    }

    void send(EndpointEvent event) {
        events.pipeInput(event.getEndpointId(), event);
    }

    void proxyDnsFailure(String site, String proxy, String endpoint) {
        send(event(site, proxy, endpoint, EventKind.CONNECTION_FAILURE, "curl:5")
                .setCurlCode(5)
                .setAgentHttpError(111)
                .setLineProxy(proxy.split(":")[0])
                .setMessage("handle 0000023C45E27C50 failed with 5: Couldn't resolve proxy: " + proxy.split(":")[0])
                .build());
    }

    /** The curl line group of a query that timed out (curl 28, agent http error 201): names no host. */
    void curlTimeout(String site, String proxy, String endpoint) {
        send(curlTimeoutEvent(site, proxy, endpoint).build());
    }

    EndpointEvent.Builder curlTimeoutEvent(String site, String proxy, String endpoint) {
        return event(site, proxy, endpoint, EventKind.CONNECTION_FAILURE, "curl:28")
                .setCurlCode(28)
                .setAgentHttpError(201)
                .setDurationMs(1006L)
                .setMessage("handle 0000023C468C1D90 failed with 28: Operation timed out after 1006 milliseconds"
                        + " with 0 bytes received");
    }

    /** The WinSocket pair (wait failed: 258, connection timeout: host), grouped by the collector into one event. */
    void socketTimeout(String site, String proxy, String endpoint, String host) {
        send(socketTimeoutEvent(site, proxy, endpoint, host).build());
    }

    EndpointEvent.Builder socketTimeoutEvent(String site, String proxy, String endpoint, String host) {
        return event(site, proxy, endpoint, EventKind.CONNECTION_FAILURE, "wait:258")
                .setLogFile(LogFile.SPPLUG)
                .setSource("fs::rs::WinSocket::Impl::waitForConnection")
                .setWaitCode(258)
                .setTargetHost(host)
                .setMessage("wait failed: 258");
    }

    void healthy(String site, String proxy, String endpoint) {
        send(event(site, proxy, endpoint, EventKind.CONNECTION_OK, null)
                .setFserr(0)
                .setSource("fs::xrssdk::DoormanCache::update")
                .build());
    }

    List<ConnectivityAlert> readAlerts() {
        return alerts.readKeyValuesToList().stream().map(kv -> kv.value).toList();
    }

    List<KeyValue<String, ConnectivityAlert>> readAlertRecords() {
        return alerts.readKeyValuesToList();
    }

    KeyValueStore<String, ConnectivityAlert> openAlerts() {
        return driver.getKeyValueStore(StoreNames.OPEN_ALERTS);
    }

    /** The endpoint statuses the query API shows, by endpoint id (from the endpoint-state store). */
    Map<String, EndpointStatus> endpointStatus() {
        KeyValueStore<String, EndpointRecord> store = driver.getKeyValueStore(StoreNames.ENDPOINT_STATE);
        Map<String, EndpointStatus> statuses = new java.util.TreeMap<>();
        try (var it = store.all()) {
            it.forEachRemaining(kv -> statuses.put(kv.key, kv.value.status()));
        }
        return statuses;
    }

    /** The site stage's copy of an endpoint's track (from the site-endpoints store); null when it has none. */
    EndpointTrack siteTrack(String site, String endpoint) {
        KeyValueStore<String, EndpointTrack> store = driver.getKeyValueStore(StoreNames.SITE_ENDPOINTS);
        return store.get(SiteStage.trackKey(site, endpoint));
    }

    KeyValueStore<String, SiteState> siteState() {
        return driver.getKeyValueStore(StoreNames.SITE_STATE);
    }

    KeyValueStore<String, FleetState> fleetState() {
        return driver.getKeyValueStore(StoreNames.FLEET_STATE);
    }

    WindowStore<String, FailureWindow> failureWindows() {
        return driver.getWindowStore(StoreNames.FAILURE_WINDOWS);
    }

    /** The failure window of (site, proxy, code) that contains {@code at}; null when none was counted. */
    FailureWindow failureWindow(String site, String proxy, String code, Instant at) {
        long size = params.windowSize().toMillis();
        long start = Math.floorDiv(at.toEpochMilli(), size) * size;
        return failureWindows().fetch(FailureWindow.key(site, proxy, code), start);
    }

    /** A Kafka Streams metric of the app ({@code <name>}), summed over tasks; 0 when never registered. */
    double metric(String name) {
        double sum = 0;
        for (Map.Entry<MetricName, ? extends Metric> m : driver.metrics().entrySet()) {
            if (m.getKey().name().equals(name)
                    && m.getKey().group().equals("stream-" + StageMetrics.SCOPE + "-metrics")) {
                sum += ((Number) m.getValue().metricValue()).doubleValue();
            }
        }
        return sum;
    }

    TopologyParams params() {
        return params;
    }

    @Override
    public void close() {
        driver.close();
        registry.close();
    }
}
