package org.fleettelemetry.streams.config;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.fleettelemetry.streams.topology.DeadLetterHandler;

/** The Kafka Streams settings for the app, from its config: safe defaults, then {@code kafka.streams.*}. */
public final class StreamsProperties {
    /** The producers' batch size (see {@link #of}). */
    private static final int PRODUCER_BATCH_BYTES = 64 * 1024;
    /** The producers' compression (see {@link #of}). */
    private static final String PRODUCER_COMPRESSION = "lz4";

    private StreamsProperties() {}

    public static Properties of(StreamsAppConfig config) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toAbsolutePath().toString());
        p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName());
        p.put(DeadLetterHandler.CONFIG_TOPIC, config.topology().deadLetterTopic());
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 1);
        p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, config.advertisedHost() + ":" + config.httpPort());
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // Events and heartbeats share a task, and the heartbeat partition is empty most of the time. With the
        // default (0) Kafka 4.4 checks that partition's fetched lag before every record and String.formats a log
        // line each time (12% of the stream thread in PipelineBench); all it buys is a wait when heartbeats are on
        // the broker but not yet fetched. The rules do not need that ordering: endpoint status and tracks keep the
        // newest event time whatever the arrival order, and heartbeats never enter a failure window.
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        // 64 KiB producer batches instead of 16 KiB: in a storm nearly every event changes another endpoint's value,
        // so each commit sends about one changelog record per event, and the 16 KiB batches were full (15,305 bytes on
        // average). The producer's network thread costs per request, not per record: four interleaved storms
        // (PipelineBench --only storm, 2026-12-07) took it from 2.70 and 3.31 CPU us/event to 1.46 and 1.34. linger.ms
        // stays at Kafka Streams' 100 ms, the commit interval: a batch goes when it is full or when the commit flushes
        // the producer. kafka.streams.producer.batch.size replaces it.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), PRODUCER_BATCH_BYTES);
        // lz4 batches: what the producers send is mostly the endpoint values' changelog, a record per changed endpoint
        // per commit whose site, proxy and product recur from record to record. In a storm a changelog record took 56
        // bytes on the broker instead of 339, and a batch held about 740 records instead of 190, so the network
        // thread, which costs per request, has a quarter of the requests to send (figures: BENCHMARKS-ANALYSIS.md,
        // "Session 20"). Every Kafka client reads lz4 (KafkaJS with an lz4 codec plugin).
        // kafka.streams.producer.compression.type replaces it.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), PRODUCER_COMPRESSION);
        // One RocksDB budget for the whole instance; kafka.streams.rocksdb.config.setter (put below) replaces it.
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbConfig.class.getName());
        p.put(BoundedRocksDbConfig.MEMORY_CONFIG, config.stateMemory().bytes());
        p.put(
                BoundedRocksDbConfig.WRITE_BUFFER_RATIO_CONFIG,
                config.stateMemory().writeBufferRatio());
        p.putAll(config.streams());
        return p;
    }

    /** What the Avro serdes need: the registry URL and the registry client settings (basic auth, timeouts, ...). */
    public static Map<String, Object> serdeConfig(StreamsAppConfig config) {
        Map<String, Object> serde = new HashMap<>(config.registry());
        serde.put("schema.registry.url", config.schemaRegistryUrl());
        return serde;
    }
}
