package org.fleettelemetry.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The secure broker's material under {@code --dir}: a CA made by the JDK's keytool ({@code ca.pem}, a PKCS12
 * truststore), the broker's key and certificate signed by it (for 127.0.0.1 and localhost), one generated SCRAM
 * password per principal, and the ACLs of each principal. Written once and kept: a restart finds the same
 * passwords and certificates. {@code secure.env} is shell syntax for clients.
 */
public final class BrokerSecurity {
    /** The name of the broker's controller listener (TLS with client certificates in the secure stack). */
    public static final String CONTROLLER_LISTENER = "CONTROLLER";
    /** The broker certificate's subject: its principal on the controller listener, where it presents it. */
    static final String BROKER_SUBJECT = "CN=localhost";

    public static final String MECHANISM = "SCRAM-SHA-512";
    /** For librdkafka clients older than 2.6.1 only (see {@link #configure}). */
    public static final String PLAIN = "PLAIN";

    public static final String ADMIN = "admin";
    public static final String COLLECTOR = "collector";
    public static final String STREAMS_APP = "streams-app";
    public static final String SOC_READER = "soc-reader";
    public static final List<String> PRINCIPALS = List.of(ADMIN, COLLECTOR, STREAMS_APP, SOC_READER);

    public static final String EVENTS = "fleet.endpoint-events.v1";
    public static final String HEARTBEATS = "fleet.endpoint-heartbeats.v1";
    public static final String ALERTS = "fleet.connectivity-alerts.v1";
    public static final String DEAD_LETTER = "fleet.dead-letter.v1";
    public static final String ACTIONS = "fleet.alert-actions.v1";
    /** The streams app's default application.id: its internal topics, group and transactional ids start with it. */
    public static final String STREAMS_APPLICATION_ID = "fleet-connectivity";

    public static final String SOC_GROUP_PREFIX = "soc-";

    private static final String ENV_FILE = "secure.env";

    private final Path dir;
    private final Map<String, String> passwords;
    private final String storePassword;

    private BrokerSecurity(Path dir, Map<String, String> passwords, String storePassword) {
        this.dir = dir.toAbsolutePath();
        this.passwords = Map.copyOf(passwords);
        this.storePassword = storePassword;
    }

    /** The stack's security material in {@code dir}, made on first use (CA, certificates, passwords). */
    public static BrokerSecurity prepare(Path dir) throws IOException {
        Path tls = dir.toAbsolutePath().resolve("tls");
        Files.createDirectories(tls);
        Path secrets = tls.resolve("secrets.properties");
        Properties p = new Properties();
        if (Files.exists(secrets)) {
            try (var in = Files.newBufferedReader(secrets, StandardCharsets.UTF_8)) {
                p.load(in);
            }
        } else {
            for (String principal : PRINCIPALS) {
                p.setProperty(principal, randomPassword());
            }
            p.setProperty("store", randomPassword());
            try (var out = Files.newBufferedWriter(secrets, StandardCharsets.UTF_8)) {
                p.store(out, "local stack secrets: SCRAM passwords and key store password");
            }
            restrict(secrets);
        }
        Map<String, String> passwords = new HashMap<>();
        for (String principal : PRINCIPALS) {
            passwords.put(principal, p.getProperty(principal));
        }
        BrokerSecurity security = new BrokerSecurity(dir, passwords, p.getProperty("store"));
        if (!Files.exists(security.brokerKeystore())) {
            security.makeCertificates();
        }
        return security;
    }

    public Path caPem() {
        return dir.resolve("ca.pem");
    }

    public Path truststore() {
        return dir.resolve("truststore.p12");
    }

    public String truststorePassword() {
        return storePassword;
    }

    Path brokerKeystore() {
        return dir.resolve("tls").resolve("broker.p12");
    }

    String keystorePassword() {
        return storePassword;
    }

    public String password(String principal) {
        String password = passwords.get(principal);
        if (password == null) {
            throw new IllegalArgumentException("no principal " + principal);
        }
        return password;
    }

