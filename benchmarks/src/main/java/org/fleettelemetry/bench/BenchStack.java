package org.fleettelemetry.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.fleettelemetry.stack.LocalStack;
import org.fleettelemetry.stack.StackHome;

/**
 * The broker and registry the harness measures against: a local stack it starts in a folder of its own
 * on free ports, or one already running (given by address). Holds one Admin client for topics and offsets.
 */
public final class BenchStack implements AutoCloseable {
    private final LocalStack owned;
    private final String bootstrap;
    private final RegistryAddress registry;
    private final StackHome home;
    private final Admin admin;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);

    private BenchStack(LocalStack owned, String bootstrap, RegistryAddress registry, StackHome home) {
        this.owned = owned;
        this.bootstrap = bootstrap;
        this.registry = registry;
        this.home = home;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    public static BenchStack start(Path dir) throws IOException {
        StackHome home = StackHome.locate();
        LocalStack stack = LocalStack.create(home, dir, 0, 0);
        stack.start();
        return new BenchStack(
                stack,
                stack.broker().bootstrapServers(),
                RegistryAddress.of(stack.registry().url()),
                home);
    }

    public static BenchStack attach(String bootstrap, String registryUrl) {
        return new BenchStack(null, bootstrap, RegistryAddress.of(registryUrl), StackHome.locate());
    }

    /** A topic name of this run: runs on the same stack never share a topic. */
    public String topic(String base) {
        return base + "." + runId;
    }

    public String bootstrap() {
        return bootstrap;
    }

    public RegistryAddress registry() {
        return registry;
    }

    /** The broker's jars, with Kafka's own tools (ProducerPerformance, ConsumerPerformance). */
    public Path brokerLib() {
        return home.brokerLib();
    }

    public Admin admin() {
        return admin;
    }

    public void createTopic(String name, int partitions) throws IOException {
        try {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
                    .all()
                    .get();
        } catch (ExecutionException e) {
            throw new IOException("cannot create topic " + name, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** End offsets per partition; waits (up to 30 s) for a topic just created to show in the metadata. */
    public Map<TopicPartition, Long> endOffsets(String topic) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                return tryEndOffsets(topic);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw new IOException("cannot read the end offsets of " + topic, e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    private Map<TopicPartition, Long> tryEndOffsets(String topic) throws ExecutionException, InterruptedException {
        List<TopicPartition> partitions =
                admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .toList();
        Map<TopicPartition, OffsetSpec> latest =
                partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e :
                admin.listOffsets(latest).all().get().entrySet()) {
            ends.put(e.getKey(), e.getValue().offset());
        }
        return ends;
    }

    public long endOffsetSum(String topic) throws IOException {
        return endOffsets(topic).values().stream().mapToLong(Long::longValue).sum();
    }

    public Map<TopicPartition, OffsetAndMetadata> committed(String group) throws IOException {
        try {
            return admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get();
        } catch (ExecutionException e) {
            throw new IOException("cannot read the offsets of group " + group, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** The streams app's four topics: events and heartbeats with {@code inputPartitions}, alerts and dead letters with one. */
    public void createAppTopics(StreamsConfigs.Topics topics, int inputPartitions) throws IOException {
        createTopic(topics.events(), inputPartitions);
        createTopic(topics.heartbeats(), inputPartitions);
        createTopic(topics.alerts(), 1);
        createTopic(topics.deadLetter(), 1);
    }

    /** Whether the group has committed the end offset of every non-empty partition in {@code ends}. */
    public boolean caughtUp(String group, Map<TopicPartition, Long> ends) throws IOException {
        return caughtUp(committed(group), ends);
    }

    /** Whether the offsets {@code at} (a group's committed ones) reach every non-empty partition's end. */
    public static boolean caughtUp(Map<TopicPartition, OffsetAndMetadata> at, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            OffsetAndMetadata offset = at.get(end.getKey());
            if (end.getValue() > 0 && (offset == null || offset.offset() < end.getValue())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        admin.close();
        if (owned != null) {
            owned.close();
        }
    }
}
