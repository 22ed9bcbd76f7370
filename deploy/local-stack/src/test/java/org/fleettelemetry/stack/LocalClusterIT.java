package org.fleettelemetry.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.fleettelemetry.stack.junit.LocalKafkaStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three local brokers as one KRaft cluster: every node registered, topics replicated three times with
 * min.insync.replicas 2, acks=all writes go on with one broker killed, the killed broker comes back with its
 * data, and a stop found through stack.env (the CLI's) stops all three.
 */
class LocalClusterIT {

    @TempDir
    Path dir;

    @Test
    void shouldKeepAcceptingAcksAllWritesWhenOneOfThreeBrokersIsKilled() throws Exception {
        long t0 = System.nanoTime();
        LocalKafkaStack cluster = LocalKafkaStack.start(dir.resolve("cluster"), 3);
        try {
            long up = System.nanoTime();
            assertThat(cluster.bootstrapServers().split(",")).hasSize(3);
            assertThat(LocalStack.runningIn(cluster.stack().dir())
                            .orElseThrow()
                            .getProperty("BROKER_PID")
                            .split(","))
                    .hasSize(3);
            try (Admin admin = Admin.create(cluster.adminConfig())) {
                assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                        .extracting(Node::id)
                        .containsExactlyInAnyOrder(1, 2, 3);
                assertThat(admin.describeMetadataQuorum()
                                .quorumInfo()
                                .get(30, TimeUnit.SECONDS)
                                .voters())
                        .hasSize(3);
            }

            String topic = "local-cluster-it";
            cluster.createTopics(Map.of(topic, 3));
            try (Admin admin = Admin.create(cluster.adminConfig())) {
                TopicDescription description = describeOnceKnown(admin, topic);
                assertThat(description.partitions())
                        .allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                assertThat(admin.describeConfigs(List.of(resource))
                                .all()
                                .get(30, TimeUnit.SECONDS)
                                .get(resource)
                                .get("min.insync.replicas")
                                .value())
                        .isEqualTo("2");
            }

            try (KafkaProducer<String, String> producer = producer(cluster.bootstrapServers())) {
                send(producer, topic, "before");
                cluster.killBroker(2);
                assertThat(cluster.broker(2).isRunning()).isFalse();
                // two of three replicas are in sync once the controller fences the dead one: acks=all succeeds
                send(producer, topic, "while-one-is-down");
                cluster.startBroker(2);
                assertThat(cluster.broker(2).isRunning()).isTrue();
                send(producer, topic, "after");
            }
            System.out.printf(
                    "LocalClusterIT: 3 brokers up in %.1f s, RSS %s MiB%n",
                    (up - t0) / 1e9,
                    cluster.stack().brokers().stream()
                            .map(b -> b.rssKib().map(k -> k / 1024).orElse(-1L))
                            .toList());

            long stopping = System.nanoTime();
            assertThat(LocalStack.stopRecorded(
                            StackHome.locate(), cluster.stack().dir()))
                    .isTrue();
            System.out.printf(
                    "LocalClusterIT: stopped through stack.env in %.1f s%n", (System.nanoTime() - stopping) / 1e9);
            assertThat(cluster.stack().brokers()).noneMatch(KafkaBroker::isRunning);
            assertThat(cluster.stack().registry().isRunning()).isFalse();
        } finally {
            cluster.close();
        }
        assertThat(Files.exists(dir.resolve("cluster"))).isFalse();
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(
                Map.<String, Object>of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                        60_000),
                new StringSerializer(),
                new StringSerializer());
    }

    private static void send(KafkaProducer<String, String> producer, String topic, String value) throws Exception {
        for (int partition = 0; partition < 3; partition++) {
            producer.send(new ProducerRecord<>(topic, partition, "k", value))
                    .get(Duration.ofSeconds(90).toSeconds(), TimeUnit.SECONDS);
        }
    }

    /**
     * The topic's description once the broker asked knows it: KRaft hands a new topic's metadata to each broker on its
     * own time, so a describe right after the create can meet a broker that does not host it yet (seen once in CI,
     * 2026-12-07: UnknownTopicOrPartitionException).
     */
    private static TopicDescription describeOnceKnown(Admin admin, String topic) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return admin.describeTopics(List.of(topic))
                        .allTopicNames()
                        .get(30, TimeUnit.SECONDS)
                        .get(topic);
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)
                        || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }
}
