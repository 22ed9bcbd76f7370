package org.fleettelemetry.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.fleettelemetry.collector.config.CollectorConfig;
import org.fleettelemetry.collector.ship.Producers;
import org.fleettelemetry.config.ConfigException;
import org.fleettelemetry.config.ConfigSource;
import org.fleettelemetry.streams.config.StreamsAppConfig;
import org.fleettelemetry.streams.config.StreamsProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every config key and {@code STREAMS_*} / {@code COLLECTOR_*} variable the manifests set is loaded through the apps'
 * own loader and config classes (an unknown key or a bad value fails there, by name), and every key passed through
 * to Kafka is one Kafka declares.
 */
class ManifestConfigTest {
    /** Variables a streams-app or collector container may set besides its own prefix. */
    private static final Set<String> OTHER_ENV = Set.of("POD_NAME", "POD_NAMESPACE", "JAVA_TOOL_OPTIONS");

    @TempDir
    Path tempDir;

    @Test
    void shouldLoadEachComposeStreamsInstanceWhenItsFileAndEnvironmentAreApplied() {
        List<ComposeFile.Service> instances =
                new java.util.ArrayList<>(ComposeFile.load().servicesOfApp("streams-app"));
        assertThat(instances).hasSizeGreaterThanOrEqualTo(2);
        List<ComposeFile.Service> secure = ComposeFile.loadSecure().servicesOfApp("streams-app");
        assertThat(secure).hasSizeGreaterThanOrEqualTo(2);
        instances.addAll(secure);

        for (ComposeFile.Service s : instances) {
            StreamsAppConfig config = AppConfigs.composeStreams(s);

            assertThat(config.httpHost()).as("%s http.host", s.name()).isEqualTo("0.0.0.0");
            assertThat(config.apiTokens()).as("%s api.tokens", s.name()).isNotEmpty();
            assertStreamsPassThrough(config, s.name());
            assertOnlyPrefixedEnv(s.environment().keySet(), StreamsAppConfig.ENV_PREFIX, s.name());
        }
    }

    @Test
    void shouldLoadTheComposeCollectorWhenItsFileAndEnvironmentAreApplied() {
        List<ComposeFile.Service> collectors =
                new java.util.ArrayList<>(ComposeFile.load().servicesOfApp("collector"));
        assertThat(collectors).isNotEmpty();
        List<ComposeFile.Service> secure = ComposeFile.loadSecure().servicesOfApp("collector");
        assertThat(secure).isNotEmpty();
        collectors.addAll(secure);

        for (ComposeFile.Service s : collectors) {
            CollectorConfig config = AppConfigs.composeCollector(s);

            assertThat(config.logs())
                    .allSatisfy(glob -> assertThat(s.mountSource(parentOf(glob)))
                            .as("%s: the folder of logs=%s is mounted", s.name(), glob)
                            .isPresent());
            assertProducerPassThrough(config, s.name());
            assertOnlyPrefixedEnv(s.environment().keySet(), CollectorConfig.ENV_PREFIX, s.name());
        }
    }

    @Test
    void shouldLoadTheStatefulSetsConfigWhenTheConfigMapAndPodEnvironmentAreApplied() {
        K8sManifests k8s = K8sManifests.load();
        StreamsAppPod pod = StreamsAppPod.of(k8s);

        StreamsAppConfig config = AppConfigs.k8sStreams(k8s, tempDir);

        assertThat(config.httpHost()).isEqualTo("0.0.0.0");
        assertThat(config.apiTokens()).isNotEmpty();
        assertThat(config.stateDir()).startsWithRaw(Path.of("/var/lib/fleet-telemetry"));
        assertThat(config.streams()).containsKeys("sasl.jaas.config", "ssl.truststore.password");
        assertStreamsPassThrough(config, "StatefulSet " + pod.statefulSet().name());
        assertOnlyPrefixedEnv(pod.env().keySet(), StreamsAppConfig.ENV_PREFIX, "StatefulSet");
    }

    @Test
    void shouldGiveTheStreamsAppJvmHalfThePodLimitAsHeapAndG1MarkingFromAFixedShareWhenStarted() throws Exception {
        StreamsAppPod pod = StreamsAppPod.of(K8sManifests.load());
        String limit = Node.text(Node.at(pod.container(), "resources", "limits"), "memory");
        assertThat(limit).as("the container's memory limit, in Mi").endsWith("Mi");
        long limitBytes = Long.parseLong(limit.substring(0, limit.length() - 2)) << 20;

        // a JVM of this machine told the limit, as a container's JVM reads it from its cgroup
        ProcessBuilder jvm = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-XX:MaxRAM=" + limitBytes,
                        "-XX:+PrintFlagsFinal",
                        "-version")
                .redirectErrorStream(true);
        jvm.environment().put("JAVA_TOOL_OPTIONS", pod.env().get("JAVA_TOOL_OPTIONS"));
        Process p = jvm.start();
        String flags = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

