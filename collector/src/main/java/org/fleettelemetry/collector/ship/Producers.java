package org.fleettelemetry.collector.ship;

import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.fleettelemetry.collector.config.CollectorConfig;
import org.fleettelemetry.schemas.registry.SchemaRegistryClient;
import org.fleettelemetry.schemas.serde.AvroSerializer;

/**
 * The collector's Kafka producer: durable by default (acks=all, idempotent), compressed, batched, with
 * a small memory budget for an endpoint; fails fast enough (max.block.ms, delivery.timeout.ms) that an
 * unreachable broker sends events to the spool instead of stalling the tailer. Anything under
 * {@code kafka.producer.*} overrides these (TLS, SASL, tuning).
 */
public final class Producers {
    private Producers() {}

    public static Map<String, Object> defaults(CollectorConfig config) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "collector-" + config.endpointId());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 16L * 1024 * 1024);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        p.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 200);
        p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 5_000);
        p.putAll(config.producer());
        return p;
    }

    public static KafkaProducer<String, SpecificRecord> create(CollectorConfig config, SchemaRegistryClient registry) {
        Map<String, Object> serde = new HashMap<>(config.registry());
        serde.put("schema.registry.url", config.schemaRegistryUrl());
        AvroSerializer<SpecificRecord> values = new AvroSerializer<>(registry);
        values.configure(serde, false);
        return new KafkaProducer<>(defaults(config), new StringSerializer(), values);
    }

    public static SchemaRegistryClient registry(CollectorConfig config) {
        Map<String, Object> serde = new HashMap<>(config.registry());
        serde.put("schema.registry.url", config.schemaRegistryUrl());
        return SchemaRegistryClient.create(serde);
    }
}
