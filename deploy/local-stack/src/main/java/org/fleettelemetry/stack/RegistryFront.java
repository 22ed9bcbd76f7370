package org.fleettelemetry.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The secure stack's registry door: Debian's nginx, a child process of the stack, listening with TLS (the broker's
 * certificate from the stack's CA: 127.0.0.1 and localhost) and Basic auth in front of Apicurio, which moves to a
 * loopback port of its own. Every principal may read (GET, HEAD: schemas by id, subjects, latest versions); only
 * {@code admin} may register, set compatibility or delete: any other method is 403 for the others, with a Confluent
 * style JSON error. Not Apicurio's own authentication: that needs an OIDC server (Keycloak), which this offline stack
 * does not have, and its basic-auth mode is client-credentials against that same server.
 *
 * <p>Everything it needs is written under its folder at each start (nginx.conf, the PEM certificate and key, the
 * htpasswd file, SHA-512 crypt hashes from Debian's openssl), key and htpasswd with mode 600.
 */
public final class RegistryFront extends ChildService {
    /** Who may change the registry; the other principals only read. */
    public static final String WRITER = BrokerSecurity.ADMIN;

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final Path dir;
    private final int port;
    private final int upstreamPort;
    private final BrokerSecurity security;

    public RegistryFront(Path dir, int port, int upstreamPort, BrokerSecurity security) {
        super("registry-front (nginx)", dir.toAbsolutePath().resolve("nginx.out"), Duration.ofSeconds(10));
        this.dir = dir.toAbsolutePath();
        this.port = port;
        this.upstreamPort = upstreamPort;
        this.security = security;
    }

    /** What clients use: the Confluent API through the front. */
    public String url() {
        return "https://127.0.0.1:" + port + RegistryServer.CCOMPAT_PATH;
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    /** Writes the configuration and starts nginx in the foreground of its own process; returns once it answers. */
    public synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        Path nginx = nginx();
        Files.createDirectories(dir.resolve("tmp"));
        writeTls();
        writeHtpasswd();
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, config(), StandardCharsets.UTF_8);
        process = ChildJvm.exec(
                "registry-front",
                List.of(
                        nginx.toString(),
                        "-p",
                        dir.toString(),
                        "-e",
                        dir.resolve("error.log").toString(),
                        "-c",
                        conf.toString()),
                dir.resolve("nginx.out"),
                dir);
        awaitReady();
    }

    /** Debian's nginx ({@code apt-get install nginx}; {@code ./run test} installs it). */
    static Path nginx() throws IOException {
        for (String candidate : List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx")) {
            Path p = Path.of(candidate);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String folder : path.split(java.io.File.pathSeparator)) {
            Path p = Path.of(folder, "nginx");
            if (!folder.isEmpty() && Files.isExecutable(p)) {
                return p;
            }
        }
        throw new IOException("the secure stack needs nginx for the registry's TLS and Basic-auth front, and there is"
                + " none on this machine: apt-get install nginx (Debian), or ./run test, which installs it");
    }

    String config() {
        String d = dir.toString();
        StringBuilder c = new StringBuilder();
        c.append("# written by the local stack at each start: the registry's TLS and Basic-auth front\n");
        c.append("daemon off;\nworker_processes 1;\n");
        c.append("pid ").append(d).append("/nginx.pid;\n");
        c.append("error_log ").append(d).append("/error.log warn;\n");
        if ("root".equals(System.getProperty("user.name"))) {
            // as root, workers would switch to nobody and could not read the htpasswd file (mode 600)
            c.append("user root;\n");
        }
        c.append("events { worker_connections 256; }\n");
        c.append("http {\n");
        c.append("  access_log ").append(d).append("/access.log;\n");
        for (String temp : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
            c.append("  ")
                    .append(temp)
                    .append("_temp_path ")
                    .append(d)
                    .append("/tmp/")
                    .append(temp)
                    .append(";\n");
        }
        c.append("  server_tokens off;\n  client_max_body_size 4m;\n");
        c.append("  # GET and HEAD for every principal, every method for ")
                .append(WRITER)
                .append(" ($remote_user is checked by auth_basic before auth_request runs)\n");
        c.append("  map \"$request_method:$remote_user\" $registry_denied {\n");
        c.append("    default 1;\n    \"~^(GET|HEAD):\" 0;\n    \"~^[A-Z]+:")
                .append(WRITER)
                .append("$\" 0;\n  }\n");
        c.append("  upstream apicurio { server 127.0.0.1:").append(upstreamPort).append("; keepalive 8; }\n");
        c.append("  server {\n");
        c.append("    listen 127.0.0.1:").append(port).append(" ssl;\n");
        c.append("    ssl_certificate ").append(d).append("/tls/server.pem;\n");
        c.append("    ssl_certificate_key ").append(d).append("/tls/server.key;\n");
        c.append("    ssl_protocols TLSv1.2 TLSv1.3;\n");
        c.append("    location / {\n");
        c.append("      auth_basic \"fleet-telemetry schema registry\";\n");
        c.append("      auth_basic_user_file ").append(d).append("/htpasswd;\n");
        c.append("      auth_request /_registry_authz;\n");
        c.append("      error_page 403 = @read_only;\n");
        c.append("      proxy_pass http://apicurio;\n");
        c.append("      proxy_http_version 1.1;\n");
        c.append("      proxy_set_header Connection \"\";\n");
        // Apicurio runs without authentication behind the front: the password goes no further
        c.append("      proxy_set_header Authorization \"\";\n");
        c.append("      proxy_set_header X-Forwarded-Proto https;\n");
        c.append("    }\n");
        c.append("    location = /_registry_authz { internal; if ($registry_denied) { return 403; } return 204; }\n");
        c.append("    location @read_only {\n      default_type application/json;\n");
        c.append("      return 403 '{\"error_code\":40301,\"message\":\"user $remote_user may only read this registry"
                        + " (GET): registering a schema, changing compatibility and deleting are for ")
                .append(WRITER)
                .append("\"}';\n    }\n");
        c.append("  }\n}\n");
        return c.toString();
    }

    /** The broker's certificate chain and key as PEM (nginx reads no PKCS12): the key as PKCS#8, mode 600. */
    private void writeTls() throws IOException {
        Path tls = dir.resolve("tls");
        Files.createDirectories(tls);
        try (InputStream in = Files.newInputStream(security.brokerKeystore())) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            char[] password = security.keystorePassword().toCharArray();
            store.load(in, password);
            Key key = store.getKey("broker", password);
            if (!(key instanceof PrivateKey)) {
                throw new IOException("no private key 'broker' in " + security.brokerKeystore());
            }
            StringBuilder chain = new StringBuilder();
            for (Certificate certificate : store.getCertificateChain("broker")) {
                chain.append(pem("CERTIFICATE", certificate.getEncoded()));
            }
            Path keyFile = tls.resolve("server.key");
            Files.deleteIfExists(keyFile);
            Files.createFile(keyFile);
            BrokerSecurity.restrict(keyFile);
            Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
            Files.writeString(tls.resolve("server.pem"), chain, StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IOException("reading the broker's key store " + security.brokerKeystore() + " failed: " + e, e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    /**
     * One line per principal, its broker password hashed with SHA-512 crypt by Debian's openssl (the password goes in
     * on stdin, never on a command line); mode 600.
     */
    private void writeHtpasswd() throws IOException {
        StringBuilder lines = new StringBuilder();
        for (String principal : BrokerSecurity.PRINCIPALS) {
            lines.append(principal)
                    .append(':')
                    .append(sha512Crypt(security.password(principal)))
                    .append('\n');
        }
        Path file = dir.resolve("htpasswd");
        Files.deleteIfExists(file);
        Files.createFile(file);
        BrokerSecurity.restrict(file);
        Files.writeString(file, lines, StandardCharsets.UTF_8);
    }

    static String sha512Crypt(String password) throws IOException {
        Process openssl = new ProcessBuilder("openssl", "passwd", "-6", "-stdin")
                .redirectErrorStream(true)
                .start();
        try (OutputStream in = openssl.getOutputStream()) {
            in.write((password + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        try {
            if (openssl.waitFor() != 0 || !out.startsWith("$6$")) {
                throw new IOException("openssl passwd -6 failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while hashing a password", e);
        }
        return out;
    }

    private void awaitReady() throws IOException {
        HttpClient http = HttpClient.newBuilder()
                .sslContext(trusting(security.caPem()))
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        String authorization = basic(WRITER, security.password(WRITER));
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("nginx (the registry's front) exited during start-up, see "
                        + dir.resolve("error.log") + ":\n" + process.tail(20) + "\n" + tail(dir.resolve("error.log")));
            }
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create(url() + "/subjects"))
                                .timeout(Duration.ofSeconds(2))
                                .header("Authorization", authorization)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = "HTTP " + response.statusCode() + " " + response.body();
            } catch (IOException notYet) {
                last = notYet.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the registry's front", e);
            }
            KafkaBroker.sleepQuietly(200);
        }
        throw new IOException("the registry's front (nginx) at " + url() + " did not answer within "
                + READY_TIMEOUT.toSeconds() + " s (last: " + last + "), see " + dir.resolve("error.log"));
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    /** {@code Authorization: Basic ...} for a user and password. */
    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** An SSLContext that trusts the certificates in a PEM file (the stack's {@code ca.pem}) and nothing else. */
    public static SSLContext trusting(Path caPem) throws IOException {
        try (InputStream in = Files.newInputStream(caPem)) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            List<Certificate> certificates =
                    new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
            for (int i = 0; i < certificates.size(); i++) {
                trust.setCertificateEntry("ca-" + i, certificates.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot trust " + caPem + ": " + e, e);
        }
    }

    @Override
    public String toString() {
        return "registry front " + url().toLowerCase(Locale.ROOT) + " -> 127.0.0.1:" + upstreamPort;
    }
}
