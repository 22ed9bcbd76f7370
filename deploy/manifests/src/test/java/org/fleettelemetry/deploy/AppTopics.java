package org.fleettelemetry.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.TopologyDescription;
import org.fleettelemetry.streams.config.StreamsAppConfig;
import org.fleettelemetry.streams.config.StreamsProperties;
import org.fleettelemetry.streams.topology.ConnectivityTopology;

/**
 * The topics the streams app needs to exist, taken from its real topology built from a manifest's config: the
 * topics each sub-topology reads, those it writes (and the global store's topic, which its REST API writes), and the
 * dead-letter topic. Internal (repartition) topics are
 * the app's own business: Kafka Streams creates them.
 */
record AppTopics(List<Set<String>> readTogether, Set<String> written, String deadLetter) {
    private static final String INTERNAL_SUFFIX = "-repartition";

    static AppTopics of(StreamsAppConfig config) {
        TopologyDescription description = ConnectivityTopology.build(
                        config.topology(), StreamsProperties.serdeConfig(config))
                .describe();
        List<Set<String>> readTogether = new ArrayList<>();
        Set<String> written = new TreeSet<>();
        for (TopologyDescription.Subtopology sub : description.subtopologies()) {
            Set<String> read = new TreeSet<>();
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Source source) {
                    source.topicSet().stream()
                            .filter(t -> !t.endsWith(INTERNAL_SUFFIX))
                            .forEach(read::add);
                } else if (node instanceof TopologyDescription.Sink sink
                        && sink.topic() != null
                        && !sink.topic().endsWith(INTERNAL_SUFFIX)) {
                    written.add(sink.topic());
                }
            }
            if (!read.isEmpty()) {
                readTogether.add(read);
            }
        }
        // the global store's topic (the actions): read by every instance, and written by its REST API
        for (TopologyDescription.GlobalStore global : description.globalStores()) {
            readTogether.add(new TreeSet<>(global.source().topicSet()));
            written.addAll(global.source().topicSet());
        }
        return new AppTopics(
                List.copyOf(readTogether),
                Set.copyOf(written),
                config.topology().deadLetterTopic());
    }

    Set<String> read() {
        Set<String> all = new TreeSet<>();
        readTogether.forEach(all::addAll);
        return all;
    }

    Set<String> all() {
        Set<String> all = new TreeSet<>(read());
        all.addAll(written);
        all.add(deadLetter);
        return all;
    }
}
