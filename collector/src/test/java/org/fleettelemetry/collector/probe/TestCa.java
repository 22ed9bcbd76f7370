package org.fleettelemetry.collector.probe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A certificate authority made with the JDK's keytool for the probe's tests, and a server certificate it issued for
 * the names a test asks (keytool's {@code -ext san=...}). Made once per JVM per name: keytool runs take seconds.
 */
public final class TestCa {
    private static final String PASS = "changeit";
    private static final java.util.Map<String, TestCa> MADE = new java.util.concurrent.ConcurrentHashMap<>();

    private final Path dir;
    private final String subject;
    private final Path pem;

    private TestCa(Path dir, String subject, Path pem) {
        this.dir = dir;
        this.subject = subject;
        this.pem = pem;
    }

    /** The CA named {@code CN=<cn>,O=fleet-telemetry tests}, made on first use. */
    public static TestCa named(String cn) {
        return MADE.computeIfAbsent(cn, TestCa::make);
    }

    private static TestCa make(String cn) {
        try {
            Path dir = Files.createTempDirectory("probe-ca-");
            dir.toFile().deleteOnExit();
            String subject = "CN=" + cn + ",O=fleet-telemetry tests";
            keytool(
                    dir,
                    "-genkeypair",
                    "-alias",
                    "ca",
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-dname",
                    subject,
                    "-ext",
                    "bc:c",
                    "-validity",
                    "3",
                    "-keystore",
                    "ca.p12",
                    "-storetype",
                    "PKCS12",
                    "-storepass",
                    PASS);
            keytool(
                    dir,
                    "-exportcert",
                    "-rfc",
                    "-alias",
                    "ca",
                    "-keystore",
                    "ca.p12",
                    "-storepass",
                    PASS,
                    "-file",
                    "ca.pem");
            return new TestCa(dir, subject, dir.resolve("ca.pem"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The CA's subject as X500Principal.getName() writes it (RFC 2253). */
    public String subject() {
        return subject;
    }

    /** The CA's certificate as PEM: what {@code probe.truststore} takes. */
    public Path pem() {
        return pem;
    }

    /**
     * A TLS server context whose certificate this CA issued for {@code san} (keytool syntax, e.g.
     * {@code ip:127.0.0.1}), sending the chain leaf + CA.
     */
    public synchronized SSLContext serverContext(String san) {
        String name = "server-" + san.replaceAll("[^A-Za-z0-9]", "_");
        try {
            Path keystore = dir.resolve(name + ".p12");
            if (!Files.exists(keystore)) {
                keytool(
                        dir,
                        "-genkeypair",
                        "-alias",
                        "server",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=probe test server",
                        "-keystore",
                        name + ".p12",
                        "-storetype",
                        "PKCS12",
                        "-storepass",
                        PASS);
                keytool(
                        dir,
                        "-certreq",
                        "-alias",
                        "server",
                        "-keystore",
                        name + ".p12",
                        "-storepass",
                        PASS,
                        "-file",
                        name + ".csr");
                keytool(
                        dir,
                        "-gencert",
                        "-rfc",
                        "-alias",
                        "ca",
                        "-keystore",
                        "ca.p12",
                        "-storepass",
                        PASS,
                        "-infile",
                        name + ".csr",
                        "-outfile",
                        name + ".pem",
                        "-ext",
                        "san=" + san,
                        "-ext",
                        "eku=serverAuth",
                        "-validity",
                        "3");
            }
            KeyStore issued = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                issued.load(in, PASS.toCharArray());
            }
            PrivateKey key = (PrivateKey) issued.getKey("server", PASS.toCharArray());
            List<Certificate> chain = new ArrayList<>(certificates(dir.resolve(name + ".pem")));
            chain.addAll(certificates(pem));
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", key, PASS.toCharArray(), chain.toArray(new Certificate[0]));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, PASS.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the test server's TLS context: " + e, e);
        }
    }

    private static java.util.Collection<? extends Certificate> certificates(Path pem)
            throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
    }

    private static void keytool(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        try {
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool " + args[0] + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", e);
        }
    }
}
