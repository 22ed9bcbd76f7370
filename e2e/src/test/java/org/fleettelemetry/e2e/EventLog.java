package org.fleettelemetry.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.serde.AvroDeserializer;
import org.fleettelemetry.stack.junit.KafkaStack;

/** Everything on an events topic up to its end now: each event id with the time Kafka took it first. */
final class EventLog {
    private EventLog() {}

    /** Event id -> the earliest record timestamp (the collector's send time) of its copies. */
    static Map<String, Instant> read(KafkaStack stack, String topic, Duration deadline) {
        AvroDeserializer<EndpointEvent> values = AvroDeserializer.specific(EndpointEvent.class);
        values.configure(Map.of("schema.registry.url", stack.registryUrl()), false);
        Map<String, Instant> firstSeen = new HashMap<>();
        KafkaConsumer<String, EndpointEvent> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        stack.bootstrapServers(),
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                new StringDeserializer(),
                values);
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long until = System.nanoTime() + deadline.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > until) {
                    throw new IllegalStateException("reading " + topic + " to its end took over " + deadline);
                }
                consumer.poll(Duration.ofMillis(500))
                        .forEach(r -> firstSeen.merge(
                                r.value().getEventId(),
                                Instant.ofEpochMilli(r.timestamp()),
                                (a, b) -> a.isBefore(b) ? a : b));
            }
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
        return firstSeen;
    }
}
