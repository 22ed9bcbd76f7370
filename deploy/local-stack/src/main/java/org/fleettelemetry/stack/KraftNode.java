package org.fleettelemetry.stack;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Where one KRaft node (combined broker + controller) stands in its cluster: its id, the controller quorum, the
 * cluster id its storage is formatted with, and the replication a cluster of {@code clusterSize} nodes affords.
 */
public record KraftNode(int nodeId, String quorumVoters, String clusterId, int clusterSize) {
    private static final int MAX_REPLICATION = 3;

    /** The one node of a single-node stack: it is its own quorum, and nothing can have more than one replica. */
    public static KraftNode single(int controllerPort) {
        return new KraftNode(1, "1@127.0.0.1:" + controllerPort, randomClusterId(), 1);
    }

    /** Nodes 1..n, one per controller port, all voters of one quorum and formatted with one cluster id. */
    public static List<KraftNode> cluster(List<Integer> controllerPorts) {
        String voters = IntStream.range(0, controllerPorts.size())
                .mapToObj(i -> (i + 1) + "@127.0.0.1:" + controllerPorts.get(i))
                .collect(Collectors.joining(","));
        String clusterId = randomClusterId();
        List<KraftNode> nodes = new ArrayList<>();
        for (int i = 0; i < controllerPorts.size(); i++) {
            nodes.add(new KraftNode(i + 1, voters, clusterId, controllerPorts.size()));
        }
        return List.copyOf(nodes);
    }

    public int replicationFactor() {
        return Math.min(clusterSize, MAX_REPLICATION);
    }

    /** One replica may be away (a broker restarting) and acks=all still succeeds; a single node can only have one. */
    public int minInsyncReplicas() {
        return Math.max(1, replicationFactor() - 1);
    }

    /** Three brokers share this machine's two cores and its memory with the apps: each gets a modest heap. */
    List<String> heap() {
        return clusterSize == 1 ? List.of("-Xms256m", "-Xmx768m") : List.of("-Xms128m", "-Xmx256m");
    }

    /**
     * A deadline, not a pace: a node of a cluster waits for a quorum of JVMs that start side by side on two cores,
     * each start of many seconds when the machine is busy.
     */
    Duration readyTimeout() {
        return clusterSize == 1 ? Duration.ofSeconds(90) : Duration.ofSeconds(240);
    }

    String processName() {
        return clusterSize == 1 ? "kafka-broker" : "kafka-broker-" + nodeId;
    }

    /** Kafka cluster ids are URL-safe base64 of a UUID, without padding; never starting with '-', which the
     * storage tool would take for an option. */
    static String randomClusterId() {
        while (true) {
            UUID uuid = UUID.randomUUID();
            ByteBuffer buffer = ByteBuffer.allocate(16);
            buffer.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }
}
