package org.fleettelemetry.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The registry client over https with Confluent's trust store keys, against the JDK's own HTTPS server on 127.0.0.1
 * with certificates keytool makes for the test: a CA, a server certificate with an IP SAN and one without.
 */
class RegistryTlsTest {
    private static final String PASSWORD = "test-store-pass";

    @TempDir
    static Path dir;

    private static HttpsServer withIpSan;
    private static HttpsServer withoutIpSan;

    @BeforeAll
    static void start() throws Exception {
        keytool(
                "-genkeypair",
                "-alias",
                "ca",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=test CA",
                "-ext",
                "bc:c",
                "-keystore",
                "ca.p12",
                "-storetype",
                "PKCS12",
                "-storepass",
                PASSWORD);
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "ca",
                "-keystore",
                "ca.p12",
                "-storepass",
                PASSWORD,
                "-file",
                "ca.pem");
        for (String type : List.of("JKS", "PKCS12")) {
            keytool(
                    "-importcert",
                    "-noprompt",
                    "-alias",
                    "ca",
                    "-file",
                    "ca.pem",
                    "-keystore",
                    "trust." + type.toLowerCase(java.util.Locale.ROOT),
                    "-storetype",
                    type,
                    "-storepass",
                    PASSWORD);
        }
        server("ip", "SAN=ip:127.0.0.1,dns:localhost");
        server("dns", "SAN=dns:localhost");
        withIpSan = serve("ip");
        withoutIpSan = serve("dns");
    }

    @AfterAll
    static void stop() {
        for (HttpsServer server : new HttpsServer[] {withIpSan, withoutIpSan}) {
            if (server != null) {
                server.stop(0);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"PEM,ca.pem,", "JKS,trust.jks," + PASSWORD, "PKCS12,trust.pkcs12," + PASSWORD, ",trust.jks," + PASSWORD
    })
    void shouldTalkHttpsWhenTheTrustStoreHoldsTheCa(String type, String file, String password) {
        Map<String, Object> c = config(withIpSan, file, type, password);
        try (SchemaRegistryClient client = SchemaRegistryClient.create(c)) {
            assertThat(client.subjects()).containsExactly("tls-ok");
        }
    }

    @Test
    void shouldFailAsATlsProblemWhenTheCaIsNotTrusted() {
        Map<String, Object> c = new HashMap<>();
        c.put(SchemaRegistryClientConfig.URL, url(withIpSan));
        try (SchemaRegistryClient client = SchemaRegistryClient.create(c)) {
            assertThatThrownBy(client::subjects)
                    .isInstanceOf(SchemaRegistryException.class)
                    .hasMessageContaining("TLS failure")
                    .hasMessageContaining("PKIX");
        }
    }

    @Test
    void shouldVerifyTheHostNameWhenTheCertificateLacksTheIpAddress() {
        try (SchemaRegistryClient client = SchemaRegistryClient.create(config(withoutIpSan, "ca.pem", "PEM", null))) {
            assertThatThrownBy(client::subjects)
                    .isInstanceOf(SchemaRegistryException.class)
                    .hasMessageContaining("TLS failure")
                    .hasMessageContaining("127.0.0.1");
        }
    }

    @Test
    void shouldRefuseAnUnknownTypeNamingTheKey() {
        assertThatThrownBy(() -> SchemaRegistryClientConfig.from(config(withIpSan, "ca.pem", "P12", null)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(SchemaRegistryClientConfig.SSL_TRUSTSTORE_TYPE)
                .hasMessageContaining("JKS, PKCS12, PEM");
    }

    @Test
    void shouldRefuseAMissingFileNamingTheLocation() {
        assertThatThrownBy(() -> SchemaRegistryClientConfig.from(config(withIpSan, "nowhere.pem", "PEM", null)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(SchemaRegistryClientConfig.SSL_TRUSTSTORE_LOCATION)
                .hasMessageContaining("no readable file");
    }

    @Test
    void shouldRefuseAWrongPasswordNamingThePasswordKeyWithoutShowingIt() {
        assertThatThrownBy(() -> SchemaRegistryClientConfig.from(config(withIpSan, "trust.pkcs12", "PKCS12", "nope")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(SchemaRegistryClientConfig.SSL_TRUSTSTORE_PASSWORD)
                .hasMessageContaining("wrong password")
                .hasMessageNotContaining("nope");
        assertThatThrownBy(() -> SchemaRegistryClientConfig.from(config(withIpSan, "trust.jks", "JKS", "nope")))
                .hasMessageContaining(SchemaRegistryClientConfig.SSL_TRUSTSTORE_PASSWORD);
    }

    @Test
    void shouldRefuseAFileOfTheWrongTypeNamingTheLocation() {
        assertThatThrownBy(() -> SchemaRegistryClientConfig.from(config(withIpSan, "ca.pem", "PKCS12", PASSWORD)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(SchemaRegistryClientConfig.SSL_TRUSTSTORE_LOCATION)
                .hasMessageContaining("PKCS12");
        assertThatThrownBy(() -> SchemaRegistryClientConfig.from(config(withIpSan, "trust.jks", "PEM", null)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(SchemaRegistryClientConfig.SSL_TRUSTSTORE_LOCATION)
                .hasMessageContaining("PEM");
    }

    @Test
    void shouldRefuseAPasswordForPemAndAPasswordWithoutLocation() {
        assertThatThrownBy(() -> SchemaRegistryClientConfig.from(config(withIpSan, "ca.pem", "PEM", PASSWORD)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(SchemaRegistryClientConfig.SSL_TRUSTSTORE_PASSWORD)
                .hasMessageContaining("PEM");
        Map<String, Object> c = new HashMap<>();
        c.put(SchemaRegistryClientConfig.URL, url(withIpSan));
        c.put(SchemaRegistryClientConfig.SSL_TRUSTSTORE_PASSWORD, PASSWORD);
        assertThatThrownBy(() -> SchemaRegistryClientConfig.from(c))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("missing " + SchemaRegistryClientConfig.SSL_TRUSTSTORE_LOCATION);
    }

    @Test
    void shouldShowTheTrustStoreButNotItsPasswordInToString() {
        String shown = SchemaRegistryClientConfig.from(config(withIpSan, "trust.jks", "JKS", PASSWORD))
                .toString();
        assertThat(shown).contains("truststore=JKS ").contains("trust.jks").doesNotContain(PASSWORD);
    }

    private static Map<String, Object> config(HttpsServer server, String file, String type, String password) {
        Map<String, Object> c = new HashMap<>();
        c.put(SchemaRegistryClientConfig.URL, url(server));
        c.put(
                SchemaRegistryClientConfig.SSL_TRUSTSTORE_LOCATION,
                dir.resolve(file).toString());
        if (type != null) {
            c.put(SchemaRegistryClientConfig.SSL_TRUSTSTORE_TYPE, type);
        }
        if (password != null) {
            c.put(SchemaRegistryClientConfig.SSL_TRUSTSTORE_PASSWORD, password);
        }
        c.put(SchemaRegistryClientConfig.MAX_RETRIES, 0);
        return c;
    }

    private static String url(HttpsServer server) {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A server key and certificate signed by the CA, in {@code <name>.p12}. */
    private static void server(String name, String san) throws Exception {
        String store = name + ".p12";
        keytool(
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=localhost",
                "-ext",
                san,
                "-keystore",
                store,
                "-storetype",
                "PKCS12",
                "-storepass",
                PASSWORD);
        keytool("-certreq", "-alias", "server", "-keystore", store, "-storepass", PASSWORD, "-file", name + ".csr");
        keytool(
                "-gencert",
                "-alias",
                "ca",
                "-keystore",
                "ca.p12",
                "-storepass",
                PASSWORD,
                "-infile",
                name + ".csr",
                "-outfile",
                name + ".crt",
                "-rfc",
                "-ext",
                san);
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "ca",
                "-file",
                "ca.pem",
                "-keystore",
                store,
                "-storepass",
                PASSWORD);
        keytool("-importcert", "-alias", "server", "-file", name + ".crt", "-keystore", store, "-storepass", PASSWORD);
    }

    private static HttpsServer serve(String name) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve(name + ".p12"))) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/subjects", exchange -> {
            byte[] body = "[\"tls-ok\"]".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
