package org.fleettelemetry.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Properties;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The secure stack's registry: real Apicurio behind real nginx, started once for the class. HTTPS only, trusted
 * through the stack's CA, Basic auth with the principals' passwords; only admin changes anything.
 */
class SecureRegistryIT {
    private static final String SUBJECT = "secure-registry-it-value";
    private static final String V1 = "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"Probe\\\","
            + "\\\"fields\\\":[{\\\"name\\\":\\\"a\\\",\\\"type\\\":\\\"string\\\"}]}\"}";
    private static final String V2 = "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"Probe\\\","
            + "\\\"fields\\\":[{\\\"name\\\":\\\"a\\\",\\\"type\\\":\\\"string\\\"},"
            + "{\\\"name\\\":\\\"b\\\",\\\"type\\\":[\\\"null\\\",\\\"string\\\"],\\\"default\\\":null}]}\"}";

    private static Path dir;
    private static LocalStack stack;
    private static BrokerSecurity security;
    private static HttpClient trusting;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("secure-registry-it");
        stack = LocalStack.createSecure(StackHome.locate(), dir.resolve("stack"), 0, 0);
        stack.start();
        security = stack.security().orElseThrow();
        trusting = HttpClient.newBuilder()
                .sslContext(RegistryFront.trusting(security.caPem()))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        HttpResponse<String> first = send(BrokerSecurity.ADMIN, "POST", "/subjects/" + SUBJECT + "/versions", V1);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        HttpResponse<String> level =
                send(BrokerSecurity.ADMIN, "PUT", "/config/" + SUBJECT, "{\"compatibility\":\"BACKWARD\"}");
        assertThat(level.statusCode()).as(level.body()).isEqualTo(200);
    }

    /** As {@code deploy/stack stop} does it from another JVM: by the pids in stack.env, nginx's too. */
    @AfterAll
    static void stop() throws Exception {
        if (stack == null) {
            return;
        }
        long nginx = stack.registryFront().orElseThrow().pid();
        try {
            assertThat(LocalStack.stopRecorded(StackHome.locate(), stack.dir())).isTrue();
            assertThat(ProcessHandle.of(nginx).map(ProcessHandle::isAlive).orElse(false))
                    .as("nginx stopped by the recorded stop")
                    .isFalse();
        } finally {
            stack.close();
        }
    }

    @Test
    void shouldServeHttpsOnlyAtTheUrlInSecureEnv() throws Exception {
        String url = stack.registryUrl();
        assertThat(url).startsWith("https://127.0.0.1:").endsWith(RegistryServer.CCOMPAT_PATH);
        assertThat(Files.readString(security.envFile())).contains("REGISTRY_URL='" + url + "'");
        HttpResponse<String> plain = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url.replace("https://", "http://") + "/subjects"))
                                .header("Authorization", auth(BrokerSecurity.ADMIN))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(plain.statusCode()).as("plain HTTP on the TLS port").isEqualTo(400);
        assertThat(plain.body())
                .contains("plain HTTP request was sent to HTTPS port")
                .doesNotContain(SUBJECT);
    }

    @Test
    void shouldFailTheHandshakeForAClientThatDoesNotTrustTheStacksCa() {
        HttpClient untrusting =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> untrusting.send(
                        HttpRequest.newBuilder(URI.create(stack.registryUrl() + "/subjects"))
                                .header("Authorization", auth(BrokerSecurity.ADMIN))
                                .build(),
                        HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void shouldAnswer401WithoutCredentialsOrWithAWrongPassword() throws Exception {
        HttpResponse<String> none = trusting.send(
                HttpRequest.newBuilder(URI.create(stack.registryUrl() + "/subjects"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        for (String method : new String[] {"GET", "POST"}) {
            HttpResponse<String> wrong = trusting.send(
                    request(method, "/subjects/" + SUBJECT + "/versions", "POST".equals(method) ? V2 : null)
                            .header("Authorization", RegistryFront.basic(BrokerSecurity.ADMIN, "not-the-password"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(wrong.statusCode()).as(method).isEqualTo(401);
        }
        assertThat(versions()).isEqualTo("[1]");
    }

    @ParameterizedTest
    @ValueSource(strings = {BrokerSecurity.COLLECTOR, BrokerSecurity.STREAMS_APP, BrokerSecurity.SOC_READER})
    void shouldLetAReaderGetSchemasButAnswer403ToEveryChange(String principal) throws Exception {
        HttpResponse<String> latest = send(principal, "GET", "/subjects/" + SUBJECT + "/versions/latest", null);
        assertThat(latest.statusCode()).as(latest.body()).isEqualTo(200);
        int id = Integer.parseInt(latest.body().replaceAll(".*\"id\":(\\d+).*", "$1"));
        HttpResponse<String> byId = send(principal, "GET", "/schemas/ids/" + id, null);
        assertThat(byId.statusCode()).isEqualTo(200);
        assertThat(byId.body()).contains("Probe");

        HttpResponse<String> register = send(principal, "POST", "/subjects/" + SUBJECT + "/versions", V2);
        assertThat(register.statusCode()).isEqualTo(403);
        assertThat(register.body()).contains("\"error_code\":40301").contains("user " + principal + " may only read");
        HttpResponse<String> compatibility =
                send(principal, "PUT", "/config/" + SUBJECT, "{\"compatibility\":\"NONE\"}");
        assertThat(compatibility.statusCode()).isEqualTo(403);
        HttpResponse<String> delete = send(principal, "DELETE", "/subjects/" + SUBJECT, null);
        assertThat(delete.statusCode()).isEqualTo(403);
        HttpResponse<String> newSubject = send(principal, "POST", "/subjects/" + principal + "-forged/versions", V1);
        assertThat(newSubject.statusCode()).isEqualTo(403);

        assertThat(versions()).as("the subject is unchanged").isEqualTo("[1]");
        HttpResponse<String> subjects = send(BrokerSecurity.ADMIN, "GET", "/subjects", null);
        assertThat(subjects.body()).doesNotContain("forged");
        HttpResponse<String> level = send(BrokerSecurity.ADMIN, "GET", "/config/" + SUBJECT, null);
        assertThat(level.body()).contains("BACKWARD");
    }

    @Test
    void shouldLetAdminRegisterANewVersionAndSetCompatibility() throws Exception {
        String subject = "secure-registry-it-admin-value";
        HttpResponse<String> first = send(BrokerSecurity.ADMIN, "POST", "/subjects/" + subject + "/versions", V1);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        HttpResponse<String> level =
                send(BrokerSecurity.ADMIN, "PUT", "/config/" + subject, "{\"compatibility\":\"FULL\"}");
        assertThat(level.statusCode()).as(level.body()).isEqualTo(200);
        HttpResponse<String> second = send(BrokerSecurity.ADMIN, "POST", "/subjects/" + subject + "/versions", V2);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        HttpResponse<String> versions = send(BrokerSecurity.ADMIN, "GET", "/subjects/" + subject + "/versions", null);
        assertThat(versions.body()).isEqualTo("[1,2]");
    }

    @Test
    void shouldKeepTheKeyAndHtpasswdPrivateAndRecordNginxsPid() throws Exception {
        Path front = stack.registryFront().orElseThrow().dir();
        for (Path secret :
                new Path[] {front.resolve("htpasswd"), front.resolve("tls").resolve("server.key")}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)))
                    .as(secret.toString())
                    .isEqualTo("rw-------");
        }
        String htpasswd = Files.readString(front.resolve("htpasswd"));
        assertThat(htpasswd.lines().map(l -> l.substring(0, l.indexOf(':'))))
                .containsExactlyInAnyOrderElementsOf(BrokerSecurity.PRINCIPALS);
        assertThat(htpasswd.lines()).allSatisfy(l -> assertThat(l).contains(":$6$"));
        for (String principal : BrokerSecurity.PRINCIPALS) {
            assertThat(htpasswd).doesNotContain(security.password(principal));
        }
        Properties env = LocalStack.runningIn(stack.dir()).orElseThrow();
        long pid = Long.parseLong(env.getProperty("REGISTRY_FRONT_PID"));
        assertThat(pid).isEqualTo(stack.registryFront().orElseThrow().pid());
        assertThat(ProcessHandle.of(pid).flatMap(h -> h.info().command()))
                .hasValueSatisfying(c -> assertThat(c).endsWith("nginx"));
        assertThat(env.getProperty("SCHEMA_REGISTRY_URL")).isEqualTo(stack.registryUrl());
    }

    private static String versions() throws Exception {
        HttpResponse<String> versions = send(BrokerSecurity.ADMIN, "GET", "/subjects/" + SUBJECT + "/versions", null);
        assertThat(versions.statusCode()).isEqualTo(200);
        return versions.body();
    }

    private static String auth(String principal) {
        return RegistryFront.basic(principal, security.password(principal));
    }

    private static HttpRequest.Builder request(String method, String path, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(stack.registryUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json");
        return builder.method(
                method,
                body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> send(String principal, String method, String path, String body)
            throws Exception {
        return trusting.send(
                request(method, path, body)
                        .header("Authorization", auth(principal))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
