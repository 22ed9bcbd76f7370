package org.fleettelemetry.deploy;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.streams.StreamsConfig;
import org.fleettelemetry.stack.BrokerSecurity;
import org.fleettelemetry.streams.config.StreamsAppConfig;
import org.fleettelemetry.streams.config.StreamsProperties;

/**
 * The grants each app needs, derived from what its code touches: the streams app's topics from its real topology
 * ({@link AppTopics}, built from a manifest's config), its internal topics, group and transactional ids from its
 * application.id and processing guarantee as Kafka Streams names them; the collector's two topics from its config;
 * the SOC reader's alerts topic (the one the app writes) and the console's consumer group prefix. Every producer is
 * idempotent (Kafka's default since 3.0, and the collector's acks=all): cluster IdempotentWrite, which Write on a
 * topic also allows since Kafka 3.0 (KIP-679); all three tables grant it, as older brokers need it.
 */
final class AppNeeds {
    /** The principals of issue #17, as the secure local stack names them. admin is a super user: no ACLs. */
    static final String COLLECTOR = BrokerSecurity.COLLECTOR;

    static final String STREAMS_APP = BrokerSecurity.STREAMS_APP;
    static final String SOC_READER = BrokerSecurity.SOC_READER;
    static final Set<String> APPS = Set.of(COLLECTOR, STREAMS_APP, SOC_READER);

    private AppNeeds() {}

    /** Every app principal's needed grants, ordered. */
    static Set<Grant> of(
            StreamsAppConfig streams, String collectorEvents, String collectorHeartbeats, String socGroup) {
        Set<Grant> needs = new TreeSet<>(Grant.ORDER);
        for (String topic : Set.of(collectorEvents, collectorHeartbeats)) {
            needs.add(Grant.literal(COLLECTOR, ResourceType.TOPIC, topic, AclOperation.WRITE));
            needs.add(Grant.literal(COLLECTOR, ResourceType.TOPIC, topic, AclOperation.DESCRIBE));
        }
        needs.add(Grant.cluster(COLLECTOR, AclOperation.IDEMPOTENT_WRITE));

        needs.addAll(streamsApp(streams));

        needs.add(
                Grant.literal(SOC_READER, ResourceType.TOPIC, streams.topology().alertsTopic(), AclOperation.READ));
        needs.add(
                Grant.literal(SOC_READER, ResourceType.TOPIC, streams.topology().alertsTopic(), AclOperation.DESCRIBE));
        String socPrefix = groupPrefix(socGroup);
        needs.add(Grant.prefixed(SOC_READER, ResourceType.GROUP, socPrefix, AclOperation.READ));
        needs.add(Grant.prefixed(SOC_READER, ResourceType.GROUP, socPrefix, AclOperation.DESCRIBE));
        return needs;
    }

    private static Set<Grant> streamsApp(StreamsAppConfig config) {
        Set<Grant> needs = new TreeSet<>(Grant.ORDER);
        AppTopics topics = AppTopics.of(config);
        for (String topic : topics.read()) {
            needs.add(Grant.literal(STREAMS_APP, ResourceType.TOPIC, topic, AclOperation.READ));
            needs.add(Grant.literal(STREAMS_APP, ResourceType.TOPIC, topic, AclOperation.DESCRIBE));
        }
        Set<String> written = new TreeSet<>(topics.written());
        written.add(topics.deadLetter());
        for (String topic : written) {
            needs.add(Grant.literal(STREAMS_APP, ResourceType.TOPIC, topic, AclOperation.WRITE));
            needs.add(Grant.literal(STREAMS_APP, ResourceType.TOPIC, topic, AclOperation.DESCRIBE));
        }
        // Kafka Streams names internal topics <application.id>-<name>-changelog / -repartition: it creates, reads,
        // writes and describes them, the reset tool deletes them
        String app = config.applicationId();
        needs.add(Grant.prefixed(STREAMS_APP, ResourceType.TOPIC, app + "-", AclOperation.ALL));
        // the consumer group is the application.id
        needs.add(Grant.literal(STREAMS_APP, ResourceType.GROUP, app, AclOperation.READ));
        needs.add(Grant.literal(STREAMS_APP, ResourceType.GROUP, app, AclOperation.DESCRIBE));
        Map<String, Object> props = Map.copyOf(propertiesOf(config));
        if (StreamsConfig.EXACTLY_ONCE_V2.equals(props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))) {
            // exactly_once_v2: transactional.id = <application.id>-<process id>-<thread index>
            needs.add(Grant.prefixed(STREAMS_APP, ResourceType.TRANSACTIONAL_ID, app + "-", AclOperation.WRITE));
            needs.add(Grant.prefixed(STREAMS_APP, ResourceType.TRANSACTIONAL_ID, app + "-", AclOperation.DESCRIBE));
        }
        needs.add(Grant.cluster(STREAMS_APP, AclOperation.IDEMPOTENT_WRITE));
        return needs;
    }

    private static Map<String, Object> propertiesOf(StreamsAppConfig config) {
        Map<String, Object> out = new java.util.HashMap<>();
        StreamsProperties.of(config).forEach((k, v) -> out.put(k.toString(), v));
        return out;
    }

    /**
     * The prefix the console's groups share: up to the first dash ({@code soc-console-<pid>} gives {@code soc-}), so
     * other SOC tools (soc-*) fit under the same grant, and the rest of the namespace does not.
     */
    static String groupPrefix(String group) {
        int dash = group.indexOf('-');
        if (dash <= 0) {
            throw new IllegalArgumentException("the console's group " + group + " has no <prefix>- to grant by");
        }
        return group.substring(0, dash + 1);
    }
}
