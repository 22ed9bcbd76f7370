package org.fleettelemetry.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fleettelemetry.streams.config.StreamsAppConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ports, probes, services and addresses in the manifests agree with the app's config and its HTTP routes. */
class PortsAndProbesTest {
    private static final String READY = "/health/ready";
    private static final String LIVE = "/health/live";

    @TempDir
    Path tempDir;

    @Test
    void shouldProbeTheHttpPortWhenTheStatefulSetDeclaresIt() {
        K8sManifests k8s = K8sManifests.load();
        StreamsAppPod pod = StreamsAppPod.of(k8s);
        StreamsAppConfig config = AppConfigs.k8sStreams(k8s, tempDir);

        assertThat(pod.httpContainerPort()).as("containerPort http = http.port").isEqualTo(config.httpPort());
        assertThat(httpGet(pod.probe("readinessProbe"))).containsEntry("path", READY);
        assertThat(httpGet(pod.probe("livenessProbe"))).containsEntry("path", LIVE);
        assertThat(httpGet(pod.probe("startupProbe"))).containsEntry("path", LIVE);
        for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
            String port = Node.text(httpGet(pod.probe(probe)), "port");
            assertThat(port).as("%s port", probe).isIn("http", Integer.toString(config.httpPort()));
        }
    }

    @Test
    void shouldAnswerTheProbePathsWithoutATokenWhenTheAppServesThem() throws Exception {
        StreamsAppPod pod = StreamsAppPod.of(K8sManifests.load());
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        try (ProbeServer server = ProbeServer.start(tempDir.resolve("state"))) {
            HttpResponse<String> live =
                    get(client, server.base() + Node.text(httpGet(pod.probe("livenessProbe")), "path"));
            HttpResponse<String> ready =
                    get(client, server.base() + Node.text(httpGet(pod.probe("readinessProbe")), "path"));
            HttpResponse<String> startup =
                    get(client, server.base() + Node.text(httpGet(pod.probe("startupProbe")), "path"));

            // created, not started: alive (the pod is not restarted) but not ready (no traffic yet)
            assertThat(live.statusCode()).as("liveness %s", live.body()).isEqualTo(200);
            assertThat(startup.statusCode()).as("startup %s", startup.body()).isEqualTo(200);
            assertThat(ready.statusCode()).as("readiness %s", ready.body()).isEqualTo(503);
            assertThat(ready.body()).contains("NOT_READY");
        }
    }

    @Test
    void shouldAdvertiseThePodsDnsNameWhenTheHeadlessServiceGovernsTheStatefulSet() {
        K8sManifests k8s = K8sManifests.load();
        StreamsAppPod pod = StreamsAppPod.of(k8s);
        String serviceName = Node.text(pod.statefulSet().spec(), "serviceName");
        K8sManifests.Resource headless = k8s.get("Service", serviceName);

        StreamsAppConfig config = AppConfigs.k8sStreams(k8s, tempDir);

        assertThat(Node.text(headless.spec(), "clusterIP")).isEqualTo("None");
        assertThat(headless.spec()).containsEntry("publishNotReadyAddresses", true);
        assertThat(config.advertisedHost())
                .isEqualTo(pod.podZeroName() + "." + serviceName + "." + k8s.namespace() + ".svc.cluster.local");
    }

    @Test
    void shouldRouteToTheHttpPortWhenAServiceSelectsTheStreamsPods() {
        K8sManifests k8s = K8sManifests.load();
        StreamsAppPod pod = StreamsAppPod.of(k8s);
        Map<String, Object> labels = pod.podLabels();
        List<K8sManifests.Resource> services = k8s.ofKind("Service").stream()
                .filter(s -> labels.entrySet()
                        .containsAll(Node.map(s.spec(), "selector").entrySet()))
                .toList();

        assertThat(services)
                .extracting(K8sManifests.Resource::name)
                .contains(
                        Node.text(pod.statefulSet().spec(), "serviceName"),
                        pod.statefulSet().name());
        for (K8sManifests.Resource s : services) {
            for (Object p : Node.list(s.spec(), "ports")) {
                String target = Node.text(Node.asMap(p, "port"), "targetPort");
                assertThat(target)
                        .as("Service %s targetPort", s.name())
                        .isIn("http", Integer.toString(pod.httpContainerPort()));
            }
        }
    }

    @Test
    void shouldCoverTheStreamsPodsWhenTheDisruptionBudgetAndNetworkPolicySelect() {
        K8sManifests k8s = K8sManifests.load();
        StreamsAppPod pod = StreamsAppPod.of(k8s);
        Map<String, Object> labels = pod.podLabels();

        K8sManifests.Resource pdb = k8s.only("PodDisruptionBudget");
        assertThat(labels).containsAllEntriesOf(Node.at(pdb.spec(), "selector", "matchLabels"));
        assertThat(pdb.spec()).containsEntry("maxUnavailable", 1);
        assertThat(Node.text(pod.statefulSet().spec(), "replicas")).isNotEqualTo("1");

        List<K8sManifests.Resource> streamsPolicies = k8s.ofKind("NetworkPolicy").stream()
                .filter(p -> labels.entrySet()
                        .containsAll(
                                Node.at(p.spec(), "podSelector", "matchLabels").entrySet()))
                .toList();
        assertThat(streamsPolicies)
                .as("NetworkPolicies selecting the streams-app pods")
                .isNotEmpty();
        for (K8sManifests.Resource policy : streamsPolicies) {
            List<Integer> ports = Node.list(policy.spec(), "ingress").stream()
                    .flatMap(rule -> Node.list(Node.asMap(rule, "rule"), "ports").stream())
                    .map(p -> Integer.parseInt(Node.text(Node.asMap(p, "port"), "port")))
                    .toList();
            assertThat(ports)
                    .as("NetworkPolicy %s opens the http port", policy.name())
                    .contains(pod.httpContainerPort());
        }
    }

    @Test
    void shouldPublishEachInstancesHttpPortWhenComposeRunsTwo() {
        ComposeFile compose = ComposeFile.load();
        for (ComposeFile.Service s : compose.servicesOfApp("streams-app")) {
            StreamsAppConfig config = AppConfigs.composeStreams(s);

            assertThat(s.publishedContainerPorts()).as("%s ports", s.name()).containsExactly(config.httpPort());
            // the other instance forwards lookups to this name on the compose network
            assertThat(config.advertisedHost())
                    .as("%s http.advertised.host", s.name())
                    .isIn(s.name(), s.hostname());
        }
    }

    @Test
    void shouldConnectToAListenerWithMatchingSecurityWhenTheAppsReachKafka() {
        K8sManifests k8s = K8sManifests.load();
        K8sManifests.Resource kafka = k8s.only("Kafka");
        StreamsAppConfig config = AppConfigs.k8sStreams(k8s, tempDir);
        String bootstrapHost = kafka.name() + "-kafka-bootstrap";

        Map<String, Object> listener = StrimziListeners.byBootstrap(kafka, config.bootstrapServers(), bootstrapHost);
        assertThat(listener).containsEntry("tls", true);
        assertThat(Node.text(Node.map(listener, "authentication"), "type")).isEqualTo("scram-sha-512");
        assertThat(config.streams())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512");

        Map<String, Object> registry = Node.asMap(
                Node.list(Node.at(k8s.get("Deployment", "fleet-registry").spec(), "template", "spec"), "containers")
                        .get(0),
                "registry container");
        Map<String, String> registryEnv =
                PodEnv.resolve(Node.list(registry, "env"), "fleet-registry-pod", k8s.namespace());
        Map<String, Object> registryListener = StrimziListeners.byBootstrap(
                kafka, registryEnv.get("APICURIO_KAFKASQL_BOOTSTRAP_SERVERS"), bootstrapHost);
        assertThat(Node.text(Node.map(registryListener, "authentication"), "type"))
                .isEqualTo("tls");
        assertThat(registryEnv).containsEntry("APICURIO_KAFKASQL_SECURITY_PROTOCOL", "SSL");
    }

    @Test
    void shouldReachTheBrokersInternalListenerWhenComposeServicesConnect() {
        ComposeFile compose = ComposeFile.load();
        List<String> bootstraps = new ArrayList<>();
        compose.servicesOfApp("streams-app")
                .forEach(s -> bootstraps.add(AppConfigs.composeStreams(s).bootstrapServers()));
        compose.servicesOfApp("collector")
                .forEach(s -> bootstraps.add(AppConfigs.composeCollector(s).bootstrapServers()));

        for (String bootstrap : bootstraps) {
            for (String address : bootstrap.split(",")) {
                String host = address.substring(0, address.lastIndexOf(':'));
                ComposeFile.Service broker = compose.service(host);
                assertThat(broker.environment().get("KAFKA_ADVERTISED_LISTENERS"))
                        .as("%s advertises %s", host, address)
                        .contains("INTERNAL://" + address);
            }
        }
    }

    private static Map<String, Object> httpGet(Map<String, Object> probe) {
        return Node.map(probe, "httpGet");
    }

    private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
