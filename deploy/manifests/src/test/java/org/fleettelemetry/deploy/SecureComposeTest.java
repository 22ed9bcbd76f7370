package org.fleettelemetry.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.fleettelemetry.stack.BrokerSecurity;
import org.junit.jupiter.api.Test;

/**
 * compose.secure.yaml is secure the way issue #17 asks: brokers with no listener but TLS (SASL_SSL with SCRAM-SHA-512
 * for clients, client certificates for the controllers and the registry's storage), StandardAuthorizer denying what
 * no ACL allows; every client on TLS as its own principal; the registry reachable only through nginx (TLS, basic
 * auth, GET only for the apps); passwords only from the .env, none written in the file.
 */
class SecureComposeTest {
    private static final Set<String> BROKERS = Set.of("kafka-1", "kafka-2", "kafka-3");
    private static final String BROKER_SCRIPT = "/etc/fleet-telemetry/kafka-secure.sh";
    private static final String NGINX = "registry-tls";
    private static final String APICURIO = "registry";
    private static final Pattern VARIABLE_REF = Pattern.compile("\\$\\{(FLEET_[A-Z_]+)([^}]*)}");

    @Test
    void shouldListenOnlyWithTlsAndDenyWithoutAnAclWhenTheBrokersStart() {
        ComposeFile compose = ComposeFile.loadSecure();
        for (String name : BROKERS) {
            ComposeFile.Service broker = compose.service(name);
            Map<String, String> p = brokerProperties(broker);

            Map<String, String> protocols = listenerProtocols(p);
            for (String listener : p.get("listeners").split(",")) {
                String listenerName = listener.substring(0, listener.indexOf(':'));
                assertThat(protocols.get(listenerName))
                        .as("%s: listener %s", name, listenerName)
                        .isIn("SASL_SSL", "SSL");
                if (protocols.get(listenerName).equals("SSL")) {
                    assertThat(p)
                            .as("%s: an SSL listener authenticates by client certificate", name)
                            .containsEntry(
                                    "listener.name." + listenerName.toLowerCase(java.util.Locale.ROOT)
                                            + ".ssl.client.auth",
                                    "required");
                }
            }
            assertThat(p)
                    .as("%s broker settings", name)
                    .containsEntry("sasl.enabled.mechanisms", "SCRAM-SHA-512")
                    .containsEntry("sasl.mechanism.inter.broker.protocol", "SCRAM-SHA-512")
                    .containsEntry("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                    .containsEntry("allow.everyone.if.no.acl.found", "false")
                    .containsEntry("ssl.endpoint.identification.algorithm", "https");
            assertThat(p.get("super.users").split(";"))
                    .as("%s: super users (admin, and the brokers by certificate)", name)
                    .containsExactlyInAnyOrder(
                            "User:" + BrokerSecurity.ADMIN, "User:kafka-1", "User:kafka-2", "User:kafka-3");
            // the host's port is the HOST listener, a SASL_SSL one
            for (int port : broker.publishedContainerPorts()) {
                assertThat(protocols.get(listenerOnPort(p, port)))
                        .as("%s publishes %d", name, port)
                        .isEqualTo("SASL_SSL");
            }
        }
    }

    @Test
    void shouldBeAcceptedByKafkaWhenEachBrokerReadsItsSettings() {
        ComposeFile compose = ComposeFile.loadSecure();
        for (String name : BROKERS) {
            ComposeFile.Service broker = compose.service(name);
            Map<String, String> env = broker.environment();
            java.util.Properties props = new java.util.Properties();
            brokerProperties(broker)
                    .forEach((k, v) -> props.setProperty(
                            k,
                            v.replace(
                                            "$admin_jaas",
                                            BrokerSecurity.jaas(BrokerSecurity.ADMIN, env.get("ADMIN_PASSWORD")))
                                    .replace("$tls", "/etc/kafka/tls")
                                    .replace("$STORE_PASSWORD", env.get("STORE_PASSWORD"))));
            props.forEach((k, v) -> assertThat(v.toString())
                    .as("%s: %s has no unset variable", name, k)
                    .doesNotContain("$NODE", "$HOST", "$tls", "$admin", "$STORE", "$ADMIN"));

            kafka.server.KafkaConfig config = kafka.server.KafkaConfig.fromProps(props, true);

            assertThat(config.interBrokerListenerName().value()).isEqualTo("INTERNAL");
            assertThat(config.interBrokerSecurityProtocol().name).isEqualTo("SASL_SSL");
            assertThat(config.saslMechanismInterBrokerProtocol()).isEqualTo("SCRAM-SHA-512");
            assertThat(config.effectiveAdvertisedBrokerListeners().toString()).doesNotContain("PLAINTEXT");
        }
    }

    @Test
    void shouldParseEveryScriptWhenBashReadsIt() throws Exception {
        List<Path> scripts;
        try (java.util.stream.Stream<Path> files =
                Files.walk(DeployDir.compose().resolve("config"))) {
            scripts = new java.util.ArrayList<>(
                    files.filter(f -> f.toString().endsWith(".sh")).sorted().toList());
        }
        scripts.add(DeployDir.k8s().resolve("make-registry-files.sh"));
        assertThat(scripts).hasSizeGreaterThanOrEqualTo(7);
        for (Path script : scripts) {
            Process p = new ProcessBuilder("bash", "-n", script.toString())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as("bash -n %s: %s", script, out).isZero();
        }
    }

    @Test
    void shouldConnectAsItsOwnPrincipalOverSaslSslWhenAnAppReachesKafka() {
        ComposeFile compose = ComposeFile.loadSecure();
        Map<String, String> brokerProtocols = listenerProtocols(brokerProperties(compose.service("kafka-1")));
        Map<String, String> brokerProperties = brokerProperties(compose.service("kafka-1"));

        for (ComposeFile.Service s : compose.servicesOfApp("streams-app")) {
            Map<String, String> values = AppConfigs.composeStreamsValues(s);
            Map<String, String> kafka = SecureSettings.prefixed(values, "kafka.streams.");
            SecureSettings.assertKafkaClient(kafka, AppNeeds.STREAMS_APP, s.name());
            assertMounted(s, kafka.get("ssl.truststore.location"));
            assertSaslSslBootstrap(compose, values.get("kafka.bootstrap.servers"), brokerProperties, s.name());
        }
        for (ComposeFile.Service s : compose.servicesOfApp("collector")) {
            Map<String, String> values = AppConfigs.composeCollectorValues(s);
            Map<String, String> kafka = SecureSettings.prefixed(values, "kafka.producer.");
            SecureSettings.assertKafkaClient(kafka, AppNeeds.COLLECTOR, s.name());
            assertMounted(s, kafka.get("ssl.truststore.location"));
            assertSaslSslBootstrap(compose, values.get("kafka.bootstrap.servers"), brokerProperties, s.name());
        }
        // the tools' services: kafka-client.sh logs in as KAFKA_USER over SASL_SSL
        Map<String, String> tools = Map.of(
                "security-init", BrokerSecurity.ADMIN,
                "topic-init", BrokerSecurity.ADMIN,
                "soc-reader", AppNeeds.SOC_READER);
        Map<String, String> clientScript =
                heredoc(hostFile(compose.service("topic-init"), "/etc/fleet-telemetry/kafka-client.sh"));
        SecureSettings.assertKafkaClient(
                Map.of(
                        "security.protocol", clientScript.get("security.protocol"),
                        "sasl.mechanism", clientScript.get("sasl.mechanism"),
                        "sasl.jaas.config", clientScript.get("sasl.jaas.config").replace("$KAFKA_USER", "tool"),
                        "ssl.truststore.location", clientScript.get("ssl.truststore.location"),
                        "ssl.truststore.type", clientScript.get("ssl.truststore.type")),
                "tool",
                "kafka-client.sh");
        tools.forEach((service, principal) -> {
            ComposeFile.Service s = compose.service(service);
            assertThat(s.environment()).as("%s logs in as", service).containsEntry("KAFKA_USER", principal);
            assertMounted(s, clientScript.get("ssl.truststore.location"));
        });
        assertThat(brokerProtocols).containsEntry("INTERNAL", "SASL_SSL");
    }

    @Test
    void shouldReachTheRegistryOnlyThroughNginxWhenAnAppLooksSchemasUp() throws IOException {
        ComposeFile compose = ComposeFile.loadSecure();
        ComposeFile.Service nginx = compose.service(NGINX);
        ComposeFile.Service apicurio = compose.service(APICURIO);
        String template =
                Files.readString(hostFile(nginx, "/etc/nginx/templates/default.conf.template"), StandardCharsets.UTF_8);

        assertThat(nginx.image()).startsWith("nginx:");
        assertThat(apicurio.publishedContainerPorts())
                .as("Apicurio publishes no port")
                .isEmpty();
        assertThat(nginx.environment()).containsEntry("REGISTRY_UPSTREAM", apicurio.hostname() + ":8080");
        int tlsPort = NginxTemplate.tlsPort(template);
        assertThat(nginx.publishedContainerPorts()).containsOnly(tlsPort);

        Map<String, Map<String, String>> apps = new LinkedHashMap<>();
        compose.servicesOfApp("streams-app").forEach(s -> apps.put(s.name(), AppConfigs.composeStreamsValues(s)));
        compose.servicesOfApp("collector").forEach(s -> apps.put(s.name(), AppConfigs.composeCollectorValues(s)));
        assertThat(apps).hasSizeGreaterThanOrEqualTo(3);
        apps.forEach((service, values) -> {
            String principal = compose.servicesOfApp("collector").stream()
                            .anyMatch(c -> c.name().equals(service))
                    ? AppNeeds.COLLECTOR
                    : AppNeeds.STREAMS_APP;
            URI url = SecureSettings.assertRegistryClient(values, principal, service);
            assertThat(url.getHost())
                    .as("%s reaches the registry through nginx", service)
                    .isIn(NGINX, nginx.hostname());
            assertThat(url.getPort()).as("%s: nginx's TLS port", service).isEqualTo(tlsPort);
            assertMounted(compose.service(service), values.get("schema.registry.ssl.truststore.location"));
        });

        ComposeFile.Service init = compose.service("registry-init");
        URI initUrl = URI.create(init.environment().get("REGISTRY_URL"));
        assertThat(initUrl.getScheme()).isEqualTo("https");
        assertThat(initUrl.getHost()).isIn(NGINX, nginx.hostname());
        assertThat(init.environment().get("REGISTRY_USER_INFO")).startsWith(BrokerSecurity.ADMIN + ":");
        assertMounted(init, init.environment().get("REGISTRY_CA"));
    }

    @Test
    void shouldLetOnlyAdminWriteWhenNginxChecksThePasswords() throws IOException {
        ComposeFile compose = ComposeFile.loadSecure();
        String template = Files.readString(
                hostFile(compose.service(NGINX), "/etc/nginx/templates/default.conf.template"), StandardCharsets.UTF_8);
        NginxTemplate.assertGuards(template);

        // secrets-init writes admin alone to the file that allows writes, every principal to the one that allows GET
        String script = Files.readString(
                hostFile(compose.service("secrets-init"), "/etc/fleet-telemetry/make-secrets.sh"),
                StandardCharsets.UTF_8);
        assertThat(script)
                .contains(
                        "grep '^admin:' \"$out/registry-https/users.htpasswd\" >\"$out/registry-https/admin.htpasswd\"");
        for (String principal :
                List.of(BrokerSecurity.ADMIN, AppNeeds.COLLECTOR, AppNeeds.STREAMS_APP, AppNeeds.SOC_READER)) {
            assertThat(script).contains("echo \"" + principal + ":$(openssl passwd -6");
        }
    }

    @Test
    void shouldTakeEveryPasswordFromTheEnvFileWhenTheFileIsRead() throws IOException {
        String text = Files.readString(DeployDir.composeSecureFile(), StandardCharsets.UTF_8);
        Matcher m = VARIABLE_REF.matcher(text);
        Set<String> used = new java.util.TreeSet<>();
        while (m.find()) {
            if (m.group(2).startsWith(":?")) {
                used.add(m.group(1));
            }
            if (m.group(1).endsWith("_PASSWORD") || m.group(1).equals("FLEET_API_TOKENS")) {
                assertThat(m.group(2))
                        .as(
                                "${%s%s}: a secret has no default, Compose refuses to start without it",
                                m.group(1), m.group(2))
                        .startsWith(":?");
            }
        }
        Map<String, String> example = ComposeFile.envFile(DeployDir.secureEnvExample());
        assertThat(example.keySet())
                .as("secure.env.example names every variable")
                .containsAll(used);
        assertThat(example.values()).as("example values say so").allMatch(v -> v.startsWith("example-only-"));
        assertThat(text).as("no password written in the file").doesNotContain("password=\"example");
        // each password-bearing variable reaches only the services that need it
        assertThat(servicesUsing(text, "FLEET_COLLECTOR_PASSWORD"))
                .containsExactlyInAnyOrder("secrets-init", "security-init", "collector");
        assertThat(servicesUsing(text, "FLEET_STREAMS_APP_PASSWORD"))
                .containsExactlyInAnyOrder("secrets-init", "security-init", "x-streams-app-env");
        assertThat(servicesUsing(text, "FLEET_SOC_READER_PASSWORD"))
                .containsExactlyInAnyOrder("secrets-init", "security-init", "soc-reader");
    }

    /** The top-level keys and services whose text mentions {@code variable}. */
    private static Set<String> servicesUsing(String composeText, String variable) {
        Set<String> users = new java.util.TreeSet<>();
        String current = null;
        for (String line : composeText.split("\n")) {
            Matcher top = Pattern.compile("^(x-[a-z-]+|  [a-z0-9-]+):").matcher(line);
            if (top.find()) {
                current = top.group(1).strip();
            }
            if (line.contains("${" + variable) && current != null) {
                users.add(current);
            }
        }
        return users;
    }

    static Map<String, String> brokerProperties(ComposeFile.Service broker) {
        List<Object> entrypoint = Node.list(broker.spec(), "entrypoint");
        assertThat(entrypoint)
                .as("%s runs the secure broker script", broker.name())
                .contains(BROKER_SCRIPT);
        Map<String, String> raw = heredoc(hostFile(broker, BROKER_SCRIPT));
        Map<String, String> env = broker.environment();
        Map<String, String> p = new LinkedHashMap<>();
        raw.forEach((k, v) ->
                p.put(k, v.replace("$NODE_ID", env.get("NODE_ID")).replace("$HOST_PORT", env.get("HOST_PORT"))));
        return p;
    }

    private static Map<String, String> listenerProtocols(Map<String, String> p) {
        return Arrays.stream(p.get("listener.security.protocol.map").split(","))
                .map(e -> e.split(":"))
                .collect(Collectors.toMap(e -> e[0], e -> e[1]));
    }

    private static String listenerOnPort(Map<String, String> p, int port) {
        return Arrays.stream(p.get("listeners").split(","))
                .filter(l -> l.endsWith(":" + port))
                .map(l -> l.substring(0, l.indexOf(':')))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no listener on port " + port));
    }

    private static void assertSaslSslBootstrap(
            ComposeFile compose, String bootstrap, Map<String, String> brokerProperties, String where) {
        Map<String, String> protocols = listenerProtocols(brokerProperties);
        for (String address : bootstrap.split(",")) {
            String host = address.substring(0, address.lastIndexOf(':'));
            int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
            assertThat(BROKERS).as("%s: %s is a broker", where, host).contains(host);
            assertThat(protocols.get(listenerOnPort(brokerProperties(compose.service(host)), port)))
                    .as("%s: %s", where, address)
                    .isEqualTo("SASL_SSL");
        }
    }

    /** The file is in a volume the service mounts (a named volume or a host file). */
    private static void assertMounted(ComposeFile.Service s, String containerFile) {
        assertThat(containerFile).as("%s: a file", s.name()).isNotNull();
        boolean mounted = Node.listOrEmpty(s.spec(), "volumes").stream()
                .map(v -> v.toString().split(":"))
                .anyMatch(parts -> parts.length >= 2
                        && (containerFile.equals(parts[1]) || containerFile.startsWith(parts[1] + "/")));
        assertThat(mounted).as("%s mounts %s", s.name(), containerFile).isTrue();
    }

    /** The host file compose mounts at {@code containerPath}. */
    static Path hostFile(ComposeFile.Service s, String containerPath) {
        return ComposeFile.hostPath(s.mountSource(containerPath)
                .orElseThrow(() -> new AssertionError(s.name() + " mounts nothing at " + containerPath)));
    }

    /** The {@code key=value} lines of a script's {@code <<PROPERTIES} here-document, {@code \$} unescaped. */
    static Map<String, String> heredoc(Path script) {
        List<String> lines;
        try {
            lines = Files.readAllLines(script, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> p = new LinkedHashMap<>();
        boolean inside = false;
        for (String line : lines) {
            if (!inside && line.contains("<<PROPERTIES")) {
                inside = true;
            } else if (inside && line.equals("PROPERTIES")) {
                break;
            } else if (inside) {
                int eq = line.indexOf('=');
                p.put(line.substring(0, eq), line.substring(eq + 1).replace("\\$", "$"));
            }
        }
        if (p.isEmpty()) {
            throw new AssertionError(script + ": no <<PROPERTIES here-document");
        }
        return p;
    }
}
