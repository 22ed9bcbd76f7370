package org.fleettelemetry.streams.console;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.fleettelemetry.config.ConfigReader;
import org.fleettelemetry.config.ConfigSource;
import org.fleettelemetry.schemas.registry.RegistrySettings;
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

    @Option(
            names = "--config",
            description = "Properties for a secured cluster and registry: kafka.consumer.* (security.protocol, SASL,"
                    + " TLS), the registry client's keys (schema.registry.*, basic.auth.*), and optionally"
                    + " kafka.bootstrap.servers and schema.registry.url; unknown keys are refused")
    Path config;

    /** A read_committed consumer of its own (no committed offsets) subscribed to {@code topic}. */
    <V> KafkaConsumer<String, V> open(String topic, String purpose, AvroDeserializer<V> values) {
        Map<String, String> consumerSettings = Map.of();
        Map<String, Object> serde = new HashMap<>();
        if (config != null) {
            ConfigReader r = new ConfigReader(ConfigSource.readProperties(config));
            bootstrap = r.string("kafka.bootstrap.servers", bootstrap);
            registryUrl = r.string("schema.registry.url", registryUrl);
            consumerSettings = r.prefixed("kafka.consumer.");
            serde.putAll(RegistrySettings.read(r, registryUrl));
            r.finish();
        }
        serde.put("schema.registry.url", registryUrl);
        values.configure(serde, false);
        Map<String, Object> c = new HashMap<>(consumerSettings);
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        // the console's group starts with soc-, the prefix the soc-reader principal may use on the secure stack
        c.put(
                ConsumerConfig.GROUP_ID_CONFIG,
                purpose + "-" + ProcessHandle.current().pid());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<String, V> consumer = new KafkaConsumer<>(c, new StringDeserializer(), values);
        consumer.subscribe(List.of(topic));
        return consumer;
    }
}
