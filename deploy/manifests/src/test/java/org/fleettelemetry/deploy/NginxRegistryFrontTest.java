package org.fleettelemetry.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry's front as it runs: compose's secrets-init script (config/secure/make-secrets.sh, with openssl) makes
 * the CA, nginx's certificate and the password files; a real nginx (Debian's, which ./run test installs) runs the
 * template compose and Kubernetes use, in front of a stand-in for Apicurio (a JDK HTTP server). The apps' users may
 * GET, only admin may write, nobody gets in without a password or over plain HTTP, and the registry never sees the
 * passwords.
 */
class NginxRegistryFrontTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Map<String, String> PASSWORDS = Map.of(
            "admin", "admin-pw-1",
            "collector", "collector-pw-2",
            "streams-app", "streams-app-pw-3",
            "soc-reader", "soc-reader-pw-4");
    private static final String SUBJECTS = "/apis/ccompat/v7/subjects";

    @TempDir
    Path dir;

    private final List<String> seen = new CopyOnWriteArrayList<>();
    private HttpServer registry;
    private Process nginx;
    private HttpClient client;
    private URI base;

    @BeforeEach
    void start() throws Exception {
        Path secrets = dir.resolve("secrets");
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "SECRETS_DIR", secrets.toString(),
                "STORE_PASSWORD", "store-pw",
                "ADMIN_PASSWORD", PASSWORDS.get("admin"),
                "COLLECTOR_PASSWORD", PASSWORDS.get("collector"),
                "STREAMS_APP_PASSWORD", PASSWORDS.get("streams-app"),
                "SOC_READER_PASSWORD", PASSWORDS.get("soc-reader")));
        run(
                List.of(
                        "bash",
                        DeployDir.compose()
                                .resolve("config/secure/make-secrets.sh")
                                .toString()),
                env);
        Path https = secrets.resolve("registry-https");
        // the image's workers run as nginx's user, in nginx's group, which may read them (and the volume is a
        // mount point of its own); this nginx's workers run as whoever it picks
        for (Path d : List.of(dir, secrets)) {
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        for (String f : List.of("users.htpasswd", "admin.htpasswd")) {
            Files.setPosixFilePermissions(https.resolve(f), PosixFilePermissions.fromString("rw-r--r--"));
        }

        registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        registry.createContext("/", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            seen.add(
                    exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath()
                            + (auth == null || auth.isEmpty() ? "" : " with Authorization"));
            byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, exchange.getRequestMethod().equals("HEAD") ? -1 : body.length);
            if (!exchange.getRequestMethod().equals("HEAD")) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        registry.start();

        String template = Files.readString(
                DeployDir.compose().resolve("config/secure/registry-nginx.conf.template"), StandardCharsets.UTF_8);
        int port = freePort();
        String server = template.replace(
                        "${REGISTRY_UPSTREAM}",
                        "127.0.0.1:" + registry.getAddress().getPort())
                .replace("listen " + NginxTemplate.tlsPort(template) + " ssl;", "listen 127.0.0.1:" + port + " ssl;")
                .replace("/etc/nginx/registry/", https + "/");
        Path prefix = Files.createDirectories(dir.resolve("nginx"));
        Files.writeString(prefix.resolve("registry.conf"), server);
        Files.writeString(
                prefix.resolve("nginx.conf"),
                "daemon off;\nworker_processes 1;\npid " + prefix.resolve("nginx.pid") + ";\nerror_log "
                        + prefix.resolve("error.log") + ";\nevents {}\nhttp {\n  access_log off;\n"
                        + "  client_body_temp_path " + prefix.resolve("body") + ";\n  proxy_temp_path "
                        + prefix.resolve("proxy") + ";\n  fastcgi_temp_path " + prefix.resolve("fastcgi") + ";\n"
                        + "  uwsgi_temp_path " + prefix.resolve("uwsgi") + ";\n  scgi_temp_path "
                        + prefix.resolve("scgi") + ";\n  include " + prefix.resolve("registry.conf") + ";\n}\n");
        nginx = new ProcessBuilder(
                        nginxBinary().toString(),
                        "-p",
                        prefix.toString(),
                        "-c",
                        prefix.resolve("nginx.conf").toString(),
                        "-e",
                        prefix.resolve("error.log").toString())
                .redirectErrorStream(true)
                .redirectOutput(prefix.resolve("stdout.log").toFile())
                .start();

        client = HttpClient.newBuilder()
                .sslContext(trusting(secrets.resolve("ca/ca.crt")))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        base = URI.create("https://127.0.0.1:" + port);
        awaitListening(port, prefix);
    }

    @AfterEach
    void stop() throws Exception {
        if (nginx != null) {
            nginx.destroy();
            if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
                nginx.destroyForcibly();
            }
        }
        if (registry != null) {
            registry.stop(0);
        }
    }

    @Test
    void shouldLetEveryUserReadAndOnlyAdminWriteWhenTheAppsUseTheRegistry() throws Exception {
        for (String user : List.of("collector", "streams-app", "soc-reader", "admin")) {
            assertThat(send("GET", SUBJECTS, user, PASSWORDS.get(user)))
                    .as("%s GETs the subjects", user)
                    .isEqualTo(200);
        }
        for (String user : List.of("collector", "streams-app", "soc-reader")) {
            assertThat(send("POST", SUBJECTS + "/x-value/versions", user, PASSWORDS.get(user)))
                    .as("%s registers a schema", user)
                    .isEqualTo(401);
            assertThat(send("PUT", "/apis/ccompat/v7/config", user, PASSWORDS.get(user)))
                    .as("%s changes compatibility", user)
                    .isEqualTo(401);
            assertThat(send("DELETE", SUBJECTS + "/x-value", user, PASSWORDS.get(user)))
                    .as("%s deletes a subject", user)
                    .isEqualTo(401);
        }
        assertThat(send("POST", SUBJECTS + "/x-value/versions", "admin", PASSWORDS.get("admin")))
                .as("admin registers a schema")
                .isEqualTo(200);
        assertThat(send("PUT", "/apis/ccompat/v7/config", "admin", PASSWORDS.get("admin")))
                .as("admin sets compatibility")
                .isEqualTo(200);

        assertThat(seen)
                .as("what reached the registry: the allowed requests only, never a password")
                .containsExactly(
                        "GET " + SUBJECTS,
                        "GET " + SUBJECTS,
                        "GET " + SUBJECTS,
                        "GET " + SUBJECTS,
                        "POST " + SUBJECTS + "/x-value/versions",
                        "PUT /apis/ccompat/v7/config");
    }

    @Test
    void shouldRefuseWhenThePasswordIsMissingOrWrong() throws Exception {
        assertThat(send("GET", SUBJECTS, null, null)).as("no password").isEqualTo(401);
        assertThat(send("GET", SUBJECTS, "streams-app", "wrong"))
                .as("a wrong password")
                .isEqualTo(401);
        assertThat(send("GET", SUBJECTS, "streams-app", PASSWORDS.get("collector")))
                .as("another user's password")
                .isEqualTo(401);
        assertThat(send("POST", SUBJECTS + "/x-value/versions", "admin", PASSWORDS.get("streams-app")))
                .as("admin's name with an app's password")
                .isEqualTo(401);
        assertThat(seen).as("nothing reached the registry").isEmpty();
    }

    @Test
    void shouldAnswerTheProbeWithoutPasswordOrContentWhenTheRegistryIsUp() throws Exception {
        HttpResponse<String> probe = client.send(
                HttpRequest.newBuilder(base.resolve(NginxTemplate.PROBE)).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(probe.statusCode()).isEqualTo(200);
        assertThat(probe.body()).isEmpty();
        assertThat(seen).containsExactly("HEAD " + SUBJECTS);
        assertThat(send("POST", NginxTemplate.PROBE, null, null))
                .as("the probe is GET only")
                .isEqualTo(403);
    }

    @Test
    void shouldSpeakOnlyTlsWhenAClientConnects() throws Exception {
        HttpClient plain =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> r = plain.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + base.getPort() + SUBJECTS))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).as("plain HTTP on the TLS port").isEqualTo(400);
        assertThat(seen).isEmpty();
    }

    private int send(String method, String path, String user, String password) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(10))
                .method(
                        method,
                        method.equals("GET") || method.equals("DELETE")
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString("{}"));
        if (user != null) {
            b.header(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static SSLContext trusting(Path caPem) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            trust.setCertificateEntry(
                    "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }

    private void awaitListening(int port, Path prefix) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            if (!nginx.isAlive()) {
                throw new AssertionError("nginx exited: " + Files.readString(prefix.resolve("stdout.log"))
                        + readIfExists(prefix.resolve("error.log")));
            }
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError(
                "nginx did not listen within " + WAIT + ": " + readIfExists(prefix.resolve("error.log")));
    }

    private static String readIfExists(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(command + " failed: " + out);
        }
    }

    private static Path nginxBinary() {
        List<String> dirs = new ArrayList<>(
                Arrays.asList(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.add("/usr/sbin");
        return dirs.stream()
                .map(d -> Path.of(d, "nginx"))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new AssertionError("nginx is not installed: ./run test installs Debian's "
                        + "(apt-get install -y --no-install-recommends nginx) to run the registry's front"));
    }
}
