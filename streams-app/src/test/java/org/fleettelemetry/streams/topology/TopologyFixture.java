package org.fleettelemetry.streams.topology;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.EndpointHeartbeat;
import org.fleettelemetry.schemas.avro.EventKind;
import org.fleettelemetry.schemas.avro.LogFile;
import org.fleettelemetry.schemas.registry.FakeSchemaRegistry;
import org.fleettelemetry.schemas.serde.AvroSerde;
import org.fleettelemetry.streams.config.StreamsAppConfig.TopologyParams;
import org.fleettelemetry.streams.domain.EndpointStatus;

/**
 * The real topology ({@link ConnectivityTopology#build}) in a TopologyTestDriver, the Avro topics
 * through our serde and a fake registry over HTTP, with helpers to write the collector's events and
 * heartbeats as a fleet would and to read the alert topic and the stores.
 */
final class TopologyFixture implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-11-12T15:00:00Z");

    final FakeSchemaRegistry registry = FakeSchemaRegistry.start();
    final TopologyTestDriver driver;
    final TestInputTopic<String, EndpointEvent> events;
    final TestInputTopic<String, EndpointHeartbeat> heartbeats;
    final TestOutputTopic<String, ConnectivityAlert> alerts;
    final TestOutputTopic<byte[], byte[]> deadLetters;
    private final TopologyParams params;
    private Instant wall = T0;
    private int sequence;

    TopologyFixture() {
        this(TopologyParams.defaults());
    }

    TopologyFixture(TopologyParams params) {
        this.params = params;
        Map<String, Object> serde = Map.of("schema.registry.url", registry.url());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        props.put(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/topology-test-" + System.nanoTime());
        driver = new TopologyTestDriver(ConnectivityTopology.build(params, serde), props, T0);
        AvroSerde<EndpointEvent> eventSerde = AvroSerde.specific(EndpointEvent.class);
        eventSerde.configure(serde, false);
        AvroSerde<EndpointHeartbeat> beatSerde = AvroSerde.specific(EndpointHeartbeat.class);
        beatSerde.configure(serde, false);
        AvroSerde<ConnectivityAlert> alertSerde = AvroSerde.specific(ConnectivityAlert.class);
        alertSerde.configure(serde, false);
        events = driver.createInputTopic(params.eventsTopic(), Serdes.String().serializer(), eventSerde.serializer());
        heartbeats = driver.createInputTopic(params.heartbeatsTopic(), Serdes.String().serializer(), beatSerde.serializer());
        alerts = driver.createOutputTopic(params.alertsTopic(), Serdes.String().deserializer(), alertSerde.deserializer());
        deadLetters = driver.createOutputTopic(params.deadLetterTopic(), Serdes.ByteArray().deserializer(),
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

    void heartbeat(String site, String proxy, String endpoint) {
        heartbeats.pipeInput(endpoint, EndpointHeartbeat.newBuilder()
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
                .setCurlCode(5).setAgentHttpError(111).setLineProxy(proxy.split(":")[0])
                .setMessage("handle 0000023C45E27C50 failed with 5: Couldn't resolve proxy: " + proxy.split(":")[0])
                .build());
    }

    void healthy(String site, String proxy, String endpoint) {
        send(event(site, proxy, endpoint, EventKind.CONNECTION_OK, null).setFserr(0)
                .setSource("fs::xrssdk::DoormanCache::update").build());
    }

    List<ConnectivityAlert> readAlerts() {
        return alerts.readKeyValuesToList().stream().map(kv -> kv.value).toList();
    }

    List<KeyValue<String, ConnectivityAlert>> readAlertRecords() {
        return alerts.readKeyValuesToList();
    }

    KeyValueStore<String, ConnectivityAlert> openAlerts() {
        return driver.getKeyValueStore(Stores.OPEN_ALERTS);
    }

    KeyValueStore<String, EndpointStatus> endpointStatus() {
        return driver.getKeyValueStore(Stores.ENDPOINT_STATUS);
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
