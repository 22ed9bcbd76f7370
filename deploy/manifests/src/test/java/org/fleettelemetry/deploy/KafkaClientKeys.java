package org.fleettelemetry.deploy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The apps pass {@code kafka.streams.*} and {@code kafka.producer.*} through to Kafka without knowing the names,
 * and Kafka only logs a name it does not know: a typo there would be silently ignored. These are the names Kafka's
 * own config definitions declare.
 */
final class KafkaClientKeys {
    private static final Set<String> CONSUMER = ConsumerConfig.configNames();
    private static final Set<String> PRODUCER = ProducerConfig.configNames();
    private static final Set<String> ADMIN = AdminClientConfig.configNames();
    private static final Set<String> TOPIC = topicConfigNames();

    private KafkaClientKeys() {}

    /** Keys (without the {@code kafka.streams.} prefix) that no Kafka Streams or client config declares. */
    static List<String> unknownStreamsKeys(Map<String, String> streams) {
        return streams.keySet().stream()
                .filter(k -> !knownToStreams(k))
                .sorted()
                .toList();
    }

    /** Keys (without the {@code kafka.producer.} prefix) the producer does not declare. */
    static List<String> unknownProducerKeys(Map<String, String> producer) {
        return producer.keySet().stream()
                .filter(k -> !PRODUCER.contains(k))
                .sorted()
                .toList();
    }

    private static boolean knownToStreams(String key) {
        if (StreamsConfig.configDef().names().contains(key)
                || CONSUMER.contains(key)
                || PRODUCER.contains(key)
                || ADMIN.contains(key)) {
            return true;
        }
        for (String prefix : List.of("main.consumer.", "restore.consumer.", "global.consumer.", "consumer.")) {
            if (key.startsWith(prefix)) {
                return CONSUMER.contains(key.substring(prefix.length()));
            }
        }
        if (key.startsWith("producer.")) {
            return PRODUCER.contains(key.substring("producer.".length()));
        }
        if (key.startsWith("admin.")) {
            return ADMIN.contains(key.substring("admin.".length()));
        }
        if (key.startsWith("topic.")) {
            return TOPIC.contains(key.substring("topic.".length()));
        }
        return false;
    }

    /** TopicConfig declares its names as constants only ({@code *_CONFIG}). */
    private static Set<String> topicConfigNames() {
        Set<String> names = new HashSet<>();
        for (Field f : TopicConfig.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers())
                    && f.getType() == String.class
                    && f.getName().endsWith("_CONFIG")) {
                try {
                    names.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return names;
    }
}
