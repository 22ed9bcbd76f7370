package org.fleettelemetry.schemas.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.ConfigException;

/**
 * The certificates an {@code https} registry URL is checked against, from Confluent's keys: {@code
 * schema.registry.ssl.truststore.location}, {@code .password}, {@code .type} (JKS, the default as in Confluent's
 * client, PKCS12, or PEM: a file of CA certificates, no password). Loaded once, when the config is read, so a
 * missing file, a wrong password or a file of the wrong type fails at start naming its key, not at the first
 * record. Without a location the JDK's default trust applies. Host names are always verified: a certificate for
 * 127.0.0.1 needs that IP address among its subject alternative names.
 */
final class RegistryTrust {
    static final String LOCATION = "schema.registry.ssl.truststore.location";
    static final String PASSWORD = "schema.registry.ssl.truststore.password";
    static final String TYPE = "schema.registry.ssl.truststore.type";
    static final List<String> TYPES = List.of("JKS", "PKCS12", "PEM");

    private final String location;
    private final String type;
    private final SSLSocketFactory socketFactory;

    private RegistryTrust(String location, String type, SSLSocketFactory socketFactory) {
        this.location = location;
        this.type = type;
        this.socketFactory = socketFactory;
    }

    /** The configured trust, or empty for the JDK's default. */
    static Optional<RegistryTrust> from(Map<String, ?> configs) {
        String location = text(configs.get(LOCATION));
        String password = text(configs.get(PASSWORD));
        String givenType = text(configs.get(TYPE));
        String type = givenType == null ? "JKS" : givenType.trim().toUpperCase(Locale.ROOT);
        if (!TYPES.contains(type)) {
            throw new ConfigException(TYPE, givenType, "supported: JKS, PKCS12, PEM");
        }
        if (location == null) {
            if (password != null || givenType != null) {
                throw new ConfigException("missing " + LOCATION + ": " + (password != null ? PASSWORD : TYPE)
                        + " is set, but no trust store to go with it");
            }
            return Optional.empty();
        }
        Path file = Path.of(location.trim());
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ConfigException(LOCATION, location, "no readable file there");
        }
        KeyStore store = type.equals("PEM") ? pem(file, password) : keyStore(file, type, password);
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return Optional.of(new RegistryTrust(file.toString(), type, context.getSocketFactory()));
        } catch (GeneralSecurityException e) {
            throw new ConfigException(LOCATION, location, "cannot build a TLS context from it: " + e.getMessage());
        }
    }

    private static KeyStore pem(Path file, String password) {
        if (password != null) {
            // as Kafka's own clients: a PEM trust store holds certificates only, which have nothing to unlock
            throw new ConfigException(PASSWORD + " must not be set for " + TYPE + "=PEM: a PEM trust store is"
                    + " certificates only, without a password");
        }
        List<Certificate> certificates;
        try (InputStream in = Files.newInputStream(file)) {
            certificates =
                    new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
        } catch (IOException | CertificateException e) {
            throw new ConfigException(LOCATION, file.toString(), "not a PEM file of certificates: " + e.getMessage());
        }
        if (certificates.isEmpty()) {
            throw new ConfigException(LOCATION, file.toString(), "no certificate in it (expected PEM CA certificates)");
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < certificates.size(); i++) {
                store.setCertificateEntry("ca-" + i, certificates.get(i));
            }
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(LOCATION, file.toString(), "cannot hold its certificates: " + e.getMessage());
        }
    }

    private static KeyStore keyStore(Path file, String type, String password) {
        KeyStore store;
        try {
            store = KeyStore.getInstance(type);
        } catch (GeneralSecurityException e) {
            throw new ConfigException(TYPE, type, "not available in this JVM: " + e.getMessage());
        }
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password == null ? null : password.toCharArray());
        } catch (IOException e) {
            // the JDK reports a wrong password as an IOException caused by an UnrecoverableKeyException
            if (e.getCause() instanceof java.security.UnrecoverableKeyException) {
                throw new ConfigException(PASSWORD, "[hidden]", "wrong password for the trust store " + file);
            }
            throw new ConfigException(
                    LOCATION, file.toString(), "cannot be read as a " + type + " trust store: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new ConfigException(
                    LOCATION, file.toString(), "cannot be read as a " + type + " trust store: " + e.getMessage());
        }
        try {
            boolean anyCertificate = false;
            for (var aliases = store.aliases(); aliases.hasMoreElements(); ) {
                anyCertificate |= store.isCertificateEntry(aliases.nextElement());
            }
            if (!anyCertificate) {
                throw new ConfigException(LOCATION, file.toString(), "no trusted certificate entry in it");
            }
        } catch (java.security.KeyStoreException e) {
            throw new ConfigException(LOCATION, file.toString(), e.getMessage());
        }
        return store;
    }

    private static String text(Object raw) {
        return raw == null || raw.toString().isBlank() ? null : raw.toString();
    }

    SSLSocketFactory socketFactory() {
        return socketFactory;
    }

    @Override
    public String toString() {
        return type + " " + location;
    }
}