    public Path envFile() {
        return dir.resolve(ENV_FILE);
    }

    /**
     * {@code --add-scram} for admin at format time: the broker authenticates to itself as admin, so admin must exist
     * before the first start. The other users are made with the Admin API after start ({@link #applyAcls}).
     */
    List<String> scramFormatArgs() {
        return List.of("--add-scram", MECHANISM + "=[name=" + ADMIN + ",password=" + passwords.get(ADMIN) + "]");
    }

    /** Client settings for a principal on the SASL_SSL listener, trusting the stack's CA (PEM). */
    public Map<String, Object> clientConfig(String bootstrap, String principal, String password) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("bootstrap.servers", bootstrap);
        c.put("security.protocol", "SASL_SSL");
        c.put("sasl.mechanism", MECHANISM);
        c.put("sasl.jaas.config", jaas(principal, password));
        c.put("ssl.truststore.type", "PEM");
        c.put("ssl.truststore.location", caPem().toString());
        return c;
    }

    public Map<String, Object> clientConfig(String bootstrap, String principal) {
        return clientConfig(bootstrap, principal, password(principal));
    }

    public static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + password + "\";";
    }

    /** The broker's settings for one SASL_SSL listener (clients and inter-broker) and the authorizer. */
    void configure(Properties p, String listenerName) {
        String l = listenerName.toLowerCase(java.util.Locale.ROOT);
        // PLAIN beside SCRAM, same users and passwords, inside the same TLS: Debian's librdkafka (2.0.2: kcat,
        // python3-confluent-kafka) fails SCRAM against Kafka 4 brokers (fixed in librdkafka 2.6.1)
        p.setProperty("sasl.enabled.mechanisms", MECHANISM + "," + PLAIN);
        p.setProperty("sasl.mechanism.inter.broker.protocol", MECHANISM);
        p.setProperty("listener.name." + l + ".scram-sha-512.sasl.jaas.config", jaas(ADMIN, password(ADMIN)));
        StringBuilder plain = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
        for (String principal : PRINCIPALS) {
            plain.append(" user_")
                    .append(principal)
                    .append("=\"")
                    .append(password(principal))
                    .append('"');
        }
        p.setProperty(
                "listener.name." + l + ".plain.sasl.jaas.config",
                plain.append(';').toString());
        p.setProperty("ssl.keystore.type", "PKCS12");
        p.setProperty("ssl.keystore.location", brokerKeystore().toString());
        p.setProperty("ssl.keystore.password", storePassword);
        p.setProperty("ssl.key.password", storePassword);
        p.setProperty("ssl.truststore.type", "PKCS12");
        p.setProperty("ssl.truststore.location", truststore().toString());
        p.setProperty("ssl.truststore.password", storePassword);
        p.setProperty("ssl.endpoint.identification.algorithm", "https");
        p.setProperty("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.setProperty("allow.everyone.if.no.acl.found", "false");
        // the controller listener is TLS too, and wants the client's certificate: only a holder of a key the stack's
        // CA signed gets in, and its principal is the certificate's subject. The broker presents its own (the
        // ssl.keystore above) when it talks to its controller, so that subject is the one other super user.
        p.setProperty(
                "listener.name." + CONTROLLER_LISTENER.toLowerCase(java.util.Locale.ROOT) + ".ssl.client.auth",
                "required");
        // admin: the operator; the broker's certificate: the broker talking to its own controller
        p.setProperty("super.users", "User:" + ADMIN + ";User:" + BROKER_SUBJECT);
    }

    /** Each principal's rights, and nothing more; admin needs none (a super user). */
    public static List<AclBinding> acls() {
        List<AclBinding> acls = new ArrayList<>();
        for (String topic : List.of(EVENTS, HEARTBEATS)) {
            acls.add(allow(COLLECTOR, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.WRITE));
            acls.add(allow(COLLECTOR, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.DESCRIBE));
        }
        acls.add(allow(
                COLLECTOR, ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL, AclOperation.IDEMPOTENT_WRITE));

        String app = STREAMS_APPLICATION_ID;
        // its internal topics (<app>-<store>-changelog, <app>-<name>-repartition): created, read, written,
        // described, deleted by the reset tool; as in deploy/k8s/users.yaml
        acls.add(allow(STREAMS_APP, ResourceType.TOPIC, app + "-", PatternType.PREFIXED, AclOperation.ALL));
        // its consumer group is the application id itself
        acls.add(allow(STREAMS_APP, ResourceType.GROUP, app, PatternType.LITERAL, AclOperation.READ));
        acls.add(allow(STREAMS_APP, ResourceType.GROUP, app, PatternType.LITERAL, AclOperation.DESCRIBE));
        // exactly_once_v2: transactional.id = <app>-<process id>-<thread>
        acls.add(
                allow(STREAMS_APP, ResourceType.TRANSACTIONAL_ID, app + "-", PatternType.PREFIXED, AclOperation.WRITE));
        acls.add(allow(
                STREAMS_APP, ResourceType.TRANSACTIONAL_ID, app + "-", PatternType.PREFIXED, AclOperation.DESCRIBE));
        acls.add(allow(
                STREAMS_APP,
                ResourceType.CLUSTER,
                "kafka-cluster",
                PatternType.LITERAL,
                AclOperation.IDEMPOTENT_WRITE));
        for (String topic : List.of(EVENTS, HEARTBEATS, ACTIONS)) {
            acls.add(allow(STREAMS_APP, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.READ));
            acls.add(allow(STREAMS_APP, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.DESCRIBE));
        }
        for (String topic : List.of(ALERTS, DEAD_LETTER)) {
            acls.add(allow(STREAMS_APP, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.WRITE));
            acls.add(allow(STREAMS_APP, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.DESCRIBE));
        }
        // the SOC's acknowledgements and silences: the REST API writes them (acks=all, idempotent), the global
        // store reads them (above)
        acls.add(allow(STREAMS_APP, ResourceType.TOPIC, ACTIONS, PatternType.LITERAL, AclOperation.WRITE));

        acls.add(allow(SOC_READER, ResourceType.TOPIC, ALERTS, PatternType.LITERAL, AclOperation.READ));
        acls.add(allow(SOC_READER, ResourceType.TOPIC, ALERTS, PatternType.LITERAL, AclOperation.DESCRIBE));
        acls.add(allow(SOC_READER, ResourceType.GROUP, SOC_GROUP_PREFIX, PatternType.PREFIXED, AclOperation.READ));
        acls.add(allow(SOC_READER, ResourceType.GROUP, SOC_GROUP_PREFIX, PatternType.PREFIXED, AclOperation.DESCRIBE));
        return List.copyOf(acls);
    }

    private static AclBinding allow(
            String principal, ResourceType type, String name, PatternType pattern, AclOperation operation) {
        return new AclBinding(
                new ResourcePattern(type, name, pattern),
                new AccessControlEntry("User:" + principal, "*", operation, AclPermissionType.ALLOW));
    }

    /** Creates the SCRAM users and the ACLs as admin (idempotent: creating an existing binding again is a no-op). */
    void applyAcls(String bootstrap) throws IOException {
        Map<String, Object> config = clientConfig(bootstrap, ADMIN);
        config.put("request.timeout.ms", 10_000);
        config.put("default.api.timeout.ms", 30_000);
        try (Admin admin = Admin.create(config)) {
            List<org.apache.kafka.clients.admin.UserScramCredentialAlteration> users = new ArrayList<>();
            for (String principal : PRINCIPALS) {
                users.add(new org.apache.kafka.clients.admin.UserScramCredentialUpsertion(
                        principal,
                        new org.apache.kafka.clients.admin.ScramCredentialInfo(
                                org.apache.kafka.clients.admin.ScramMechanism.SCRAM_SHA_512, 8192),
                        password(principal)));
            }
            admin.alterUserScramCredentials(users).all().get(60, TimeUnit.SECONDS);
            admin.createAcls(acls()).all().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("creating the ACLs failed: " + e.getMessage(), e);
        }
    }

    /**
     * {@code secure.env}: shell syntax, single-quoted values (the passwords are base64url, no quotes in them). Each
     * principal's password is also its registry password (Basic auth at the registry's front).
     */
    Path writeEnv(String saslSslBootstrap, String registryUrl) throws IOException {
        StringBuilder env = new StringBuilder("# the secure local stack: source this file (removed by clean)\n");
        env.append("SASL_SSL_BOOTSTRAP='").append(saslSslBootstrap).append("'\n");
        env.append("REGISTRY_URL='").append(registryUrl).append("'\n");
        env.append("CA_PEM='").append(caPem()).append("'\n");
        env.append("TRUSTSTORE='").append(truststore()).append("'\n");
        env.append("TRUSTSTORE_PASSWORD='").append(storePassword).append("'\n");
        for (String principal : PRINCIPALS) {
            String var = principal.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
            env.append(var).append("_USER='").append(principal).append("'\n");
            env.append(var).append("_PASSWORD='").append(password(principal)).append("'\n");
        }
        Files.writeString(envFile(), env, StandardCharsets.UTF_8);
        restrict(envFile());
        return envFile();
    }

    private void makeCertificates() throws IOException {
        Path tls = dir.resolve("tls");
        Path ca = tls.resolve("ca.p12");
        Path csr = tls.resolve("broker.csr");
        Path brokerPem = tls.resolve("broker.pem");
        for (Path p : List.of(ca, brokerKeystore(), truststore(), caPem(), csr, brokerPem)) {
            Files.deleteIfExists(p);
        }
        String sp = storePassword;
        String san = "SAN=ip:127.0.0.1,dns:localhost";
        keytool(
                tls,
                "-genkeypair",
                "-alias",
                "ca",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "3650",
                "-dname",
                "CN=fleet-telemetry local stack CA",
                "-ext",
                "bc:c",
                "-keystore",
                ca.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                sp);
        keytool(
                tls,
                "-exportcert",
                "-rfc",
                "-alias",
                "ca",
                "-keystore",
                ca.toString(),
                "-storepass",
                sp,
                "-file",
                caPem().toString());
        keytool(
                tls,
                "-genkeypair",
                "-alias",
                "broker",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "825",
                "-dname",
                BROKER_SUBJECT,
                "-ext",
                san,
                "-keystore",
                brokerKeystore().toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                sp);
        keytool(
                tls,
                "-certreq",
                "-alias",
                "broker",
                "-keystore",
                brokerKeystore().toString(),
                "-storepass",
                sp,
                "-file",
                csr.toString());
        keytool(
                tls,
                "-gencert",
                "-alias",
                "ca",
                "-keystore",
                ca.toString(),
                "-storepass",
                sp,
                "-infile",
                csr.toString(),
                "-outfile",
                brokerPem.toString(),
                "-rfc",
                "-validity",
                "825",
                "-ext",
                san);
        keytool(
                tls,
                "-importcert",
                "-noprompt",
                "-alias",
                "ca",
                "-file",
                caPem().toString(),
                "-keystore",
                brokerKeystore().toString(),
                "-storepass",
                sp);
        keytool(
                tls,
                "-importcert",
                "-alias",
                "broker",
                "-file",
                brokerPem.toString(),
                "-keystore",
                brokerKeystore().toString(),
                "-storepass",
                sp);
        keytool(
                tls,
                "-importcert",
                "-noprompt",
                "-alias",
                "ca",
                "-file",
                caPem().toString(),
                "-keystore",
                truststore().toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                sp);
        restrict(ca);
        restrict(brokerKeystore());
    }

    private static void keytool(Path workDir, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (process.waitFor() != 0) {
                throw new IOException("keytool " + args[0] + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", e);
        }
    }

    static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the folder's own permissions are all there is
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
