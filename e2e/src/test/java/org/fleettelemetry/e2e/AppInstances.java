package org.fleettelemetry.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.fleettelemetry.stack.junit.KafkaStack;
import org.fleettelemetry.streams.StreamsApp;
import org.fleettelemetry.streams.config.StreamsAppConfig;

/**
 * Instances of the streams app sharing one application id on the real broker and registry, each with its own
 * state directory and HTTP port, as {@code ./run demo} starts them.
 */
final class AppInstances implements AutoCloseable {
    private final List<StreamsApp> apps = new ArrayList<>();

    static AppInstances start(
            int count, KafkaStack stack, Topics topics, Path stateRoot, Map<String, String> detection) {
        AppInstances instances = new AppInstances();
        try {
            for (int i = 0; i < count; i++) {
                instances.apps.add(StreamsApp.start(
                        StreamsAppConfig.from(config(stack, topics, stateRoot.resolve("instance-" + i), detection))));
            }
        } catch (RuntimeException e) {
            instances.close();
            throw e;
        }
        return instances;
    }

    /** One instance's settings: the test's topics and application id, its own state folder and HTTP port. */
    static Map<String, String> config(KafkaStack stack, Topics topics, Path stateDir, Map<String, String> detection) {
        Map<String, String> c = new HashMap<>(detection);
        c.put("application.id", topics.applicationId());
        c.put("kafka.bootstrap.servers", stack.bootstrapServers());
        c.put("schema.registry.url", stack.registryUrl());
        c.put("state.dir", stateDir.toString());
        c.put("topic.events", topics.events());
        c.put("topic.heartbeats", topics.heartbeats());
        c.put("topic.alerts", topics.alerts());
        c.put("topic.dead-letter", topics.deadLetter());
        c.put("topic.actions", topics.applicationId() + "-actions");
        c.put("http.port", Integer.toString(FreePorts.next()));
        c.put("kafka.streams.replication.factor", Integer.toString(stack.replicationFactor()));
        c.put("kafka.streams.commit.interval.ms", "200");
        c.put("kafka.streams.consumer.session.timeout.ms", "10000");
        return c;
    }

    /** The first instance (its query API: {@code http://127.0.0.1:<http.port>}). */
    StreamsApp first() {
        return apps.get(0);
    }

    boolean allRunning() {
        return apps.stream().allMatch(a -> a.streams().state() == KafkaStreams.State.RUNNING);
    }

    @Override
    public void close() {
        apps.forEach(a -> a.close(Duration.ofSeconds(30)));
    }

    /** The topics of one test, named after it. */
    record Topics(String applicationId, String events, String heartbeats, String alerts, String deadLetter) {
        static Topics named(String prefix) {
            return new Topics(
                    prefix.replaceAll("[^A-Za-z0-9_-]", "-"),
                    prefix + "events",
                    prefix + "heartbeats",
                    prefix + "alerts",
                    prefix + "dlq");
        }

        void create(KafkaStack stack) {
            stack.createTopics(
                    Map.of(events, 4, heartbeats, 4, alerts, 1, deadLetter, 1, applicationId + "-actions", 1));
        }
    }
}
