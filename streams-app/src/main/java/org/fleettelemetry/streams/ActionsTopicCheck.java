package org.fleettelemetry.streams;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The actions topic feeds a global store, which Kafka Streams cannot start without: when it is missing (a stack
 * upgraded from a version without actions), it is created as the deploy manifests create it, with the broker's default
 * replication, and a warning says so. Deployments that forbid the app to create topics create it beforehand.
 */
final class ActionsTopicCheck {
    private static final Logger log = LoggerFactory.getLogger(ActionsTopicCheck.class);
    /** 90 days: the audit period; no action younger than this is compacted away. */
    static final String AUDIT_PERIOD_MS = "7776000000";

    private ActionsTopicCheck() {}

    static void ensure(Properties streamsProperties, String topic) {
        Properties admin = new Properties();
        for (Map.Entry<Object, Object> e : streamsProperties.entrySet()) {
            if (AdminClientConfig.configNames().contains(e.getKey().toString())) {
                admin.put(e.getKey(), e.getValue());
            }
        }
        try (Admin client = Admin.create(admin)) {
            if (!client.listTopics(new ListTopicsOptions().listInternal(false))
                    .names()
                    .get(60, TimeUnit.SECONDS)
                    .contains(topic)) {
                create(client, topic);
            }
            awaitLeaders(client, topic);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the actions topic", e);
        } catch (TimeoutException | ExecutionException e) {
            throw new IllegalStateException("cannot check the actions topic " + topic + ": " + e.getMessage(), e);
        }
    }

    private static void create(Admin client, String topic)
            throws InterruptedException, TimeoutException, ExecutionException {
        NewTopic created = new NewTopic(topic, Optional.of(1), Optional.empty())
                .configs(Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", AUDIT_PERIOD_MS));
        try {
            client.createTopics(List.of(created)).all().get(60, TimeUnit.SECONDS);
            log.warn(
                    "created the actions topic {} (compacted, min.compaction.lag.ms={}): it was missing",
                    topic,
                    AUDIT_PERIOD_MS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create the actions topic " + topic + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Until every partition of the topic has a leader in the broker's metadata: a topic created a moment ago (by this
     * check, or by a deploy step just before the app starts) can be listed before its partitions are, and the global
     * store then fails at once with "no partitions available" (seen with three apps starting together in
     * ReplayOrderIT).
     */
    private static void awaitLeaders(Admin client, String topic)
            throws InterruptedException, TimeoutException, ExecutionException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                TopicDescription d = client.describeTopics(List.of(topic))
                        .allTopicNames()
                        .get(30, TimeUnit.SECONDS)
                        .get(topic);
                if (d != null
                        && !d.partitions().isEmpty()
                        && d.partitions().stream().allMatch(p -> p.leader() != null)) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the actions topic " + topic + " has no partition with a leader after 30 s");
            }
            Thread.sleep(100);
        }
    }
}
