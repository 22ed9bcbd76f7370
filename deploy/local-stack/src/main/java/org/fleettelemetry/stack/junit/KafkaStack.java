package org.fleettelemetry.stack.junit;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * What an integration test gets: a real Kafka broker (or a local cluster of them) and a real schema registry. The
 * extension's stack is one per test JVM, shared by every IT in it; tests keep apart by their own topic names and
 * application ids ({@link TestNames}).
 */
public interface KafkaStack {
    String bootstrapServers();

    /** A SASL_PLAINTEXT listener accepting PLAIN user {@code collector} / {@code collector-secret}. */
    String saslBootstrapServers();

    /** Base URL of the Confluent-compatible registry API. */
    String registryUrl();

    /** Stops the broker (its data is kept), for outage tests. */
    void stopBroker();

    /** Starts the broker stopped by {@link #stopBroker()} again on the same address. */
    void startBroker();

    /** Stops the registry; {@link #startRegistry()} brings it back (with its schemas: they are kept on disk). */
    void stopRegistry();

    void startRegistry();

    /** Whether {@link #stopBroker()} and friends work (not on Testcontainers). */
    boolean supportsFaults();

    /** The replicas a topic gets here: one on a single broker. */
    default int replicationFactor() {
        return 1;
    }

    /** The replicas that must have a write for acks=all to succeed. */
    default int minInsyncReplicas() {
        return 1;
    }

    default Map<String, Object> adminConfig() {
        return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    }

    /**
     * Creates topics (name -> partitions) with {@link #replicationFactor()} replicas and {@link #minInsyncReplicas()},
     * waiting until they exist.
     */
    default void createTopics(Map<String, Integer> partitionsByName) {
        try (Admin admin = Admin.create(adminConfig())) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            var fresh = partitionsByName.entrySet().stream()
                    .filter(e -> !existing.contains(e.getKey()))
                    .map(e -> new NewTopic(e.getKey(), e.getValue(), (short) replicationFactor())
                            .configs(Map.of(
                                    TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInsyncReplicas()))))
                    .toList();
            if (!fresh.isEmpty()) {
                admin.createTopics(fresh).all().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("creating topics " + partitionsByName.keySet() + " failed", e);
        }
    }
}