        assertThat(p.waitFor()).as(flags).isZero();
        assertThat(flags)
                .containsPattern("MaxHeapSize\\s+= " + limitBytes / 2 + "\\s")
                .containsPattern("UseG1GC\\s+= true")
                .containsPattern("G1UseAdaptiveIHOP\\s+= false")
                .containsPattern("InitiatingHeapOccupancyPercent\\s+= 65\\s");
    }

    @Test
    void shouldLoadTheEndpointCollectorExampleWhenItConnectsToTheExternalListener() {
        Path file = DeployDir.k8s().resolve("collector-endpoint.example.properties");

        CollectorConfig config = AppConfigs.collector(file, Map.of());

        assertThat(config.producer())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        assertProducerPassThrough(config, file.getFileName().toString());
    }

    @Test
    void shouldStoreStateOnTheVolumeWhenAStateDirIsConfigured() {
        ComposeFile compose = ComposeFile.load();
        for (ComposeFile.Service s : compose.servicesOfApp("streams-app")) {
            assertThat(s.mountSource("/var/lib/fleet-telemetry"))
                    .as("%s state volume", s.name())
                    .isPresent();
            assertThat(AppConfigs.composeStreams(s).stateDir()).startsWithRaw(Path.of("/var/lib/fleet-telemetry"));
        }
        for (ComposeFile.Service s : compose.servicesOfApp("collector")) {
            assertThat(s.mountSource("/var/lib/fleet-telemetry"))
                    .as("%s state volume", s.name())
                    .isPresent();
            assertThat(AppConfigs.composeCollector(s).stateDir()).startsWithRaw(Path.of("/var/lib/fleet-telemetry"));
        }
        StreamsAppPod pod = StreamsAppPod.of(K8sManifests.load());
        String stateMount = Node.list(pod.container(), "volumeMounts").stream()
                .map(m -> Node.asMap(m, "volumeMount"))
                .filter(m -> Node.text(m, "mountPath").equals("/var/lib/fleet-telemetry"))
                .map(m -> Node.text(m, "name"))
                .findFirst()
                .orElse(null);
        List<String> claims = Node.list(pod.statefulSet().spec(), "volumeClaimTemplates").stream()
                .map(t -> Node.text(Node.map(Node.asMap(t, "claim"), "metadata"), "name"))
                .toList();
        assertThat(claims).as("the state mount is a persistent volume claim").contains(stateMount);
    }

    @Test
    void shouldRefuseTheConfigWhenAManifestKeyIsMistyped() {
        K8sManifests k8s = K8sManifests.load();
        StreamsAppPod pod = StreamsAppPod.of(k8s);
        Map<String, String> values = new TreeMap<>(
                ConfigSource.load(pod.configFile(tempDir), pod.env(), StreamsAppConfig.ENV_PREFIX, Map.of()));
        values.put("htttp.port", "8080");

        assertThatThrownBy(() -> StreamsAppConfig.from(values))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown key htttp.port");
        assertThat(KafkaClientKeys.unknownStreamsKeys(Map.of("num.standby.replica", "1", "num.standby.replicas", "1")))
                .containsExactly("num.standby.replica");
    }

    @Test
    void shouldReferToSecretsThatExistWhenAPodReadsOne() {
        K8sManifests k8s = K8sManifests.load();
        Map<String, Set<String>> secrets = KnownSecrets.of(k8s);
        for (String kind : List.of("StatefulSet", "Deployment")) {
            for (K8sManifests.Resource r : k8s.ofKind(kind)) {
                for (Object c : Node.list(Node.at(r.spec(), "template", "spec"), "containers")) {
                    for (PodEnv.SecretRef ref :
                            PodEnv.secretRefs(Node.listOrEmpty(Node.asMap(c, "container"), "env"))) {
                        assertThat(secrets)
                                .as("%s %s: %s reads Secret %s", kind, r.name(), ref.envName(), ref.secret())
                                .containsKey(ref.secret());
                        assertThat(secrets.get(ref.secret()))
                                .as(
                                        "%s %s: %s reads key %s of Secret %s",
                                        kind, r.name(), ref.envName(), ref.key(), ref.secret())
                                .contains(ref.key());
                    }
                }
            }
        }
    }

    private static void assertStreamsPassThrough(StreamsAppConfig config, String where) {
        assertThat(KafkaClientKeys.unknownStreamsKeys(config.streams()))
                .as("%s: kafka.streams.* keys Kafka does not know", where)
                .isEmpty();
        assertThatCode(() -> new StreamsConfig(StreamsProperties.of(config)))
                .as("%s: Kafka Streams accepts the values", where)
                .doesNotThrowAnyException();
    }

    private static void assertProducerPassThrough(CollectorConfig config, String where) {
        assertThat(KafkaClientKeys.unknownProducerKeys(config.producer()))
                .as("%s: kafka.producer.* keys the producer does not know", where)
                .isEmpty();
        Map<String, Object> producer = new HashMap<>(Producers.defaults(config));
        producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        assertThatCode(() -> new ProducerConfig(producer))
                .as("%s: the producer accepts the values", where)
                .doesNotThrowAnyException();
    }

    /** A variable with a mistyped prefix (STREAM_..., COLLECTORS_...) would be ignored by the app without a word. */
    private static void assertOnlyPrefixedEnv(Set<String> names, String prefix, String where) {
        assertThat(names)
                .as("%s: environment variables the app reads (%s_*) or the pod needs", where, prefix)
                .allMatch(n -> n.startsWith(prefix + "_") || OTHER_ENV.contains(n));
    }

    private static String parentOf(String glob) {
        return glob.substring(0, glob.lastIndexOf('/'));
    }
}
