package org.fleettelemetry.streams.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.fleettelemetry.streams.config.StreamsAppConfig;
import org.fleettelemetry.streams.config.StreamsProperties;
import org.fleettelemetry.streams.metrics.AppMetrics;
import org.fleettelemetry.streams.query.QueryJson;
import org.fleettelemetry.streams.query.QueryService;
import org.fleettelemetry.streams.topology.ConnectivityTopology;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP plumbing over a Kafka Streams instance that is created but never started (no broker needed): auth, error
 * bodies, health, metrics, OpenAPI, TLS. What the stores answer is covered by the ITs.
 */
class HttpApiTest {
    private static final String TOKEN = "test-token-1";
    private static final String ACME_TOKEN = "acme-viewer-token-9c1e";

    @TempDir
    Path dir;

    private KafkaStreams streams;
    private AppMetrics metrics;
    private HttpApi api;
    private final HttpClient client = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (api != null) {
            api.stop();
        }
        if (metrics != null) {
            metrics.close();
        }
        if (streams != null) {
            streams.close(Duration.ofSeconds(5));
        }
    }

    @Test
    void shouldRefuseWith401JsonWhenTheTokenIsMissingOrWrong() throws Exception {
        String base = start(Map.of());

        HttpResponse<String> missing = get(base + "/api/v1/outages", null);
        HttpResponse<String> wrong = get(base + "/api/v1/endpoints/pc-1", "Bearer nope");
        HttpResponse<String> internal = get(base + "/internal/v1/share/outages", null);

        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(json(missing).get("code").asText()).isEqualTo("unauthorized");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(json(wrong).get("message").asText()).contains("not valid");
        assertThat(internal.statusCode()).isEqualTo(401);
    }

    @Test
    void shouldSayWhoTheTokenIsWhenAskedForMe() throws Exception {
        String base = start(acmeViewer());

        JsonNode admin = json(get(base + "/api/v1/me", "Bearer " + TOKEN));
        HttpResponse<String> viewer = get(base + "/api/v1/me", "Bearer " + ACME_TOKEN);

        assertThat(admin.get("name").asText()).isEqualTo("api-token");
        assertThat(admin.get("role").asText()).isEqualTo("admin");
        assertThat(admin.get("sites")).extracting(JsonNode::asText).containsExactly("*");
        assertThat(viewer.statusCode()).isEqualTo(200);
        assertThat(json(viewer).get("name").asText()).isEqualTo("acme-viewer");
        assertThat(json(viewer).get("role").asText()).isEqualTo("viewer");
        assertThat(json(viewer).get("sites")).extracting(JsonNode::asText).containsExactly("acme-*", "beta");
        assertThat(viewer.body()).doesNotContain(ACME_TOKEN);
    }

    @Test
    void shouldAnswerTheNotFoundOfAMissingSiteBeforeAskingTheStoresWhenTheSiteIsOutOfScope() throws Exception {
        String base = start(acmeViewer());

        for (String route :
                List.of("/api/v1/sites/zeta", "/api/v1/sites/zeta/endpoints", "/api/v1/sites/zeta/failures")) {
            HttpResponse<String> hidden = get(base + route, "Bearer " + ACME_TOKEN);
            assertThat(hidden.statusCode()).as(route).isEqualTo(404);
            assertThat(hidden.body()).as(route).isEqualTo("{\"code\":\"not_found\",\"message\":\"no site 'zeta'\"}");
        }
        // in scope, or for an admin, the same routes reach the stores (not running here: 503)
        assertThat(get(base + "/api/v1/sites/acme-north", "Bearer " + ACME_TOKEN)
                        .statusCode())
                .isEqualTo(503);
        assertThat(get(base + "/api/v1/sites/zeta", "Bearer " + TOKEN).statusCode())
                .isEqualTo(503);
    }

    @Test
    void shouldLogARefusedCallWithTheRouteAndUnknownButNeverTheToken() throws Exception {
        String base = start(acmeViewer());
        ch.qos.logback.classic.Logger logger =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(HttpApi.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
                new ch.qos.logback.core.read.ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try {
            assertThat(get(base + "/api/v1/sites/hel", "Bearer wrong-secret-123")
                            .statusCode())
                    .isEqualTo(401);

            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !lines.list.isEmpty());
            String line = lines.list.get(0).getFormattedMessage();
            assertThat(line).isEqualTo("refused 401 GET /api/v1/sites/{site} for principal unknown");
            assertThat(lines.list)
                    .allSatisfy(e -> assertThat(e.getFormattedMessage())
                            .doesNotContain("wrong-secret-123")
                            .doesNotContain(ACME_TOKEN));
        } finally {
            logger.detachAppender(lines);
        }
    }

    @Test
    void shouldAnswer503WithRetryAfterWhenStreamsIsNotRunning() throws Exception {
        String base = start(Map.of());

        HttpResponse<String> key = get(base + "/api/v1/endpoints/pc-1", "Bearer " + TOKEN);
        HttpResponse<String> all = get(base + "/api/v1/sites", "Bearer " + TOKEN);
        HttpResponse<String> ready = get(base + "/health/ready", null);
        HttpResponse<String> live = get(base + "/health/live", null);

        assertThat(key.statusCode()).isEqualTo(503);
        assertThat(key.headers().firstValue("Retry-After")).isPresent();
        assertThat(json(key).get("code").asText()).isEqualTo("unavailable");
        assertThat(key.body()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(all.statusCode()).isEqualTo(503);
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(json(ready).get("streams").asText()).isEqualTo("CREATED");
        assertThat(live.statusCode()).isEqualTo(200);
    }

    @Test
    void shouldAnswer400NamingTheParameterBeforeAskingTheStores() throws Exception {
        String base = start(Map.of());

        HttpResponse<String> badLag = get(base + "/api/v1/endpoints/pc-1?maxLag=-3", "Bearer " + TOKEN);
        HttpResponse<String> badDate = get(base + "/api/v1/sites/hel/failures?from=monday", "Bearer " + TOKEN);
        HttpResponse<String> noHop = get(base + "/internal/v1/key/endpoint?key=pc-1", "Bearer " + TOKEN);

        assertThat(badLag.statusCode()).isEqualTo(400);
        assertThat(json(badLag).get("message").asText()).contains("'maxLag'");
        assertThat(badDate.statusCode()).isEqualTo(400);
        assertThat(json(badDate).get("message").asText()).contains("'from'");
        assertThat(noHop.statusCode()).isEqualTo(400);
        assertThat(json(noHop).get("message").asText()).contains("X-Fleet-Hop");
    }

    @Test
    void shouldAnswerJson404WhenTheRouteIsUnknown() throws Exception {
        String base = start(Map.of());

        HttpResponse<String> r = get(base + "/api/v1/nothing-here", "Bearer " + TOKEN);

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json(r).get("code").asText()).isEqualTo("not_found");
    }

    @Test
    void shouldAnswerJson405WithAllowWhenTheResourceExistsButNotTheMethod() throws Exception {
        String base = start(Map.of());

        HttpResponse<String> post = send("POST", base + "/api/v1/outages", "Bearer " + TOKEN);
        HttpResponse<String> delete = send("DELETE", base + "/api/v1/endpoints/pc-1", "Bearer " + TOKEN);
        HttpResponse<String> unknown = send("POST", base + "/api/v1/nothing-here", "Bearer " + TOKEN);

        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertThat(post.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(json(post).get("code").asText()).isEqualTo("method_not_allowed");
        assertThat(json(post).get("message").asText()).contains("POST", "GET");
        assertThat(send("HEAD", base + "/api/v1/outages", null).statusCode())
                .as("HEAD is answered where GET is")
                .isEqualTo(401);
        assertThat(delete.statusCode()).isEqualTo(405);
        assertThat(delete.headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("code").asText()).isEqualTo("not_found");
    }

    /**
     * Jetty refuses these before any route runs (its own error page is HTML). Sent on a raw socket: an HTTP client
     * would normalise the path or refuse to send so long a line.
     */
    @Test
    void shouldAnswerJsonWhenJettyRefusesTheRequestItself() throws Exception {
        start(Map.of());

        RawResponse traversal = raw("GET /..%2f..%2fetc%2fpasswd HTTP/1.1\r\nHost: localhost\r\n\r\n");
        RawResponse longId =
                raw("GET /api/v1/endpoints/" + "e".repeat(10 * 1024) + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
        RawResponse hugeHeader =
                raw("GET /api/v1/sites HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "h".repeat(20 * 1024) + "\r\n\r\n");
        RawResponse garbage = raw("GARBAGE\r\n\r\n");

        assertThat(traversal.status()).isEqualTo(400);
        assertThat(longId.status()).isEqualTo(414);
        assertThat(hugeHeader.status()).isEqualTo(431);
        assertThat(garbage.status()).isEqualTo(400);
        for (RawResponse r : List.of(traversal, longId, hugeHeader, garbage)) {
            assertThat(r.header("content-type")).as(r.text()).startsWith("application/json");
            JsonNode body = QueryJson.mapper().readTree(r.body());
            assertThat(body.fieldNames()).toIterable().containsExactlyInAnyOrder("code", "message");
            assertThat(body.get("code").asText()).isNotBlank();
            assertThat(r.body()).doesNotContain("<").doesNotContain("passwd");
        }
    }

    @Test
    void shouldServeMetricsAndOpenApiWithoutAToken() throws Exception {
        String base = start(Map.of());
        get(base + "/health/live", null);

        HttpResponse<String> metricsText = get(base + "/metrics", null);
        HttpResponse<String> openApi = get(base + "/openapi.json", null);

        assertThat(metricsText.statusCode()).isEqualTo(200);
        assertThat(metricsText.body())
                .contains("fleet_http_requests_seconds_count")
                .contains("jvm_memory_used_bytes");
        assertThat(openApi.statusCode()).isEqualTo(200);
        JsonNode doc = json(openApi);
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        assertThat(doc.get("paths").fieldNames())
                .toIterable()
                .contains(
                        "/api/v1/outages",
                        "/api/v1/outages/{alertId}",
                        "/api/v1/sites",
                        "/api/v1/sites/{site}",
                        "/api/v1/sites/{site}/failures",
                        "/api/v1/sites/{site}/endpoints",
                        "/api/v1/endpoints/{endpointId}");
    }

    @Test
    void shouldServeHttpsOnlyWhenAKeystoreIsConfigured() throws Exception {
        Path keystore = dir.resolve("query.p12");
        keytool(keystore);
        String base = start(
                        Map.of("http.tls.keystore.path", keystore.toString(), "http.tls.keystore.password", "changeit"))
                .replace("http://", "https://");
        HttpClient tlsClient =
                HttpClient.newBuilder().sslContext(trusting(keystore)).build();

        HttpResponse<String> live = tlsClient.send(
                HttpRequest.newBuilder(URI.create(base + "/health/live")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> unauthorized = tlsClient.send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/sites")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(unauthorized.statusCode()).isEqualTo(401);
        assertThatThrownBy(() -> get(base.replace("https://", "http://") + "/health/live", null))
                .isInstanceOf(IOException.class);
    }

    private static Map<String, String> acmeViewer() {
        return Map.of(
                "api.principal.acme-viewer.token.sha256",
                org.fleettelemetry.streams.config.ApiPrincipal.sha256Hex(ACME_TOKEN),
                "api.principal.acme-viewer.role",
                "viewer",
                "api.principal.acme-viewer.sites",
                "acme-*, beta");
    }

    private String start(Map<String, String> extra) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, String> c = new HashMap<>(extra);
        c.put("kafka.bootstrap.servers", "127.0.0.1:1");
        c.put("schema.registry.url", "http://127.0.0.1:1");
        c.put("state.dir", dir.resolve("state").toString());
        c.put("http.port", Integer.toString(port));
        c.put("api.tokens", TOKEN);
        StreamsAppConfig config = StreamsAppConfig.from(c);
        Topology topology = ConnectivityTopology.build(config.topology(), StreamsProperties.serdeConfig(config));
        streams = new KafkaStreams(topology, StreamsProperties.of(config));
        metrics = new AppMetrics(streams);
        api = HttpApi.start(
                config, QueryService.create(streams, topology.describe(), config, metrics.registry()), metrics);
        return "http://127.0.0.1:" + api.port();
    }

    private HttpResponse<String> send(String method, String url, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What the server answered on a raw socket: the head and the body, split at the blank line. */
    private record RawResponse(String head, String body) {
        int status() {
            return Integer.parseInt(head.split(" ")[1]);
        }

        String header(String name) {
            return head.lines()
                    .filter(l -> l.toLowerCase(Locale.ROOT).startsWith(name + ":"))
                    .map(l -> l.substring(name.length() + 1).trim())
                    .findFirst()
                    .orElse("");
        }

        String text() {
            return head + "\r\n\r\n" + body;
        }
    }

    private RawResponse raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", api.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            socket.shutdownOutput();
            String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            assertThat(split).as(text).isPositive();
            String head = text.substring(0, split);
            String body = text.substring(split + 4);
            if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
                body = dechunk(body);
            }
            return new RawResponse(head, body);
        }
    }

    private static String dechunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int eol = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, eol).trim(), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(chunked, eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
        }
    }

    private HttpResponse<String> get(String url, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return QueryJson.mapper().readTree(r.body());
    }

    private static void keytool(Path keystore) throws IOException, InterruptedException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(
                        keytool.toString(),
                        "-genkeypair",
                        "-alias",
                        "query",
                        "-keyalg",
                        "RSA",
                        "-keysize",
                        "2048",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        keystore.toString(),
                        "-storepass",
                        "changeit",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "SAN=dns:localhost,ip:127.0.0.1",
                        "-validity",
                        "2")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("keytool: %s", out).isZero();
        assertThat(Files.exists(keystore)).isTrue();
    }

    private static SSLContext trusting(Path keystore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }
}
