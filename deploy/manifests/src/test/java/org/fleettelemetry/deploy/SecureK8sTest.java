package org.fleettelemetry.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.fleettelemetry.stack.BrokerSecurity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes manifests are secure the way issue #17 asks, as compose.secure.yaml is: every Kafka listener TLS
 * with authentication, simple authorization with admin the only super user; the streams app on SASL_SSL as
 * streams-app with the cluster CA; the registry only through its nginx sidecar (TLS, basic auth, GET only for the
 * apps; the same template as compose), Apicurio on the pod's loopback; the apps and the collector example looking
 * schemas up only; the schemas registered by the Job as admin, from the very files compose uses.
 */
class SecureK8sTest {
    private static final String REGISTRY = "fleet-registry";

    @TempDir
    Path tempDir;

    @Test
    void shouldRequireTlsAndAuthenticationWhenAClientReachesAnyListener() {
        K8sManifests.Resource kafka = K8sManifests.load().only("Kafka");
        Map<String, Object> spec = Node.map(kafka.spec(), "kafka");

        List<Map<String, Object>> listeners = Node.list(spec, "listeners").stream()
                .map(l -> Node.asMap(l, "listener"))
                .toList();
        assertThat(listeners).isNotEmpty();
        for (Map<String, Object> l : listeners) {
            assertThat(l).as("listener %s", l.get("name")).containsEntry("tls", true);
            assertThat(Node.text(Node.map(l, "authentication"), "type"))
                    .as("listener %s authentication", l.get("name"))
                    .isIn("scram-sha-512", "tls");
        }
        Map<String, Object> authorization = Node.map(spec, "authorization");
        assertThat(Node.text(authorization, "type")).isEqualTo("simple");
        assertThat(Node.list(authorization, "superUsers")).containsExactly(BrokerSecurity.ADMIN);
        assertThat(Node.mapOrEmpty(spec, "config"))
                .as("nothing is allowed without an ACL (Kafka's default)")
                .doesNotContainKey("allow.everyone.if.no.acl.found");
        assertThat(Node.text(
                        Node.map(
                                K8sManifests.load()
                                        .get("KafkaUser", BrokerSecurity.ADMIN)
                                        .spec(),
                                "authentication"),
                        "type"))
                .isEqualTo("scram-sha-512");
    }

    @Test
    void shouldConnectAsStreamsAppWhenThePodReachesKafkaAndTheRegistry() {
        K8sManifests k8s = K8sManifests.load();
        StreamsAppPod pod = StreamsAppPod.of(k8s);
        Map<String, String> values = AppConfigs.streamsValues(pod.configFile(tempDir), pod.env());

        Map<String, String> kafka = SecureSettings.prefixed(values, "kafka.streams.");
        SecureSettings.assertKafkaClient(kafka, AppNeeds.STREAMS_APP, "StatefulSet");
        assertThat(volumeOf(pod.podSpec(), pod.container(), kafka.get("ssl.truststore.location")))
                .as("the Kafka truststore comes from the cluster CA")
                .isEqualTo(Map.of("secretName", "fleet-cluster-ca-cert"));

        URI url = SecureSettings.assertRegistryClient(values, AppNeeds.STREAMS_APP, "StatefulSet");
        assertRegistryService(k8s, url);
        Map<String, Object> caVolume =
                volumeOf(pod.podSpec(), pod.container(), values.get("schema.registry.ssl.truststore.location"));
        assertThat(caVolume).as("the registry truststore").containsEntry("secretName", "fleet-registry-tls");
        assertOnlyCa(caVolume);
    }

    @Test
    void shouldLookSchemasUpOnlyWhenTheEndpointCollectorExampleIsUsed() {
        Path file = DeployDir.k8s().resolve("collector-endpoint.example.properties");
        Map<String, String> values = AppConfigs.collectorValues(file, Map.of());

        SecureSettings.assertKafkaClient(
                SecureSettings.prefixed(values, "kafka.producer."), AppNeeds.COLLECTOR, file.toString());
        SecureSettings.assertRegistryClient(values, AppNeeds.COLLECTOR, file.toString());
    }

