package org.fleettelemetry.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.fleettelemetry.collector.config.CollectorConfig;
import org.fleettelemetry.schemas.Topics;
import org.fleettelemetry.streams.config.StreamsAppConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The topics compose's topic-init and the KafkaTopics create are the ones the app's real topology (built from each
 * manifest's config) reads and writes, partitioned so that the topology can run, and durable.
 */
class TopicManifestTest {
    private static final String TOPIC_INIT = "topic-init";

    @TempDir
    Path tempDir;

    @Test
    void shouldCreateExactlyTheAppsTopicsWhenComposeInitRuns() {
        ComposeFile compose = ComposeFile.load();
        Map<String, TopicSpec> created = composeTopics(compose);

        for (ComposeFile.Service s : compose.servicesOfApp("streams-app")) {
            assertThat(created.keySet())
                    .as("topics created for %s", s.name())
                    .containsExactlyInAnyOrderElementsOf(
                            AppTopics.of(AppConfigs.composeStreams(s)).all());
        }
        assertThat(created.keySet())
                .containsExactlyInAnyOrder(
                        Topics.EVENTS, Topics.HEARTBEATS, Topics.ALERTS, Topics.ACTIONS, Topics.DEAD_LETTER);
    }

    @Test
    void shouldCreateExactlyTheAppsTopicsWhenKafkaTopicsAreApplied() {
        K8sManifests k8s = K8sManifests.load();
        StreamsAppConfig config = AppConfigs.k8sStreams(k8s, tempDir);

        assertThat(TopicSpec.fromKafkaTopics(k8s).keySet())
                .containsExactlyInAnyOrderElementsOf(AppTopics.of(config).all());
        for (K8sManifests.Resource topic : k8s.ofKind("KafkaTopic")) {
            assertThat(Node.map(topic.doc(), "metadata").get("labels"))
                    .as("KafkaTopic %s belongs to the cluster", topic.name())
                    .isEqualTo(Map.of(
                            "strimzi.io/cluster",
                            k8s.only("Kafka").name(),
                            "app.kubernetes.io/part-of",
                            "fleet-telemetry"));
        }
    }

    @Test
    void shouldPartitionTopicsReadTogetherAlikeWhenOneSubTopologyReadsThem() {
        ComposeFile compose = ComposeFile.load();
        K8sManifests k8s = K8sManifests.load();
        assertCoPartitioned(
                composeTopics(compose),
                AppTopics.of(AppConfigs.composeStreams(
                        compose.servicesOfApp("streams-app").get(0))),
                "compose");
        assertCoPartitioned(TopicSpec.fromKafkaTopics(k8s), AppTopics.of(AppConfigs.k8sStreams(k8s, tempDir)), "k8s");
    }

    @Test
    void shouldGiveEveryStreamThreadATaskWhenTheInputsArePartitioned() {
        ComposeFile compose = ComposeFile.load();
        List<ComposeFile.Service> instances = compose.servicesOfApp("streams-app");
        int composeThreads = instances.stream()
                .mapToInt(s -> threads(AppConfigs.composeStreams(s)))
                .sum();
        assertThat(composeTopics(compose).get(Topics.EVENTS).partitions())
                .as("compose events partitions")
                .isGreaterThanOrEqualTo(composeThreads);

        K8sManifests k8s = K8sManifests.load();
        StreamsAppPod pod = StreamsAppPod.of(k8s);
        int replicas = Integer.parseInt(Node.text(pod.statefulSet().spec(), "replicas"));
        int k8sThreads = replicas * threads(AppConfigs.k8sStreams(k8s, tempDir));
        assertThat(TopicSpec.fromKafkaTopics(k8s).get(Topics.EVENTS).partitions())
                .as("k8s events partitions")
                .isGreaterThanOrEqualTo(k8sThreads);
    }

    @Test
    void shouldReplicateEveryTopicThreeTimesWhenAWriteNeedsTwoInSyncCopies() {
        for (Map<String, TopicSpec> topics :
                List.of(composeTopics(ComposeFile.load()), TopicSpec.fromKafkaTopics(K8sManifests.load()))) {
            assertThat(topics.values()).allSatisfy(t -> {
                assertThat(t.replicas()).as("%s replicas", t.name()).isEqualTo(3);
                assertThat(t.config()).as("%s config", t.name()).containsEntry("min.insync.replicas", "2");
            });
        }
        for (ComposeFile.Service s : ComposeFile.load().servicesOfApp("streams-app")) {
            assertThat(AppConfigs.composeStreams(s).streams())
                    .as("%s internal topics", s.name())
                    .containsEntry("replication.factor", "3")
                    .containsEntry("topic.min.insync.replicas", "2");
        }
        assertThat(AppConfigs.k8sStreams(K8sManifests.load(), tempDir).streams())
                .containsEntry("replication.factor", "3")
                .containsEntry("topic.min.insync.replicas", "2");
    }

    @Test
    void shouldConfigureTopicsAlikeWhenComposeAndKubernetesCreateThem() {
        Map<String, TopicSpec> compose = composeTopics(ComposeFile.load());
        Map<String, TopicSpec> k8s = TopicSpec.fromKafkaTopics(K8sManifests.load());

        assertThat(k8s.keySet()).isEqualTo(compose.keySet());
        for (String topic : compose.keySet()) {
            assertThat(k8s.get(topic).config())
                    .as("%s config", topic)
                    .isEqualTo(compose.get(topic).config());
        }
        assertThat(compose.get(Topics.ALERTS).config())
                .containsEntry("cleanup.policy", "compact,delete")
                .containsKeys("retention.ms", "min.compaction.lag.ms");
        // the audit trail: nothing younger than the audit period compacted away, nothing deleted by age
        assertThat(compose.get(Topics.ACTIONS).config())
                .containsEntry("cleanup.policy", "compact")
                .containsEntry("min.compaction.lag.ms", "7776000000")
                .doesNotContainKey("retention.ms");
    }

    @Test
    void shouldShipToCreatedTopicsWhenCollectorsWrite() {
        ComposeFile compose = ComposeFile.load();
        Map<String, TopicSpec> composeTopics = composeTopics(compose);
        for (ComposeFile.Service s : compose.servicesOfApp("collector")) {
            CollectorConfig c = AppConfigs.composeCollector(s);
            assertThat(composeTopics).containsKeys(c.topicEvents(), c.topicHeartbeats());
        }
        CollectorConfig endpoint =
                AppConfigs.collector(DeployDir.k8s().resolve("collector-endpoint.example.properties"), Map.of());
        assertThat(TopicSpec.fromKafkaTopics(K8sManifests.load()))
                .containsKeys(endpoint.topicEvents(), endpoint.topicHeartbeats());
    }

    @Test
    void shouldGrantEachUserWhatItUsesWhenAuthorizationIsOn() {
        K8sManifests k8s = K8sManifests.load();
        StreamsAppConfig config = AppConfigs.k8sStreams(k8s, tempDir);
        AppTopics topics = AppTopics.of(config);
        Acls app = Acls.of(k8s.get("KafkaUser", "streams-app"));

        topics.read()
                .forEach(t -> assertThat(app.allows("topic", t, "Read"))
                        .as("app reads %s", t)
                        .isTrue());
        topics.written()
                .forEach(t -> assertThat(app.allows("topic", t, "Write"))
                        .as("app writes %s", t)
                        .isTrue());
        assertThat(app.allows("topic", topics.deadLetter(), "Write"))
                .as("app writes dead letters")
                .isTrue();
        String internal = config.applicationId() + "-endpoint-changes-by-site-repartition";
        assertThat(app.allows("topic", internal, "Create"))
                .as("app creates %s", internal)
                .isTrue();
        assertThat(app.allows("group", config.applicationId(), "Read"))
                .as("app's group")
                .isTrue();
        assertThat(app.allows("transactionalId", config.applicationId() + "-0a1b-1", "Write"))
                .as("exactly_once_v2 transactional ids")
                .isTrue();

        Acls collector = Acls.of(k8s.get("KafkaUser", "collector"));
        CollectorConfig endpoint =
                AppConfigs.collector(DeployDir.k8s().resolve("collector-endpoint.example.properties"), Map.of());
        for (String t : List.of(endpoint.topicEvents(), endpoint.topicHeartbeats())) {
            assertThat(collector.allows("topic", t, "Write"))
                    .as("collector writes %s", t)
                    .isTrue();
            assertThat(collector.allows("topic", t, "Read"))
                    .as("collector does not read %s", t)
                    .isFalse();
        }
        assertThat(endpoint.producer().get("sasl.jaas.config")).contains("username=\"collector\"");
    }

    private static Map<String, TopicSpec> composeTopics(ComposeFile compose) {
        List<Object> entrypoint = Node.list(compose.service(TOPIC_INIT).spec(), "entrypoint");
        String script = entrypoint.get(entrypoint.size() - 1).toString();
        String source = compose.service(TOPIC_INIT)
                .mountSource(script)
                .orElseThrow(
                        () -> new AssertionError(TOPIC_INIT + " runs " + script + " but nothing is mounted there"));
        return TopicSpec.fromCreateScript(ComposeFile.hostPath(source));
    }

    private static void assertCoPartitioned(Map<String, TopicSpec> created, AppTopics app, String where) {
        for (Set<String> together : app.readTogether()) {
            Set<Integer> counts =
                    together.stream().map(t -> created.get(t).partitions()).collect(Collectors.toSet());
            assertThat(counts)
                    .as("%s: partitions of %s, read by one sub-topology", where, together)
                    .hasSize(1);
        }
    }

    private static int threads(StreamsAppConfig config) {
        return Integer.parseInt(config.streams().getOrDefault("num.stream.threads", "1"));
    }
}
