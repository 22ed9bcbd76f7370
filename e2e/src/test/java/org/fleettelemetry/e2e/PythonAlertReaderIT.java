package org.fleettelemetry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.fleettelemetry.schemas.avro.AlertStatus;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.EndpointHeartbeat;
import org.fleettelemetry.schemas.avro.EventKind;
import org.fleettelemetry.schemas.avro.LogFile;
import org.fleettelemetry.schemas.avro.OutageScope;
import org.fleettelemetry.schemas.it.PythonClient;
import org.fleettelemetry.schemas.registry.CompatibilityLevel;
import org.fleettelemetry.schemas.registry.SchemaRegistryClient;
import org.fleettelemetry.schemas.registry.SchemaRegistryClientConfig;
import org.fleettelemetry.schemas.serde.AvroDeserializer;
import org.fleettelemetry.schemas.serde.AvroSerializer;
import org.fleettelemetry.schemas.serde.SchemaHistory;
import org.fleettelemetry.stack.junit.KafkaStack;
import org.fleettelemetry.stack.junit.KafkaStackExtension;
import org.fleettelemetry.stack.junit.TestNames;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alerts as a SOC outside the JVM reads them: the topology runs a short proxy DNS outage at one site and a
 * firewall timeout at another on the real broker and registry, and Debian's python3-confluent-kafka
 * ({@code confluent_kafka.avro}, read_committed) must decode every alert record to exactly what our deserializer
 * reads, field by field.
 */
