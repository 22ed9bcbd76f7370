package org.fleettelemetry.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A real single-node KRaft Kafka broker (combined broker + controller) in a child JVM, run from the
 * Maven Central jars. Listeners on 127.0.0.1 only: PLAINTEXT for clients and SASL_PLAINTEXT (PLAIN)
 * for tests of authenticated clients. Its data survives {@link #stop()} so that {@link #start()}
 * brings the same broker back (the spool and restart tests rely on that).
 */
public final class KafkaBroker extends ChildService {
    /** The PLAIN user the SASL listener accepts. */
    public static final String SASL_USER = "collector";

    public static final String SASL_PASSWORD = "collector-secret";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final StackHome home;
    private final Path dir;
    private final int port;
    private final int saslPort;
    private final int controllerPort;

    public KafkaBroker(StackHome home, Path dir, int port, int saslPort, int controllerPort) {
        super("kafka-broker", dir.toAbsolutePath().resolve("broker.log"), Duration.ofSeconds(30));
        this.home = home;
        this.dir = dir.toAbsolutePath();
        this.port = port;
        this.saslPort = saslPort;
        this.controllerPort = controllerPort;
    }

    public static KafkaBroker onFreePorts(StackHome home, Path dir) {
        return new KafkaBroker(home, dir, Ports.freePort(), Ports.freePort(), Ports.freePort());
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public String saslBootstrapServers() {
        return "127.0.0.1:" + saslPort;
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    /** Formats the storage on first use, starts the JVM and waits until the broker answers a metadata request. */
    public synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        Files.createDirectories(dir);
        Path config = writeConfig();
        Path log4j = writeLog4jConfig();
        if (!Files.exists(dir.resolve("data").resolve("meta.properties"))) {
            format(config, log4j);
        }
        process = ChildJvm.start(
                "kafka-broker",
                jvmArgs(log4j, "-Xms256m", "-Xmx768m"),
                List.of("kafka.Kafka", config.toString()),
                dir.resolve("broker.log"),
                dir);
        awaitReady();
    }








    private List<String> jvmArgs(Path log4j, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "-cp", home.brokerLib().toAbsolutePath() + "/*",
                "-Dlog4j2.configurationFile=" + log4j,
                "-Djava.awt.headless=true",
                "-XX:+UseG1GC",
                "-XX:MaxGCPauseMillis=20"));
        args.addAll(List.of(extra));
        return args;
    }

    private void format(Path config, Path log4j) throws IOException {
        String clusterId;
        do {
            clusterId = toBase64Uuid(UUID.randomUUID());
        } while (clusterId.startsWith("-")); // the storage tool would take it for an option
        ChildJvm formatter = ChildJvm.start(
                "kafka-storage-format",
                jvmArgs(log4j, "-Xmx256m"),
                List.of("kafka.tools.StorageTool", "format", "-t", clusterId, "-c", config.toString()),
                dir.resolve("format.log"),
                dir);
        try {
            ProcessHandle.of(formatter.pid()).ifPresent(h -> h.onExit().join());
        } catch (RuntimeException e) {
            throw new IOException("formatting the broker storage failed: " + formatter.tail(20), e);
        }
        if (!Files.exists(dir.resolve("data").resolve("meta.properties"))) {
            throw new IOException("formatting the broker storage failed, see " + formatter.log() + ":\n"
                    + formatter.tail(20));
        }
    }

    /** Kafka cluster ids are URL-safe base64 of a UUID, without padding. */
    private static String toBase64Uuid(UUID uuid) {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(16);
        buffer.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
    }

    private Path writeConfig() throws IOException {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",SASL_PLAINTEXT://127.0.0.1:" + saslPort
                + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port + ",SASL_PLAINTEXT://127.0.0.1:"
                + saslPort);
        p.setProperty("listener.security.protocol.map",
                "PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("sasl.enabled.mechanisms", "PLAIN");
        p.setProperty("listener.name.sasl_plaintext.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required user_" + SASL_USER + "=\""
                        + SASL_PASSWORD + "\";");
        p.setProperty("log.dirs", dir.resolve("data").toString());
        p.setProperty("num.partitions", "1");
        p.setProperty("auto.create.topics.enable", "false");
        // one node: the internal topics cannot have more replicas than brokers
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "10");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "10");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("log.segment.bytes", Integer.toString(64 * 1024 * 1024));
        Path file = dir.resolve("server.properties");
        try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(out, "written by the fleet-telemetry local stack");
        }
        return file;
    }

    private Path writeLog4jConfig() throws IOException {
        Path file = dir.resolve("log4j2.properties");
        Files.writeString(file, String.join("\n",
                "status = warn",
                "appender.out.type = Console",
                "appender.out.name = out",
                "appender.out.layout.type = PatternLayout",
                "appender.out.layout.pattern = [%d] %p %m (%c)%n",
                "rootLogger.level = info",
                "rootLogger.appenderRef.out.ref = out",
                "logger.state.name = state.change.logger",
                "logger.state.level = warn",
                "logger.request.name = kafka.request.logger",
                "logger.request.level = warn",
                ""), StandardCharsets.UTF_8);
        return file;
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the Kafka broker exited during start-up, see " + process.log() + ":\n"
                        + process.tail(30));
            }
            if (Ports.isListening(port)) {
                try (Admin admin = Admin.create(config)) {
                    if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception notYet) {
                    // not ready yet: poll again
                }
            }
            sleepQuietly(200);
        }
        throw new IOException("the Kafka broker did not become ready within " + READY_TIMEOUT.toSeconds()
                + " s, see " + process.log() + ":\n" + process.tail(30));
    }

    static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new java.io.InterruptedIOException("interrupted while waiting"));
        }
    }
}
