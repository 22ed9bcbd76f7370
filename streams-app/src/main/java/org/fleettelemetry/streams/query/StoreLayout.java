package org.fleettelemetry.streams.query;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.TopologyDescription;

/**
 * Which sub-topology holds each store, and the topics it reads: partition p of a store lives in task (sub-topology, p),
 * so the tasks an instance runs say which partitions of a store it holds, and the streams metadata says which
 * partitions exist.
 */
final class StoreLayout {
    private record Placement(int subtopology, Set<String> sources) {}

    private final Map<String, Placement> stores = new HashMap<>();

    StoreLayout(TopologyDescription description) {
        for (TopologyDescription.Subtopology sub : description.subtopologies()) {
            Set<String> sources = new HashSet<>();
            Set<String> names = new HashSet<>();
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
                    sources.addAll(source.topicSet());
                } else if (node instanceof TopologyDescription.Processor processor) {
                    names.addAll(processor.stores());
                }
            }
            for (String store : names) {
                stores.put(store, new Placement(sub.id(), Set.copyOf(sources)));
            }
        }
    }

    int subtopology(String store) {
        return placement(store).subtopology();
    }

    /**
     * Whether the partition is one of the store's: its topic is a source of the store's sub-topology (internal topics
     * appear in the metadata with the application id in front).
     */
    boolean holds(String store, TopicPartition partition) {
        for (String source : placement(store).sources()) {
            String topic = partition.topic();
            if (topic.equals(source) || topic.endsWith("-" + source)) {
                return true;
            }
        }
        return false;
    }

    private Placement placement(String store) {
        Placement p = stores.get(store);
        if (p == null) {
            throw new IllegalArgumentException("no store " + store + " in the topology");
        }
        return p;
    }
}
