package org.fleettelemetry.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.schemas.serde.AvroDeserializer;
import org.fleettelemetry.stack.junit.KafkaStack;

/**
 * Everything the SOC would see on an alerts topic, in order: a read_committed consumer (the app writes
 * transactionally, so aborted attempts of a takeover never show) with our own Avro deserializer.
 */
final class AlertLog implements AutoCloseable {
    private final KafkaConsumer<String, ConnectivityAlert> consumer;
    private final List<ConsumerRecord<String, ConnectivityAlert>> records = new ArrayList<>();

    AlertLog(KafkaStack stack, String topic) {
        AvroDeserializer<ConnectivityAlert> values = AvroDeserializer.specific(ConnectivityAlert.class);
        values.configure(Map.of("schema.registry.url", stack.registryUrl()), false);
        consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        stack.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        topic + "-soc",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                new StringDeserializer(),
                values);
        consumer.subscribe(List.of(topic));
    }

    /** Reads what arrived within about half a second; returns every alert seen so far. */
    List<ConnectivityAlert> poll() {
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        return alerts();
    }

    List<ConnectivityAlert> alerts() {
        return records.stream().map(ConsumerRecord::value).toList();
    }

    List<ConsumerRecord<String, ConnectivityAlert>> records() {
        return List.copyOf(records);
    }

    /** Keeps reading for the whole period, so that whatever would follow has the time to show. */
    List<ConnectivityAlert> pollFor(Duration period) {
        long until = System.nanoTime() + period.toNanos();
        while (System.nanoTime() < until) {
            poll();
        }
        return alerts();
    }

    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
