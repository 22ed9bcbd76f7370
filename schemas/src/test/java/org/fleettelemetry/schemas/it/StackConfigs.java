package org.fleettelemetry.schemas.it;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.fleettelemetry.schemas.registry.SchemaRegistryClient;
import org.fleettelemetry.schemas.registry.SchemaRegistryClientConfig;
import org.fleettelemetry.stack.junit.KafkaStack;

/** Client settings for the shared IT stack, in the Confluent-style keys the serde reads. */
final class StackConfigs {

    private StackConfigs() {}

    /** The registry keys alone; short backoffs so that outage tests do not idle. */
    static Map<String, Object> registry(KafkaStack stack) {
        Map<String, Object> config = new HashMap<>();
        config.put(SchemaRegistryClientConfig.URL, stack.registryUrl());
        config.put(SchemaRegistryClientConfig.RETRY_BACKOFF_MS, 50);
        config.put(SchemaRegistryClientConfig.RETRY_BACKOFF_MAX_MS, 200);
        return config;
    }

    static SchemaRegistryClient client(KafkaStack stack) {
        return SchemaRegistryClient.create(registry(stack));
    }

    /** A producer map carrying the registry keys too, as an application's would. */
    static Map<String, Object> producer(KafkaStack stack) {
        Map<String, Object> config = registry(stack);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return config;
    }

    /** A consumer that is assigned partitions by the test, so no group coordination is involved. */
    static Map<String, Object> consumer(KafkaStack stack) {
        Map<String, Object> config = registry(stack);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return config;
    }
}
