package org.fleettelemetry.collector.probe;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * What the probe trusts: the platform's trust store (on Windows the machine's root store, {@code Windows-ROOT}, which
 * is what the agent's TLS trusts; elsewhere the JVM's default), or the CA certificates of a PEM file
 * ({@code probe.truststore}). Each handshake gets its own {@link Capture}, which remembers the chain the server
 * presented: when the chain is not trusted, that is where the inspecting issuer's name comes from.
 */
public final class ProbeTrust {
    private final X509ExtendedTrustManager trusted;
    private final String description;

    private ProbeTrust(X509ExtendedTrustManager trusted, String description) {
        this.trusted = trusted;
        this.description = description;
    }

    /** The platform's trust store. */
    public static ProbeTrust platform() {
        boolean windows =
                System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        try {
            KeyStore store = null;
            String description = "the JVM's default trust store";
            if (windows) {
                store = KeyStore.getInstance("Windows-ROOT");
                store.load(null, null);
                description = "the Windows root store";
            }
            return new ProbeTrust(managerOf(store), description);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the platform's trust store: " + e.getMessage(), e);
        }
    }

    /** The CA certificates of a PEM file, trusted instead of the platform's. */
    public static ProbeTrust pem(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certificates =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("probe.truststore " + file + " holds no certificate");
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (Certificate c : certificates) {
                store.setCertificateEntry("ca-" + i++, c);
            }
            return new ProbeTrust(managerOf(store), certificates.size() + " CA certificate(s) of " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read probe.truststore " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "probe.truststore " + file + " is not a PEM file of certificates: " + e.getMessage(), e);
        }
    }

    private static X509ExtendedTrustManager managerOf(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager m : factory.getTrustManagers()) {
            if (m instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X509 trust manager in " + factory.getAlgorithm());
    }

    public String description() {
        return description;
    }

    /** A context for one handshake, and what it saw. */
    public Capture newCapture() {
        return new Capture(trusted);
    }

    /** One handshake's TLS context; {@link #presented()} is the chain the server sent, once it sent one. */
    public static final class Capture extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager delegate;
        private volatile X509Certificate[] presented;
        private final SSLContext context;

        private Capture(X509ExtendedTrustManager delegate) {
            this.delegate = delegate;
            try {
                this.context = SSLContext.getInstance("TLS");
                this.context.init(null, new TrustManager[] {this}, null);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("no TLS in this JVM: " + e.getMessage(), e);
            }
        }

        public SSLContext context() {
            return context;
        }

        public X509Certificate[] presented() {
            return presented;
        }

        /** The subject of the issuer of the server's own certificate, or null before the server sent one. */
        public String issuer() {
            X509Certificate[] chain = presented;
            return chain == null || chain.length == 0
                    ? null
                    : chain[0].getIssuerX500Principal().getName();
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            presented = chain.clone();
            // with the socket: the delegate also checks the host name (endpoint identification HTTPS)
            delegate.checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            presented = chain.clone();
            delegate.checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            presented = chain.clone();
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("the probe is a client only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("the probe is a client only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("the probe is a client only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }
}
