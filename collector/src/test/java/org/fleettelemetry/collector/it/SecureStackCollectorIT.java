package org.fleettelemetry.collector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.fleettelemetry.collector.parse.ParsedEvent;
import org.fleettelemetry.collector.ship.EventShipper;
import org.fleettelemetry.collector.testing.CapturedLogs;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.registry.SchemaRegistration;
import org.fleettelemetry.schemas.registry.SchemaRegistryClient;
import org.fleettelemetry.schemas.serde.AvroDeserializer;
import org.fleettelemetry.stack.BrokerSecurity;
import org.fleettelemetry.stack.LocalStack;
import org.fleettelemetry.stack.StackHome;
import org.fleettelemetry.stack.junit.FaultReport;
import org.fleettelemetry.stack.junit.KafkaStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector on the secure stack ({@code deploy/stack start --secure}), started once for the class: SASL_SSL with
 * SCRAM-SHA-512 as the principal {@code collector}, trusting the stack's CA, on the real topic names its ACLs name;
 * the registry through its nginx front as {@code collector} (read only), with {@code auto.register.schemas=false} and
 * {@code use.latest.version=true}: the schemas are registered by the deploy step, as admin ({@link
 * SchemaRegistration}, what {@code streams-app schemas register} runs). The first test runs before that step.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecureStackCollectorIT {
    private static LocalStack stack;
    private static BrokerSecurity security;
    private static KafkaStack asKafkaStack;

    @RegisterExtension
    final CapturedLogs shipperLogs = CapturedLogs.of(EventShipper.class);

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        Path home = Files.createTempDirectory("secure-collector-it");
        stack = LocalStack.createSecure(StackHome.locate(), home.resolve("stack"), 0, 0);
        stack.start();
        security = stack.security().orElseThrow();
        asKafkaStack = new AdminView();
        asKafkaStack.createTopics(
                Map.of(BrokerSecurity.EVENTS, 3, BrokerSecurity.HEARTBEATS, 1, BrokerSecurity.ALERTS, 1));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void shouldSpoolWhileTheSchemasAreNotRegisteredNamingTheSubjectThenShipEverythingOnceTheyAre() throws Exception {
        CollectorSettings.Endpoint endpoint = new CollectorSettings.Endpoint("pc-secure-000", "espoo");
        Path log = dir.resolve("fsscorplug.log");
        int lines = new AgentLogGenerator(30L, LocalDateTime.of(2024, 8, 31, 10, 0)).append(log, 300);
        Path state = dir.resolve("state");
        int eventsInFile = ParsedFile.of(log, endpoint, "count").events().size();
        long before = readEvents().size();

        try (InProcessCollector collector =
                InProcessCollector.start(secure(endpoint, log, state, security.password(BrokerSecurity.COLLECTOR)))) {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> collector.hasRead(log) && collector.eventsSpooled() >= eventsInFile);
            assertThat(readEvents()).as("nothing reached the topic").hasSize((int) before);
            assertThat(shipperLogs.events())
                    .anySatisfy(e -> assertThat(e.getFormattedMessage())
                            .contains("subject '" + BrokerSecurity.EVENTS + "-value' not found"));

            List<SchemaRegistration.Outcome> registered = registerAsAdmin();
            assertThat(registered).anySatisfy(o -> assertThat(o.registered()).isTrue());

            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> collector.isCaughtUpWith(log) && collector.spoolBytes() == 0);
        }
        ParsedFile expected = ParsedFile.of(
                log, endpoint, CheckpointFile.of(state, log).orElseThrow().identity());
        Set<String> wanted = new HashSet<>();
        expected.events().stream().map(ParsedEvent::event).forEach(e -> wanted.add(e.getEventId()));
        Set<String> shipped = new HashSet<>();
        List<EndpointEvent> records = readEvents().stream()
                .filter(e -> e.getEndpointId().equals(endpoint.id()))
                .toList();
        records.forEach(e -> shipped.add(e.getEventId()));
        Set<String> lost = new HashSet<>(wanted);
        lost.removeAll(shipped);
        new FaultReport(
                        "schemas not registered yet (secure registry, auto.register.schemas=false), then registered by"
                                + " admin",
                        lines,
                        shipped.size(),
                        records.size() - shipped.size(),
                        lost.size(),
                        0,
                        "lines in, distinct events out; all " + eventsInFile + " events spooled while the subject was"
                                + " missing (the WARN names it), none rejected, the spool shipped once registered")
                .publish();
        assertThat(shipped)
                .as("the spool lost nothing while the subject was missing")
                .isEqualTo(wanted);
        assertThat(new java.io.File(state.toFile(), "rejected.jsonl"))
                .as("nothing rejected")
                .doesNotExist();
    }

    @Test
    @Order(2)
    void shouldSpoolOnAWrongPasswordNamingAuthenticationThenShipEverythingOnceFixed() throws Exception {
        registerAsAdmin();
        CollectorSettings.Endpoint endpoint = new CollectorSettings.Endpoint("pc-secure-001", "espoo");
        Path log = dir.resolve("fsscorplug.log");
        new AgentLogGenerator(31L, LocalDateTime.of(2024, 9, 1, 10, 0)).append(log, 500);
        Path state = dir.resolve("state");
        int eventsInFile = ParsedFile.of(log, endpoint, "count").events().size();

        try (InProcessCollector collector = InProcessCollector.start(secure(endpoint, log, state, "wrong-secret"))) {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> collector.hasRead(log) && collector.eventsSpooled() >= eventsInFile);
            assertThat(collector.eventsSpooled()).isEqualTo(eventsInFile);
            assertThat(readEvents())
                    .as("nothing of this endpoint reached the topic")
                    .noneMatch(e -> e.getEndpointId().equals(endpoint.id()));
        }
        assertThat(shipperLogs.events())
                .anySatisfy(e -> assertThat(e.getFormattedMessage())
                        .contains("SaslAuthenticationException")
                        .contains("Authentication failed"));

        try (InProcessCollector collector =
                InProcessCollector.start(secure(endpoint, log, state, security.password(BrokerSecurity.COLLECTOR)))) {
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> collector.isCaughtUpWith(log));
            assertThat(collector.spoolBytes()).isZero();
        }
        ParsedFile expected = ParsedFile.of(
                log, endpoint, CheckpointFile.of(state, log).orElseThrow().identity());
        Set<String> wanted = new HashSet<>();
        expected.events().stream().map(ParsedEvent::event).forEach(e -> wanted.add(e.getEventId()));
        Set<String> shipped = new HashSet<>();
        List<EndpointEvent> records = readEvents().stream()
                .filter(e -> e.getEndpointId().equals(endpoint.id()))
                .toList();
        records.forEach(e -> shipped.add(e.getEventId()));
        System.out.printf(
                "SecureStackCollectorIT: %d events, %d records over SASL_SSL/SCRAM after the password was fixed%n",
                wanted.size(), records.size());
        assertThat(shipped).as("the spool lost nothing").isEqualTo(wanted);
        assertThat(records.size() - shipped.size())
                .as("duplicates (spooled copies and re-read copies, as in SaslIT)")
                .isLessThanOrEqualTo(eventsInFile);
    }

    @Test
    @Order(3)
    void shouldRefuseTheCollectorWritingTheAlertsTopicAndLogItNamingAuthorization() throws Exception {
        registerAsAdmin();
        CollectorSettings.Endpoint endpoint = new CollectorSettings.Endpoint("pc-secure-002", "espoo");
        Path log = dir.resolve("fsscorplug.log");
        new AgentLogGenerator(32L, LocalDateTime.of(2024, 9, 2, 10, 0)).append(log, 100);
        Path state = dir.resolve("state");
        CollectorSettings forged = secure(endpoint, log, state, security.password(BrokerSecurity.COLLECTOR))
                .set("topic.events", BrokerSecurity.ALERTS);
        try (InProcessCollector collector = InProcessCollector.start(forged)) {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> shipperLogs.events().stream()
                            .anyMatch(e -> e.getFormattedMessage().contains("TopicAuthorizationException")));
            assertThat(collector.collector().tailer().files())
                    .allSatisfy(f -> assertThat(f.committedOffset())
                            .as("nothing committed that Kafka does not have")
                            .isZero());
        }
        assertThat(endOffset(BrokerSecurity.ALERTS))
                .as("nothing written to the alerts topic")
                .isZero();
    }

    private CollectorSettings secure(CollectorSettings.Endpoint endpoint, Path log, Path state, String password) {
        return CollectorSettings.of(
                        asKafkaStack,
                        endpoint,
                        log,
                        state,
                        new Topics(BrokerSecurity.EVENTS, BrokerSecurity.HEARTBEATS))
                .set("kafka.producer.security.protocol", "SASL_SSL")
                .set("kafka.producer.sasl.mechanism", BrokerSecurity.MECHANISM)
                .set("kafka.producer.sasl.jaas.config", BrokerSecurity.jaas(BrokerSecurity.COLLECTOR, password))
                .set("kafka.producer.ssl.truststore.type", "PEM")
                .set("kafka.producer.ssl.truststore.location", security.caPem().toString())
                .set("schema.registry.ssl.truststore.type", "PEM")
                .set("schema.registry.ssl.truststore.location", security.caPem().toString())
                .set("basic.auth.credentials.source", "USER_INFO")
                .set(
                        "basic.auth.user.info",
                        BrokerSecurity.COLLECTOR + ":" + security.password(BrokerSecurity.COLLECTOR))
                .set("auto.register.schemas", "false")
                .set("use.latest.version", "true");
    }

    /** The registry client settings of a principal: the front's URL, the stack's CA, its password. */
    private static Map<String, Object> registryAs(String principal) {
        Map<String, Object> c = new HashMap<>();
        c.put("schema.registry.url", stack.registryUrl());
        c.put("schema.registry.ssl.truststore.type", "PEM");
        c.put("schema.registry.ssl.truststore.location", security.caPem().toString());
        c.put("basic.auth.credentials.source", "USER_INFO");
        c.put("basic.auth.user.info", principal + ":" + security.password(principal));
        return c;
    }

    /** The deploy step (idempotent): every contract registered as admin. */
    private static List<SchemaRegistration.Outcome> registerAsAdmin() {
        try (SchemaRegistryClient admin = SchemaRegistryClient.create(registryAs(BrokerSecurity.ADMIN))) {
            return SchemaRegistration.register(
                    admin,
                    Map.of("topic.events", BrokerSecurity.EVENTS, "topic.heartbeats", BrokerSecurity.HEARTBEATS),
                    SchemaRegistration.DEFAULT_COMPATIBILITY);
        }
    }

    /** Everything in the events topic, read as admin. */
    private static List<EndpointEvent> readEvents() {
        AvroDeserializer<EndpointEvent> values = AvroDeserializer.specific(EndpointEvent.class);
        values.configure(registryAs(BrokerSecurity.ADMIN), false);
        try (KafkaConsumer<String, EndpointEvent> consumer =
                new KafkaConsumer<>(asKafkaStack.adminConfig(), new StringDeserializer(), values)) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(BrokerSecurity.EVENTS, Duration.ofSeconds(30)).stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<EndpointEvent> records = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read the events topic to " + end);
                }
                for (ConsumerRecord<String, EndpointEvent> r : consumer.poll(Duration.ofMillis(200))) {
                    records.add(r.value());
                }
            }
            return records;
        }
    }

    private static long endOffset(String topic) {
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(asKafkaStack.adminConfig(), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            return consumer.endOffsets(partitions).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }
    }

    /** The secure stack as the ITs' {@link KafkaStack}, every admin call made as the principal admin. */
    private static final class AdminView implements KafkaStack {
        @Override
        public String bootstrapServers() {
            return stack.bootstrapServers();
        }

        @Override
        public String saslBootstrapServers() {
            return stack.bootstrapServers();
        }

        @Override
        public String registryUrl() {
            return stack.registryUrl();
        }

        @Override
        public Map<String, Object> adminConfig() {
            Map<String, Object> c =
                    new HashMap<>(security.clientConfig(stack.bootstrapServers(), BrokerSecurity.ADMIN));
            c.put("enable.auto.commit", false);
            return c;
        }

        @Override
        public void stopBroker() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void startBroker() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void stopRegistry() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void startRegistry() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean supportsFaults() {
            return false;
        }
    }
}
