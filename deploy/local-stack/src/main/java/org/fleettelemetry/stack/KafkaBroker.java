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
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A real KRaft Kafka broker (combined broker + controller) in a child JVM, run from the Maven Central jars: a
 * single node, or one {@link KraftNode} of a local cluster. Listeners on 127.0.0.1 only: PLAINTEXT for clients
 * and SASL_PLAINTEXT (PLAIN) for tests of authenticated clients. Its data survives {@link #stop()} and {@link
 * #kill()} so that {@link #start()} brings the same broker back (the spool and restart tests rely on that).
 */
public final class KafkaBroker extends ChildService {
    /** The PLAIN user the SASL listener accepts. */
    public static final String SASL_USER = "collector";

    public static final String SASL_PASSWORD = "collector-secret";

    private static final String CONFIG_FILE = "server.properties";
    private static final String LOG4J_FILE = "log4j2.properties";

    private final StackHome home;
    private final Path dir;
    private final int port;
    private final int saslPort;
    private final int controllerPort;
    private final KraftNode node;
    private final BrokerSecurity security;

    /** The single-node broker of the local stack. */
    public KafkaBroker(StackHome home, Path dir, int port, int saslPort, int controllerPort) {
        this(home, dir, port, saslPort, controllerPort, KraftNode.single(controllerPort));
    }

    /** One node of a cluster; {@code node}'s quorum must name {@code controllerPort} for its id. */
    public KafkaBroker(StackHome home, Path dir, int port, int saslPort, int controllerPort, KraftNode node) {
        this(home, dir, port, saslPort, controllerPort, node, null);
    }

    /**
     * The secure single node: one SASL_SSL (SCRAM-SHA-512) listener on {@code port} for clients and the broker
     * itself, the StandardAuthorizer, and the controller listener (TLS with client certificates, loopback); no other
     * listener.
     */
    public static KafkaBroker secure(StackHome home, Path dir, int port, BrokerSecurity security) {
        int controllerPort = Ports.freePort();
        return new KafkaBroker(home, dir, port, 0, controllerPort, KraftNode.single(controllerPort), security);
    }

    private KafkaBroker(
            StackHome home,
            Path dir,
            int port,
            int saslPort,
            int controllerPort,
            KraftNode node,
            BrokerSecurity security) {
        super(node.processName(), dir.toAbsolutePath().resolve("broker.log"), Duration.ofSeconds(30));
        this.home = home;
        this.dir = dir.toAbsolutePath();
        this.port = port;
        this.saslPort = saslPort;
        this.controllerPort = controllerPort;
        this.node = node;
        this.security = security;
    }

    public boolean isSecure() {
        return security != null;
    }

    public static KafkaBroker onFreePorts(StackHome home, Path dir) {
        return new KafkaBroker(home, dir, Ports.freePort(), Ports.freePort(), Ports.freePort());
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The SASL listener: SASL_PLAINTEXT (PLAIN) on the plain stack, the one SASL_SSL listener on the secure one. */
    public String saslBootstrapServers() {
        return security != null ? bootstrapServers() : "127.0.0.1:" + saslPort;
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    public KraftNode node() {
        return node;
    }

    /**
     * Formats the storage on first use, starts the JVM and waits until the broker answers a metadata request and
     * lists itself among the live brokers.
     */
    public synchronized void start() throws IOException {
        launch();
        awaitReady();
    }

    /**
     * Formats the storage on first use and starts the JVM without waiting: a node of a cluster cannot be ready
     * before a majority of the quorum runs, so a cluster launches every node, then waits for each.
     */
    synchronized void launch() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        prepare();
        process = ChildJvm.start(
                node.processName(),
                jvmArgs(dir.resolve(LOG4J_FILE), node.heap()),
                List.of("kafka.Kafka", dir.resolve(CONFIG_FILE).toString()),
                dir.resolve("broker.log"),
                dir);
    }

    /**
     * Writes the broker's configuration and formats its storage on first use. A cluster prepares its nodes side by
     * side: on a busy machine each format is a JVM start of many seconds.
     */
    synchronized void prepare() throws IOException {
        Files.createDirectories(dir);
        Path config = writeConfig();
        Path log4j = writeLog4jConfig();
        if (!Files.exists(dir.resolve("data").resolve("meta.properties"))) {
            format(config, log4j);
        }
    }

    private List<String> jvmArgs(Path log4j, List<String> extra) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "-cp",
                home.brokerLib().toAbsolutePath() + "/*",
                "-Dlog4j2.configurationFile=" + log4j,
                "-Djava.awt.headless=true",
                "-XX:+UseG1GC",
                "-XX:MaxGCPauseMillis=20"));
        args.addAll(extra);
        return args;
    }

    private void format(Path config, Path log4j) throws IOException {
        ChildJvm formatter = ChildJvm.start(
                "kafka-storage-format",
                // a short-lived tool: the C1 compiler alone starts it faster and spares the CPU
                jvmArgs(log4j, List.of("-Xmx256m", "-XX:TieredStopAtLevel=1")),
                formatArgs(config),
                dir.resolve("format.log"),
                dir);
        try {
            ProcessHandle.of(formatter.pid()).ifPresent(h -> h.onExit().join());
        } catch (RuntimeException e) {
            throw new IOException("formatting the broker storage failed: " + formatter.tail(20), e);
        }
        if (!Files.exists(dir.resolve("data").resolve("meta.properties"))) {
            throw new IOException(
                    "formatting the broker storage failed, see " + formatter.log() + ":\n" + formatter.tail(20));
        }
    }

    private List<String> formatArgs(Path config) {
        List<String> args = new java.util.ArrayList<>(
                List.of("kafka.tools.StorageTool", "format", "-t", node.clusterId(), "-c", config.toString()));
        if (security != null) {
            args.addAll(security.scramFormatArgs());
        }
        return args;
    }

    private Path writeConfig() throws IOException {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", Integer.toString(node.nodeId()));
        p.setProperty("controller.quorum.voters", node.quorumVoters());
        if (security != null) {
            p.setProperty("listeners", "SASL_SSL://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
            p.setProperty("advertised.listeners", "SASL_SSL://127.0.0.1:" + port);
            p.setProperty("listener.security.protocol.map", "SASL_SSL:SASL_SSL,CONTROLLER:SSL");
            p.setProperty("inter.broker.listener.name", "SASL_SSL");
            security.configure(p, "SASL_SSL");
        } else {
            plainListeners(p);
        }
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("log.dirs", dir.resolve("data").toString());
        commonConfig(p);
        Path file = dir.resolve(CONFIG_FILE);
        try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(out, "written by the fleet-telemetry local stack");
        }
        return file;
    }

    private void plainListeners(Properties p) {
        p.setProperty(
                "listeners",
                "PLAINTEXT://127.0.0.1:" + port + ",SASL_PLAINTEXT://127.0.0.1:" + saslPort + ",CONTROLLER://127.0.0.1:"
                        + controllerPort);
        p.setProperty(
                "advertised.listeners", "PLAINTEXT://127.0.0.1:" + port + ",SASL_PLAINTEXT://127.0.0.1:" + saslPort);
        p.setProperty(
                "listener.security.protocol.map",
                "PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("sasl.enabled.mechanisms", "PLAIN");
        p.setProperty(
                "listener.name.sasl_plaintext.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required user_" + SASL_USER + "=\""
                        + SASL_PASSWORD + "\";");
    }

    private void commonConfig(Properties p) {
        p.setProperty("num.partitions", "1");
        p.setProperty("auto.create.topics.enable", "false");
        // the internal topics cannot have more replicas than brokers (a single node: one)
        String replication = Integer.toString(node.replicationFactor());
        String minIsr = Integer.toString(node.minInsyncReplicas());
        p.setProperty("default.replication.factor", replication);
        p.setProperty("min.insync.replicas", minIsr);
        p.setProperty("offsets.topic.replication.factor", replication);
        p.setProperty("offsets.topic.num.partitions", "10");
        p.setProperty("transaction.state.log.replication.factor", replication);
        p.setProperty("transaction.state.log.min.isr", minIsr);
        p.setProperty("transaction.state.log.num.partitions", "10");
        p.setProperty("share.coordinator.state.topic.replication.factor", replication);
        p.setProperty("share.coordinator.state.topic.min.isr", minIsr);
        if (node.clusterSize() > 1) {
            // peers on two busy cores answer late: the default 2 s without a fetch from the leader starts an
            // election, and elections on a starved machine follow each other; a crash is still noticed in seconds
            p.setProperty("controller.quorum.fetch.timeout.ms", "5000");
            p.setProperty("controller.quorum.election.timeout.ms", "2000");
            // each peer has a 256 MiB heap (KraftNode): the log cleaner's default 128 MiB dedupe buffer, allocated
            // at start-up as one array, did not fit beside a restarted broker's log recovery (OutOfMemoryError in
            // ClusterFailoverIT, 2026-12-07); 16 MiB dedupes 0.5 M keys per cleaning pass, far more than a test writes
            p.setProperty("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
        }
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("log.segment.bytes", Integer.toString(64 * 1024 * 1024));
    }

    private Path writeLog4jConfig() throws IOException {
        Path file = dir.resolve(LOG4J_FILE);
        Files.writeString(
                file,
                String.join(
                        "\n",
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
                        ""),
                StandardCharsets.UTF_8);
        return file;
    }

    /** Waits until the broker answers a metadata request that lists it among the live (unfenced) brokers. */
    void awaitReady() throws IOException {
        long deadline = System.nanoTime() + node.readyTimeout().toNanos();
        Map<String, Object> config = new java.util.HashMap<>(
                security == null
                        ? Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers())
                        : security.clientConfig(bootstrapServers(), BrokerSecurity.ADMIN));
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the Kafka broker " + node.nodeId() + " exited during start-up, see "
                        + process.log() + ":\n" + process.tail(30));
            }
            if (Ports.isListening(port)) {
                try (Admin admin = Admin.create(config)) {
                    if (admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).stream()
                            .anyMatch(n -> n.id() == node.nodeId())) {
                        return;
                    }
                } catch (Exception notYet) {
                    // not ready yet: poll again
                }
            }
            sleepQuietly(200);
        }
        throw new IOException("the Kafka broker " + node.nodeId() + " did not become ready within "
                + node.readyTimeout().toSeconds() + " s, see " + process.log() + ":\n" + process.tail(30));
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
