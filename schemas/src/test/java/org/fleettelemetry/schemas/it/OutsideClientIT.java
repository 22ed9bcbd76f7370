package org.fleettelemetry.schemas.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.EndpointHeartbeat;
import org.fleettelemetry.schemas.registry.SchemaRegistryClient;
import org.fleettelemetry.schemas.serde.AvroDeserializer;
import org.fleettelemetry.schemas.serde.AvroSerializer;
import org.fleettelemetry.schemas.serde.SampleRecords;
import org.fleettelemetry.stack.junit.KafkaStack;
import org.fleettelemetry.stack.junit.KafkaStackExtension;
import org.fleettelemetry.stack.junit.TestNames;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Our wire format and registry use cross-checked with an implementation we did not write: Debian's
 * python3-confluent-kafka ({@code confluent_kafka.avro}, python3-avro underneath), against the same
 * real broker and registry, in both directions.
 */
@ExtendWith(KafkaStackExtension.class)
class OutsideClientIT {

    private static final long SEED = Long.getLong("serde.seed", 0x5eed_2025_0717L);
    private static final int EVENTS = 200;
    private static final int HEARTBEATS = 50;
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration CONSUME_DEADLINE = Duration.ofMinutes(2);
    private static final Path HEARTBEAT_AVSC =
            Path.of("src/main/avro/EndpointHeartbeat.avsc").toAbsolutePath();

    private static KafkaStack stack;

    @BeforeAll
    static void outsideClientAndStack(KafkaStack given) {
        PythonClient.requireInstalled();
        stack = given;
    }

    @Test
    void shouldDecodeOurRecordsInPythonWhenWrittenToRealTopic() throws Exception {
        System.out.println("OutsideClientIT seed=" + SEED + " (rerun with -Dserde.seed=" + SEED + ")");
        String topic = TestNames.of(OutsideClientIT.class, "shouldDecodeOurRecordsInPython", "events");
        stack.createTopics(Map.of(topic, 1));
        Random random = new Random(SEED);
        List<EndpointEvent> sent = new ArrayList<>(EVENTS);
        sent.add(SampleRecords.endpointEvent());
        while (sent.size() < EVENTS) {
            sent.add(SampleRecords.randomEndpointEvent(random));
        }
        try (SchemaRegistryClient client = StackConfigs.client(stack)) {
            // instances given to a producer are not configured by it: the key side must be told it is one
            AvroSerializer<String> keys = new AvroSerializer<>(client);
            keys.configure(StackConfigs.registry(stack), true);
            writeAll(topic, sent, keys, new AvroSerializer<>(client));
        }

        List<JsonNode> decoded = PythonClient.runScript(
                "consume_avro.py",
                SCRIPT_TIMEOUT,
                List.of(
                        "--bootstrap", stack.bootstrapServers(),
                        "--registry", stack.registryUrl(),
                        "--topic", topic,
                        "--group", TestNames.of(OutsideClientIT.class, "shouldDecodeOurRecordsInPython", "python"),
                        "--count", Integer.toString(EVENTS),
                        "--timeout-sec", Long.toString(CONSUME_DEADLINE.toSeconds())));

        assertThat(decoded).hasSize(EVENTS);
        for (int i = 0; i < EVENTS; i++) {
            JsonNode line = decoded.get(i);
            assertThat(line.get("offset").asLong()).isEqualTo(i);
            assertThat(line.get("key").asText())
                    .as("key at offset %d", i)
                    .isEqualTo(sent.get(i).getEndpointId());
            assertThat(line.get("value")).as("value at offset %d", i).isEqualTo(PlainJson.of(sent.get(i)));
        }
    }

    @Test
    void shouldDecodePythonHeartbeatsWithOurDeserializerWhenPythonRegisteredTheAvsc() throws IOException {
        String topic = TestNames.of(OutsideClientIT.class, "shouldDecodePythonHeartbeats", "heartbeats");
        stack.createTopics(Map.of(topic, 1));
        assertThat(HEARTBEAT_AVSC)
                .as("the contract, read from the module directory")
                .isRegularFile();

        List<JsonNode> produced = PythonClient.runScript(
                "produce_heartbeats.py",
                SCRIPT_TIMEOUT,
                List.of(
                        "--bootstrap", stack.bootstrapServers(),
                        "--registry", stack.registryUrl(),
                        "--topic", topic,
                        "--schema", HEARTBEAT_AVSC.toString(),
                        "--count", Integer.toString(HEARTBEATS)));
        List<ConsumerRecord<byte[], byte[]>> records = consumeRaw(topic, HEARTBEATS);

        assertThat(produced).hasSize(HEARTBEATS);
        assertThat(records).hasSize(HEARTBEATS);
        try (SchemaRegistryClient client = StackConfigs.client(stack)) {
            AvroDeserializer<Object> keys = new AvroDeserializer<>(client);
            AvroDeserializer<EndpointHeartbeat> values = AvroDeserializer.specific(EndpointHeartbeat.class, client);
            for (int i = 0; i < HEARTBEATS; i++) {
                ConsumerRecord<byte[], byte[]> record = records.get(i);
                JsonNode line = produced.get(i);
                assertThat(line.get("offset").asLong()).isEqualTo(record.offset());
                assertThat(keys.deserialize(topic, record.key()))
                        .isEqualTo(line.get("key").asText());
                assertThat(values.deserialize(topic, record.value()))
                        .as("heartbeat at offset %d", i)
                        .isEqualTo(heartbeat(line.get("value")));
            }
            Schema contract = new Schema.Parser().parse(Files.readString(HEARTBEAT_AVSC));
            int valueId = Framed.schemaId(records.get(0).value());
            assertThat(client.schemaById(valueId))
                    .as("the schema python registered")
                    .isEqualTo(contract);
            assertThat(client.latest(topic + "-value").id()).isEqualTo(valueId);
            assertThat(client.schemaById(Framed.schemaId(records.get(0).key())))
                    .isEqualTo(Schema.create(Schema.Type.STRING));
        }
    }

    private static void writeAll(
            String topic, List<EndpointEvent> events, AvroSerializer<String> keys, AvroSerializer<EndpointEvent> values)
            throws Exception {
        try (KafkaProducer<String, EndpointEvent> producer =
                new KafkaProducer<>(StackConfigs.producer(stack), keys, values)) {
            for (EndpointEvent event : events) {
                producer.send(new ProducerRecord<>(topic, event.getEndpointId(), event))
                        .get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> consumeRaw(String topic, int count) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>(count);
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                StackConfigs.consumer(stack), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + CONSUME_DEADLINE.toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }

    private static EndpointHeartbeat heartbeat(JsonNode value) {
        return EndpointHeartbeat.newBuilder()
                .setEndpointId(value.get("endpointId").asText())
                .setSite(value.get("site").asText())
                .setProxy(value.get("proxy").asText())
                .setProduct(value.get("product").asText())
                .setCollectorVersion(value.get("collectorVersion").asText())
                .setTimestamp(Instant.ofEpochMilli(value.get("timestamp").asLong()))
                .setLinesSinceLast(value.get("linesSinceLast").asLong())
                .setFailuresSinceLast(value.get("failuresSinceLast").asLong())
                .setSpoolBytes(value.get("spoolBytes").asLong())
                .build();
    }
}