    @Test
    void shouldReachApicurioOnlyThroughNginxWhenTheRegistryPodRuns() throws IOException {
        K8sManifests k8s = K8sManifests.load();
        Map<String, Object> podSpec = Node.at(k8s.get("Deployment", REGISTRY).spec(), "template", "spec");
        Map<String, Map<String, Object>> containers = new TreeMap<>();
        Node.list(podSpec, "containers").forEach(c -> {
            Map<String, Object> container = Node.asMap(c, "container");
            containers.put(Node.text(container, "image").split(":")[0], container);
        });
        Map<String, Object> apicurio = containers.get("apicurio/apicurio-registry");
        Map<String, Object> nginx = containers.get("nginx");
        assertThat(apicurio).as("the Apicurio container").isNotNull();
        assertThat(nginx).as("the nginx sidecar").isNotNull();

        Map<String, String> apicurioEnv = PodEnv.resolve(Node.list(apicurio, "env"), "pod", k8s.namespace());
        assertThat(apicurioEnv).as("Apicurio on loopback only").containsEntry("QUARKUS_HTTP_HOST", "127.0.0.1");
        assertThat(apicurio).as("Apicurio declares no port").doesNotContainKey("ports");

        String template = configMapFile(k8s, podSpec, nginx, "/etc/nginx/templates", "default.conf.template");
        NginxTemplate.assertGuards(template);
        int port = NginxTemplate.tlsPort(template);
        assertThat(Node.list(nginx, "ports"))
                .as("the sidecar's port")
                .containsExactly(Map.of("name", "https", "containerPort", port));
        assertThat(PodEnv.resolve(Node.list(nginx, "env"), "pod", k8s.namespace()))
                .containsEntry("REGISTRY_UPSTREAM", "127.0.0.1:8080");
        // the files the template reads: the TLS Secret's certificate and key, the password files
        Map<String, Object> secrets = volumeOf(podSpec, nginx, "/etc/nginx/registry/registry.crt");
        assertThat(secrets.toString())
                .contains("fleet-registry-tls", "tls.crt", "registry.crt", "tls.key", "registry.key")
                .contains("fleet-registry-auth", "users.htpasswd", "admin.htpasswd");

        for (K8sManifests.Resource policy : k8s.ofKind("NetworkPolicy")) {
            if (Node.at(policy.spec(), "podSelector", "matchLabels")
                    .equals(Map.of("app.kubernetes.io/name", REGISTRY))) {
                List<Object> ports =
                        Node.list(Node.asMap(Node.list(policy.spec(), "ingress").get(0), "rule"), "ports");
                assertThat(ports)
                        .as("NetworkPolicy %s", policy.name())
                        .containsExactly(Map.of("protocol", "TCP", "port", port));
                return;
            }
        }
        throw new AssertionError("no NetworkPolicy selects the registry pods");
    }

    @Test
    void shouldRegisterTheSchemasAsAdminWhenTheRegistryJobRuns() {
        K8sManifests k8s = K8sManifests.load();
        Map<String, Object> podSpec =
                Node.at(k8s.get("Job", "fleet-registry-init").spec(), "template", "spec");
        Map<String, Object> container =
                Node.asMap(Node.list(podSpec, "containers").get(0), "container");
        Map<String, String> env = PodEnv.resolve(Node.list(container, "env"), "pod", k8s.namespace());

        URI url = URI.create(env.get("REGISTRY_URL"));
        assertRegistryService(k8s, url);
        assertThat(env.get("REGISTRY_USER_INFO")).isEqualTo(PodEnv.secretMarker("registry-user-admin", "user.info"));
        assertOnlyCa(volumeOf(podSpec, container, env.get("REGISTRY_CA")));
        assertThat(Node.list(container, "command").toString()).contains("register-schemas.sh");
    }