@ExtendWith(KafkaStackExtension.class)
class PythonAlertReaderIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final String HEL_PROXY = "proxy.hel.example:3128";
    private static final String BER_PROXY = "proxy.ber.example:8080";
    private static final String DOORMAN = "doorman.sc.fsapi.com";
    private static final int PER_SITE = 10;
    private static final int FAILING = 5;
    private static final String HUB = "proxy.hub.example:8080";
    private static final List<String> SPOKES = List.of("ber", "hel", "osl");

    @TempDir
    Path dir;

    private int sequence;

    @BeforeAll
    static void outsideClient() {
        PythonClient.requireInstalled();
    }

    @Test
    void shouldDecodeTheAlertsInPythonAsOurDeserializerDoes(KafkaStack stack) throws Exception {
        AppInstances.Topics topics = AppInstances.Topics.named(TestNames.of(PythonAlertReaderIT.class, "python", ""));
        topics.create(stack);
        Map<String, String> detection = Map.of("detect.group.wait", "2s", "evaluate.interval", "2s");
        try (AppInstances app = AppInstances.start(1, stack, topics, dir, detection);
                AlertLog soc = new AlertLog(stack, topics.alerts());
                KafkaProducer<String, SpecificRecord> producer = producer(stack)) {
            await().atMost(Duration.ofMinutes(3)).until(app::allRunning);
            for (int i = 0; i < PER_SITE; i++) {
                send(producer, topics.heartbeats(), beat("hel", HEL_PROXY, i));
                send(producer, topics.heartbeats(), beat("ber", BER_PROXY, i));
            }
            for (int i = 0; i < FAILING; i++) {
                send(producer, topics.events(), proxyDnsFailure(i));
                send(producer, topics.events(), firewallTimeout(i));
            }
            producer.flush();
            await().atMost(Duration.ofMinutes(2)).until(() -> count(soc.poll(), AlertStatus.OPEN) == 2);

            for (int i = 0; i < FAILING; i++) {
                send(producer, topics.events(), doormanOk("hel", HEL_PROXY, i));
                send(producer, topics.events(), doormanOk("ber", BER_PROXY, i));
            }
            producer.flush();
            await().atMost(Duration.ofMinutes(2)).until(() -> count(soc.poll(), AlertStatus.RESOLVED) == 2);
            soc.pollFor(Duration.ofSeconds(3));

            List<ConsumerRecord<String, ConnectivityAlert>> ours = soc.records();
            assertThat(ours).extracting(r -> r.value().getErrorClass()).containsOnly("PROXY_DNS", "TIMEOUT");
            assertPythonReadsAlike(stack, topics, ours);
        }
    }

    /**
     * A proxy that 3 sites share refuses connections: the topology publishes ONE proxy outage (outageScope PROXY,
     * scope FLEET). The subject holds the previous schema (v2) under FULL compatibility before the app writes, so the
     * real registry must accept v3 as its next version; python decodes the records field by field as we do, and a
     * reader on v2 (the schema a SOC tool built before this change has) decodes them too.
     */
    @Test
    void shouldGiveAProxyOutageToPythonAndToAReaderOfThePreviousSchema(KafkaStack stack) throws Exception {
        AppInstances.Topics topics = AppInstances.Topics.named(TestNames.of(PythonAlertReaderIT.class, "hub", ""));
        topics.create(stack);
        String subject = topics.alerts() + "-value";
        Schema previous = SchemaHistory.connectivityAlert().get(1);
        try (SchemaRegistryClient registry =
                SchemaRegistryClient.create(Map.of(SchemaRegistryClientConfig.URL, stack.registryUrl()))) {
            registry.setSubjectCompatibility(subject, CompatibilityLevel.FULL);
            registry.register(subject, previous);
            Map<String, String> detection =
                    Map.of("detect.group.wait", "2s", "evaluate.interval", "2s", "api.tokens", ACTION_TOKEN);
            try (AppInstances app = AppInstances.start(1, stack, topics, dir, detection);
                    AlertLog soc = new AlertLog(stack, topics.alerts());
                    KafkaProducer<String, SpecificRecord> producer = producer(stack)) {
                await().atMost(Duration.ofMinutes(3)).until(app::allRunning);
                for (String site : SPOKES) {
                    for (int i = 0; i < PER_SITE; i++) {
                        send(producer, topics.heartbeats(), beat(site, HUB, i));
                    }
                }
                for (String site : SPOKES) {
                    for (int i = 0; i < FAILING; i++) {
                        send(producer, topics.events(), refused(site, i));
                    }
                }
                producer.flush();
                await().atMost(Duration.ofMinutes(2)).until(() -> count(soc.poll(), AlertStatus.OPEN) == 1);
                // #16's fields (ConnectivityAlert v4): a silence and an acknowledgement, which the next records carry
                String alertId = soc.records().get(0).value().getAlertId();
                int port = app.first().config().httpPort();
                assertThat(post(
                                        port,
                                        "/api/v1/silences",
                                        "{\"matchers\":[{\"name\":\"errorClass\","
                                                + "\"value\":\"CONNECT_REFUSED\",\"isRegex\":false,\"isEqual\":true}],"
                                                + "\"startsAt\":\"" + Instant.now() + "\",\"endsAt\":\""
                                                + Instant.now().plusSeconds(3600)
                                                + "\",\"comment\":\"hub maintenance\"}")
                                .statusCode())
                        .isEqualTo(201);
                assertThat(post(port, "/api/v1/outages/" + alertId + "/ack", "{\"comment\":\"hub team on it\"}")
                                .statusCode())
                        .isEqualTo(200);
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    soc.poll();
                    return soc.records().stream()
                            .map(ConsumerRecord::value)
                            .anyMatch(a -> !a.getSilencedBy().isEmpty() && a.getAcknowledgedBy() != null);
                });
                for (String site : SPOKES) {
                    for (int i = 0; i < FAILING; i++) {
                        send(producer, topics.events(), doormanOk(site, HUB, i));
                    }
                }
                producer.flush();
                await().atMost(Duration.ofMinutes(2)).until(() -> count(soc.poll(), AlertStatus.RESOLVED) == 1);
                soc.pollFor(Duration.ofSeconds(3));

                List<ConsumerRecord<String, ConnectivityAlert>> ours = soc.records();
                assertThat(ours)
                        .extracting(
                                r -> r.value().getOutageScope(), r -> r.value().getProxy())
                        .as("one proxy outage, no SITE and no FLEET alert")
                        .containsOnly(org.assertj.core.groups.Tuple.tuple(OutageScope.PROXY, HUB));
                assertThat(ours.get(0).value().getSites()).containsExactlyElementsOf(SPOKES);
                assertThat(registry.versions(subject))
                        .as("the registry took the current version (v4) as the next version of the subject under FULL")
                        .hasSize(2);

                List<JsonNode> theirs = assertPythonReadsAlike(stack, topics, ours);
                assertThat(theirs)
                        .as("python reads the silence and the acknowledgement")
                        .anySatisfy(t -> {
                            assertThat(t.get("value").get("silencedBy")).hasSize(1);
                            assertThat(t.get("value").get("acknowledgedBy").asText())
                                    .isEqualTo("api-token");
                            assertThat(t.get("value").get("acknowledgeComment").asText())
                                    .isEqualTo("hub team on it");
                        });
                assertThat(theirs)
                        .extracting(t -> t.get("value").get("outageScope").asText())
                        .containsOnly("PROXY");

                List<GenericRecord> asPrevious = readRaw(stack, topics.alerts(), ours.size()).stream()
                        .map(bytes ->
                                AvroDeserializer.generic(registry, previous).deserialize(topics.alerts(), bytes))
                        .toList();
                assertThat(asPrevious).hasSameSizeAs(ours);
                for (int i = 0; i < ours.size(); i++) {
                    ConnectivityAlert alert = ours.get(i).value();
                    GenericRecord old = asPrevious.get(i);
                    assertThat(old.getSchema().getField("outageScope")).isNull();
                    assertThat(old.get("alertId")).hasToString(alert.getAlertId());
                    assertThat(old.get("scope")).hasToString("FLEET");
                    assertThat(old.get("site")).isNull();
                    assertThat(old.get("proxy")).hasToString(HUB);
                    assertThat((List<?>) old.get("sites")).map(String::valueOf).containsExactlyElementsOf(SPOKES);
                    assertThat(old.get("cause")).hasToString(alert.getCause());
                    assertThat(old.get("status")).hasToString(alert.getStatus().name());
                }
            }
        }
    }

    private static final String ACTION_TOKEN = "python-it-token";

    private static java.net.http.HttpResponse<String> post(int port, String path, String json) throws Exception {
        return java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
                                .header("Authorization", "Bearer " + ACTION_TOKEN)
                                .header("Content-Type", "application/json")
                                .timeout(Duration.ofSeconds(30))
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(json))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    /** The alert topic's raw values, read_committed, from the start. */
    private static List<byte[]> readRaw(KafkaStack stack, String topic, int count) {
        List<byte[]> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        stack.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        topic + "-raw",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofMinutes(1)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> out.add(r.value()));
                return out.size() >= count;
            });
        }
        return out;
    }

    /** Python (read_committed, the writer schema by id from the registry) reads every record as we do. */
    private static List<JsonNode> assertPythonReadsAlike(
            KafkaStack stack, AppInstances.Topics topics, List<ConsumerRecord<String, ConnectivityAlert>> ours)
            throws Exception {
        List<JsonNode> theirs = PythonClient.runScript(
                "/e2e/read_alerts.py",
                Duration.ofMinutes(2),
                List.of(
                        "--bootstrap", stack.bootstrapServers(),
                        "--registry", stack.registryUrl(),
                        "--topic", topics.alerts(),
                        "--group", topics.alerts() + "-python",
                        "--count", Integer.toString(ours.size()),
                        "--timeout-sec", "90"));

        assertThat(theirs).hasSameSizeAs(ours);
        for (int i = 0; i < ours.size(); i++) {
            ConsumerRecord<String, ConnectivityAlert> ourRecord = ours.get(i);
            JsonNode their = theirs.get(i);
            ConnectivityAlert alert = ourRecord.value();
            System.out.printf(
                    "PythonAlertReaderIT: offset %d %s %s %s read alike by python%n",
                    ourRecord.offset(), alert.getStatus(), alert.getErrorClass(), alert.getAlertId());
            assertThat(their.get("offset").asLong()).isEqualTo(ourRecord.offset());
            assertThat(their.get("key").asText()).isEqualTo(ourRecord.key()).isEqualTo(alert.getAlertId());
            JsonNode value = their.get("value");
            assertThat(value.get("alertId").asText()).isEqualTo(alert.getAlertId());
            assertThat(value.get("status").asText()).isEqualTo(alert.getStatus().name());
            assertThat(value.get("scope").asText()).isEqualTo(alert.getScope().name());
            assertThat(value.get("cause").asText()).isNotBlank().isEqualTo(alert.getCause());
            assertThat(JSON.convertValue(value.get("remediation"), STRINGS))
                    .isNotEmpty()
                    .isEqualTo(alert.getRemediation());
            assertThat(value)
                    .as("every field of the record at offset %d", ourRecord.offset())
                    .isEqualTo(asJson(alert));
        }
        return theirs;
    }

    /** The record as plain JSON, the way the python side prints it: enums by symbol, timestamps in millis. */
    private static JsonNode asJson(ConnectivityAlert alert) throws Exception {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Schema.Field f : ConnectivityAlert.getClassSchema().getFields()) {
            fields.put(f.name(), plain(alert.get(f.pos())));
        }
        // through text, so numbers take the same node types as the python output parsed by the same mapper
        return JSON.readTree(JSON.writeValueAsString(fields));
    }

    private static Object plain(Object value) {
        if (value instanceof Instant instant) {
            return instant.toEpochMilli();
        }
        if (value instanceof Enum<?> symbol) {
            return symbol.name();
        }
        if (value instanceof CharSequence text) {
            return text.toString();
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(item -> out.add(plain(item)));
            return out;
        }
        if (value instanceof IndexedRecord record) {
            Map<String, Object> fields = new LinkedHashMap<>();
            for (Schema.Field f : record.getSchema().getFields()) {
                fields.put(f.name(), plain(record.get(f.pos())));
            }
            return fields;
        }
        return value;
    }

    private static long count(List<ConnectivityAlert> alerts, AlertStatus status) {
        return alerts.stream().filter(a -> a.getStatus() == status).count();
    }

    private static void send(KafkaProducer<String, SpecificRecord> producer, String topic, SpecificRecord value) {
        String key = value instanceof EndpointEvent e ? e.getEndpointId() : ((EndpointHeartbeat) value).getEndpointId();
        producer.send(new ProducerRecord<>(topic, key, value));
    }

    private static KafkaProducer<String, SpecificRecord> producer(KafkaStack stack) {
        AvroSerializer<SpecificRecord> values = new AvroSerializer<>();
        values.configure(Map.of("schema.registry.url", stack.registryUrl()), false);
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        stack.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new StringSerializer(),
                values);
    }

    private static String pc(String site, int i) {
        return site + "-pc-" + String.format("%03d", i + 1);
    }

    private static EndpointHeartbeat beat(String site, String proxy, int i) {
        return EndpointHeartbeat.newBuilder()
                .setEndpointId(pc(site, i))
                .setSite(site)
                .setProxy(proxy)
                .setProduct("Elements EPP for Computers")
                .setCollectorVersion("e2e")
                .setTimestamp(Instant.now())
                .setLinesSinceLast(1)
                .setFailuresSinceLast(0)
                .setSpoolBytes(0)
                .build();
    }

    private EndpointEvent.Builder event(String site, String proxy, int i) {
        return EndpointEvent.newBuilder()
                .setEventId(pc(site, i) + ":e2e:" + (sequence++))
                .setEndpointId(pc(site, i))
                .setSite(site)
                .setProxy(proxy)
                .setProduct("Elements EPP for Computers")
                .setLogFile(LogFile.FSSCORPLUG)
                .setTimestamp(Instant.now());
    }

    private EndpointEvent proxyDnsFailure(int i) {
        return event("hel", HEL_PROXY, i)
                .setLevel(".W")
                .setSource("CurlQuery::completeWithStatus")
                .setMessage("failed with 5: Couldn't resolve proxy: proxy.hel.example")
                .setKind(EventKind.CONNECTION_FAILURE)
                .setErrorCode("curl:5")
                .setCurlCode(5)
                .setAgentHttpError(111)
                .setLineProxy("proxy.hel.example")
                .build();
    }

    /** curl 7 through the hub: the proxy refuses the connection. */
    private EndpointEvent refused(String site, int i) {
        return event(site, HUB, i)
                .setLevel(".W")
                .setSource("CurlQuery::completeWithStatus")
                .setMessage("failed with 7: Failed to connect to proxy.hub.example port 8080: Connection refused")
                .setKind(EventKind.CONNECTION_FAILURE)
                .setErrorCode("curl:7")
                .setCurlCode(7)
                .build();
    }

    private EndpointEvent firewallTimeout(int i) {
        return event("ber", BER_PROXY, i)
                .setLogFile(LogFile.SPPLUG)
                .setLevel(".W")
                .setSource("fs::rs::WinSocket::Impl::waitForConnection")
                .setMessage("wait failed: 258; connection timeout: " + DOORMAN)
                .setKind(EventKind.CONNECTION_FAILURE)
                .setErrorCode("wait:258")
                .setWaitCode(258)
                .setTargetHost(DOORMAN)
                .build();
    }

    private EndpointEvent doormanOk(String site, String proxy, int i) {
        return event(site, proxy, i)
                .setLevel("I")
                .setSource("fs::xrssdk::DoormanCache::update")
                .setMessage("doorman cooldown is off, ttl: 15, fserr: 0")
                .setKind(EventKind.CONNECTION_OK)
                .setFserr(0)
                .build();
    }
}
