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
 *
 * <p>Measured with {@code PipelineBench} (BENCHMARKS.md): lz4 costs the collector no more CPU than zstd
 * and, unlike zstd-jni, allocates no native compression context per batch (glibc kept those pages: RSS);
 * the broker also decompresses it more cheaply to validate. A 64 KiB batch (compressed size) holds
 * hundreds of events, so the backlog rate is the same as with 256 KiB, and 4 MiB of buffer is over a
 * second of events at 5k lines/s: what the producer pools is heap, which is 24 MiB on an endpoint.
 * Kafka's JMX reporter is off: nothing reads it on an endpoint, and its MBeans cost classes and heap
 * ({@code kafka.producer.metric.reporters=org.apache.kafka.common.metrics.JmxReporter} brings it back).
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
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 4L * 1024 * 1024);
        p.put(ProducerConfig.METRIC_REPORTER_CLASSES_CONFIG, "");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        p.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 200);
        p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 5_000);
        p.putAll(config.producer());
        return p;
    }

    public static KafkaProducer<String, SpecificRecord> create(CollectorConfig config, SchemaRegistryClient registry) {
        return new KafkaProducer<>(defaults(config), new StringSerializer(), valueSerializer(config, registry));
    }

    /** The events' and heartbeats' serializer: Avro in the Confluent wire format, schemas through the registry. */
    public static AvroSerializer<SpecificRecord> valueSerializer(
            CollectorConfig config, SchemaRegistryClient registry) {
        Map<String, Object> serde = new HashMap<>(config.registry());
        serde.put("schema.registry.url", config.schemaRegistryUrl());
        AvroSerializer<SpecificRecord> values = new AvroSerializer<>(registry);
        values.configure(serde, false);
        return values;
    }

    public static SchemaRegistryClient registry(CollectorConfig config) {
        Map<String, Object> serde = new HashMap<>(config.registry());
        serde.put("schema.registry.url", config.schemaRegistryUrl());
        return SchemaRegistryClient.create(serde);
    }
}