    @Test
    void shouldShipComposesFilesWhenKubernetesRunsNginxAndTheRegistration() throws IOException {
        K8sManifests k8s = K8sManifests.load();
        Path secure = DeployDir.compose().resolve("config").resolve("secure");
        Map<String, Object> nginx =
                Node.map(k8s.get("ConfigMap", "fleet-registry-nginx").doc(), "data");
        Map<String, Object> init =
                Node.map(k8s.get("ConfigMap", "fleet-registry-init").doc(), "data");
        String regenerate = "regenerate deploy/k8s/registry-files.yaml with deploy/k8s/make-registry-files.sh";

        assertThat(nginx.get("default.conf.template"))
                .as(regenerate)
                .isEqualTo(Files.readString(secure.resolve("registry-nginx.conf.template"), StandardCharsets.UTF_8));
        assertThat(init.get("register-schemas.sh"))
                .as(regenerate)
                .isEqualTo(Files.readString(secure.resolve("register-schemas.sh"), StandardCharsets.UTF_8));
        Path avro = DeployDir.root().resolve("../schemas/src/main/avro").normalize();
        try (Stream<Path> files = Files.list(avro)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".avsc")).toList()) {
                assertThat(init.get(f.getFileName().toString()))
                        .as("%s: %s", f.getFileName(), regenerate)
                        .isEqualTo(Files.readString(f, StandardCharsets.UTF_8));
            }
        }
    }

    private static void assertRegistryService(K8sManifests k8s, URI url) {
        assertThat(url.getScheme()).isEqualTo("https");
        assertThat(url.getHost()).as("%s: the registry's Service", url).isEqualTo(REGISTRY);
        K8sManifests.Resource service = k8s.get("Service", url.getHost());
        List<Map<String, Object>> ports = Node.list(service.spec(), "ports").stream()
                .map(p -> Node.asMap(p, "port"))
                .toList();
        assertThat(ports)
                .as("Service %s: only nginx's TLS port", REGISTRY)
                .containsExactly(Map.of("name", "https", "port", url.getPort(), "targetPort", "https"));
    }

    /** A Secret volume projecting ca.crt alone: the pod gets the CA, not the registry's key. */
    private static void assertOnlyCa(Map<String, Object> secretVolume) {
        assertThat(secretVolume).containsEntry("secretName", "fleet-registry-tls");
        assertThat(Node.list(secretVolume, "items")).containsExactly(Map.of("key", "ca.crt", "path", "ca.crt"));
    }

    /** The {@code secret}, {@code configMap} or {@code projected} source of the volume mounted over {@code file}. */
    private static Map<String, Object> volumeOf(
            Map<String, Object> podSpec, Map<String, Object> container, String file) {
        assertThat(file).isNotNull();
        Map<String, Object> mount = Node.list(container, "volumeMounts").stream()
                .map(m -> Node.asMap(m, "volumeMount"))
                .filter(m -> file.startsWith(Node.text(m, "mountPath") + "/"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no volume is mounted where " + file + " is"));
        Map<String, Object> volume = Node.list(podSpec, "volumes").stream()
                .map(v -> Node.asMap(v, "volume"))
                .filter(v -> Node.text(v, "name").equals(Node.text(mount, "name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("volume " + mount.get("name") + " is not declared"));
        for (String source : List.of("secret", "configMap", "projected")) {
            if (volume.containsKey(source)) {
                return Node.map(volume, source);
            }
        }
        throw new AssertionError("volume " + mount.get("name") + " is no secret, configMap or projected volume");
    }

    private static String configMapFile(
            K8sManifests k8s, Map<String, Object> podSpec, Map<String, Object> container, String dir, String name) {
        Map<String, Object> source = volumeOf(podSpec, container, dir + "/" + name);
        Map<String, Object> data =
                Node.map(k8s.get("ConfigMap", Node.text(source, "name")).doc(), "data");
        return Node.text(data, name);
    }
}
