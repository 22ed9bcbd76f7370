package org.fleettelemetry.collector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.fleettelemetry.collector.parse.ParsedEvent;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.stack.junit.KafkaStack;
import org.fleettelemetry.stack.junit.KafkaStackExtension;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The collector on the broker's SASL_PLAINTEXT listener (PLAIN), set up through {@code kafka.producer.*}. */
@ExtendWith(KafkaStackExtension.class)
class SaslIT {
    private static final String USER = "collector";
    private static final String PASSWORD = "collector-secret";

    @TempDir
    Path dir;

    @Test
    void shouldShipOverSaslPlainWhenTheCredentialsAreRight(KafkaStack stack) throws Exception {
        Assumptions.assumeTrue(stack.supportsFaults(), "the SASL listener is the local stack's");
        CollectorSettings.Endpoint endpoint = new CollectorSettings.Endpoint("pc-sasl-001", "espoo");
        Topics topics = Topics.create(stack, SaslIT.class, "shouldShipOverSaslPlain");
        Path log = dir.resolve("deepguard.log");
        new AgentLogGenerator(21L, LocalDateTime.of(2024, 8, 1, 10, 0)).append(log, 1_000);
        Path state = dir.resolve("state");

        try (InProcessCollector collector =
                InProcessCollector.start(sasl(stack, endpoint, log, state, topics, PASSWORD))) {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> collector.isCaughtUpWith(log));
        }

        ParsedFile expected = ParsedFile.of(
                log, endpoint, CheckpointFile.of(state, log).orElseThrow().identity());
        List<ConsumerRecord<String, EndpointEvent>> records =
                new TopicReader(stack).readAll(topics.events(), EndpointEvent.class);
        System.out.printf(
                "SaslIT: %d lines, %d events over SASL_PLAINTEXT/PLAIN, %d records%n",
                expected.lines().size(), expected.events().size(), records.size());
        assertThat(records.stream().map(ConsumerRecord::value).toList())
                .containsExactlyInAnyOrderElementsOf(
                        expected.events().stream().map(ParsedEvent::event).toList());
    }

    @Test
    void shouldSpoolEverythingAndShipNothingWhenThePasswordIsWrongThenShipItOnceFixed(KafkaStack stack)
            throws Exception {
        Assumptions.assumeTrue(stack.supportsFaults(), "the SASL listener is the local stack's");
        CollectorSettings.Endpoint endpoint = new CollectorSettings.Endpoint("pc-sasl-002", "espoo");
        Topics topics = Topics.create(stack, SaslIT.class, "shouldSpoolWhenThePasswordIsWrong");
        Path log = dir.resolve("fsscorplug.log");
        new AgentLogGenerator(22L, LocalDateTime.of(2024, 8, 2, 10, 0)).append(log, 1_000);
        Path state = dir.resolve("state");
        TopicReader reader = new TopicReader(stack);
        int eventsInFile = ParsedFile.of(log, endpoint, "count").events().size();

        try (InProcessCollector collector =
                InProcessCollector.start(sasl(stack, endpoint, log, state, topics, "wrong-secret"))) {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> collector.hasRead(log) && collector.eventsSpooled() >= eventsInFile);
            System.out.printf(
                    "SaslIT: wrong password: %s, %.0f events spooled%n",
                    collector.describe(), collector.eventsSpooled());
            assertThat(collector.collector().shipper().isSpooling()).isTrue();
            assertThat(collector.eventsSpooled()).isEqualTo(eventsInFile);
            assertThat(collector.spoolBytes()).isPositive();
            assertThat(reader.endOffset(topics.events()))
                    .as("nothing reached the topic")
                    .isZero();
            assertThat(collector.collector().tailer().files())
                    .allSatisfy(f -> assertThat(f.committedOffset())
                            .as("nothing committed that Kafka does not have")
                            .isZero());
        }

        try (InProcessCollector collector =
                InProcessCollector.start(sasl(stack, endpoint, log, state, topics, PASSWORD))) {
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> collector.isCaughtUpWith(log));
            assertThat(collector.spoolBytes()).isZero();
        }
        ParsedFile expected = ParsedFile.of(
                log, endpoint, CheckpointFile.of(state, log).orElseThrow().identity());
        Map<String, EndpointEvent> wanted = expected.events().stream()
                .map(ParsedEvent::event)
                .collect(Collectors.toMap(EndpointEvent::getEventId, Function.identity()));
        List<ConsumerRecord<String, EndpointEvent>> records = reader.readAll(topics.events(), EndpointEvent.class);
        Map<String, EndpointEvent> shipped = new HashMap<>();
        for (ConsumerRecord<String, EndpointEvent> record : records) {
            EndpointEvent earlier = shipped.putIfAbsent(record.value().getEventId(), record.value());
            assertThat(earlier == null || earlier.equals(record.value()))
                    .as("copies of %s are equal", record.value().getEventId())
                    .isTrue();
        }
        System.out.printf(
                "SaslIT: password fixed: %d events, %d records (%d duplicates: spooled copies and re-read copies)%n",
                wanted.size(), records.size(), records.size() - shipped.size());
        assertThat(shipped).as("the spool lost nothing").isEqualTo(wanted);
        assertThat(records.size() - shipped.size()).as("duplicates").isLessThanOrEqualTo(eventsInFile);
    }

    private static CollectorSettings sasl(
            KafkaStack stack,
            CollectorSettings.Endpoint endpoint,
            Path log,
            Path state,
            Topics topics,
            String password) {
        return CollectorSettings.of(stack, endpoint, log, state, topics)
                .set("kafka.bootstrap.servers", stack.saslBootstrapServers())
                .set("kafka.producer.security.protocol", "SASL_PLAINTEXT")
                .set("kafka.producer.sasl.mechanism", "PLAIN")
                .set(
                        "kafka.producer.sasl.jaas.config",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required" + " username=\"" + USER
                                + "\" password=\"" + password + "\";");
    }
}
