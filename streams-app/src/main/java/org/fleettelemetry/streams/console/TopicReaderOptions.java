package org.fleettelemetry.streams.console;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.fleettelemetry.schemas.serde.AvroDeserializer;
import picocli.CommandLine.Option;

/** Where to read from and how, shared by the commands that read an Avro topic. */
public final class TopicReaderOptions {
    @Option(names = "--bootstrap-servers", defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}")
    String bootstrap;

    @Option(
            names = "--registry-url",
            defaultValue = "${env:SCHEMA_REGISTRY_URL:-http://127.0.0.1:8081/apis/ccompat/v7}")
    String registryUrl;

    @Option(names = "--from-beginning", description = "Start at the oldest record kept (default: only new ones)")
    boolean fromBeginning;

    /** A read_committed consumer of its own (no committed offsets) subscribed to {@code topic}. */
    <V> KafkaConsumer<String, V> open(String topic, String purpose, AvroDeserializer<V> values) {
        values.configure(Map.of("schema.registry.url", registryUrl), false);
        KafkaConsumer<String, V> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        purpose + "-" + ProcessHandle.current().pid(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        fromBeginning ? "earliest" : "latest",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                new StringDeserializer(),
                values);
        consumer.subscribe(List.of(topic));
        return consumer;
    }
}
