package org.fleettelemetry.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.schemas.serde.AvroDeserializer;
import org.fleettelemetry.schemas.serde.AvroSerializer;

/** Kafka clients with our serde, as the pipeline's producers and the SOC's consumer use them. */
public final class Clients {
    private Clients() {}

    /**
     * Durable and compressed like the collector's producer (acks=all, idempotent, lz4, linger 20 ms), in 256 KiB
     * batches: one producer here stands for many collectors. lz4 since 2026-12-07: the collector moved from zstd to
     * lz4 and this harness had not followed, so the streams app decompressed zstd batches that no collector sends
     * (a zstd-jni context per batch, 2 % of the stream thread in the storm).
     */
    public static KafkaProducer<String, SpecificRecord> producer(BenchStack stack) {
        AvroSerializer<SpecificRecord> values = new AvroSerializer<>();
        values.configure(Map.of("schema.registry.url", stack.registry().ccompat()), false);
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        return new KafkaProducer<>(p, new StringSerializer(), values);
    }

    /** Reads alerts as the SOC does: read_committed, from the start, subscribed before anything is produced. */
    public static KafkaConsumer<String, ConnectivityAlert> alertConsumer(BenchStack stack, String topic, String group) {
        AvroDeserializer<ConnectivityAlert> values = AvroDeserializer.specific(ConnectivityAlert.class);
        values.configure(Map.of("schema.registry.url", stack.registry().ccompat()), false);
        KafkaConsumer<String, ConnectivityAlert> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        stack.bootstrap(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        group,
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                        50),
                new StringDeserializer(),
                values);
        consumer.subscribe(List.of(topic));
        return consumer;
    }
}
