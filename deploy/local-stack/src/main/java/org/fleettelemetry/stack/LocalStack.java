package org.fleettelemetry.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The local stack: real KRaft brokers (one, or a cluster of several on loopback) and one real Apicurio Registry,
 * with all their state under one folder. {@code stack.env} in that folder records the addresses and pids while it
 * runs, so a second start is refused and a later {@code stop} from another JVM finds the processes.
 */
public final class LocalStack implements AutoCloseable {
    public static final String ENV_FILE = "stack.env";

    private final Path dir;
    private final List<KafkaBroker> brokers;
    private final RegistryServer registry;
    private final BrokerSecurity security;
    private final RegistryFront front;
    private volatile boolean recorded;

    public LocalStack(Path dir, KafkaBroker broker, RegistryServer registry) {
        this(dir, List.of(broker), registry);
    }

    public LocalStack(Path dir, List<KafkaBroker> brokers, RegistryServer registry) {
        this(dir, brokers, registry, null, null);
    }

    private LocalStack(
            Path dir,
            List<KafkaBroker> brokers,
            RegistryServer registry,
            BrokerSecurity security,
            RegistryFront front) {
        if (brokers.isEmpty()) {
            throw new IllegalArgumentException("a stack needs at least one broker");
        }
        this.dir = dir.toAbsolutePath();
        this.brokers = List.copyOf(brokers);
        this.registry = registry;
        this.security = security;
        this.front = front;
    }

    /**
     * The secure single-broker stack: SASL_SSL (SCRAM-SHA-512) only, on {@code kafkaPort}, with a CA and certificates
     * made under {@code dir}, the StandardAuthorizer and each principal's ACLs ({@link BrokerSecurity#acls()}); the
     * registry behind nginx with TLS and Basic auth on {@code registryPort} ({@link RegistryFront}), Apicurio itself
     * on another loopback port.
     */
    public static LocalStack createSecure(StackHome home, Path dir, int kafkaPort, int registryPort)
            throws IOException {
        BrokerSecurity security = BrokerSecurity.prepare(dir);
        int port = kafkaPort == 0 ? Ports.freePort() : kafkaPort;
        KafkaBroker broker = KafkaBroker.secure(home, dir.resolve("kafka"), port, security);
        int frontPort = registryPort == 0 ? Ports.freePort() : registryPort;
        int apicurioPort = Ports.freePort();
        return new LocalStack(
                dir,
                List.of(broker),
                new RegistryServer(home, dir.resolve("registry"), apicurioPort, Ports.freePort()),
                security,
                new RegistryFront(dir.resolve("registry-front"), frontPort, apicurioPort, security));
    }

    /** The registry's TLS and Basic-auth front of a secure stack. */
    public Optional<RegistryFront> registryFront() {
        return Optional.ofNullable(front);
    }

    /**
     * What clients use for {@code schema.registry.url}: the front's https URL on a secure stack, Apicurio's own
     * otherwise.
     */
    public String registryUrl() {
        return front != null ? front.url() : registry.url();
    }

    /** The security material of a secure stack. */
    public Optional<BrokerSecurity> security() {
        return Optional.ofNullable(security);
    }

    /** A single-broker stack on the given ports ({@code 0} = any free port). */
    public static LocalStack create(StackHome home, Path dir, int kafkaPort, int registryPort) {
        return create(home, dir, 1, kafkaPort, registryPort);
    }

    /**
     * A stack of {@code brokerCount} brokers: one is the single-node stack; more form one KRaft cluster, every node
     * a voter of the controller quorum, replication min(n, 3) and min.insync.replicas one less. Client ports are
     * {@code kafkaPort}, {@code kafkaPort + 1}, ... ({@code 0} = any free ports).
     */
    public static LocalStack create(StackHome home, Path dir, int brokerCount, int kafkaPort, int registryPort) {
        if (brokerCount < 1) {
            throw new IllegalArgumentException("brokers must be at least 1, not " + brokerCount);
        }
        List<Integer> controllerPorts =
                IntStream.range(0, brokerCount).mapToObj(i -> Ports.freePort()).toList();
        List<KraftNode> nodes = brokerCount == 1
                ? List.of(KraftNode.single(controllerPorts.get(0)))
                : KraftNode.cluster(controllerPorts);
        List<KafkaBroker> brokers = new ArrayList<>();
        for (int i = 0; i < brokerCount; i++) {
            int port = kafkaPort == 0 ? Ports.freePort() : kafkaPort + i;
            brokers.add(new KafkaBroker(
                    home,
                    brokerDir(dir, brokerCount, i),
                    port,
                    Ports.freePort(),
                    controllerPorts.get(i),
                    nodes.get(i)));
        }
        int registryHttp = registryPort == 0 ? Ports.freePort() : registryPort;
        return new LocalStack(
                dir, brokers, new RegistryServer(home, dir.resolve("registry"), registryHttp, Ports.freePort()));
    }

    private static Path brokerDir(Path dir, int brokerCount, int index) {
        return brokerCount == 1 ? dir.resolve("kafka") : dir.resolve("kafka-" + (index + 1));
    }

    /** Starts brokers and registry in parallel; refuses when a stack recorded in {@code dir} still runs. */
    public void start() throws IOException {
        Optional<Properties> running = runningIn(dir);
        if (running.isPresent()) {
            throw new IllegalStateException("the local stack is already running in " + dir + " (broker pid "
                    + running.get().getProperty("BROKER_PID") + ", registry pid "
                    + running.get().getProperty("REGISTRY_PID") + "); stop it first");
        }
        for (KafkaBroker broker : brokers) {
            requireFree(broker.port(), "Kafka");
        }
        requireFree(front != null ? front.port() : registry.port(), "registry");
        Files.createDirectories(dir);
        Thread registryStarter = new Thread(
                () -> {
                    try {
                        registry.start();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                "registry-start");
        Throwable[] registryFailure = new Throwable[1];
        registryStarter.setUncaughtExceptionHandler((t, e) -> registryFailure[0] = e);
        registryStarter.start();
        try {
            startBrokers();
            registryStarter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the stack", e);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        if (registryFailure[0] != null) {
            close();
            throw new IOException(
                    "the registry failed to start: " + registryFailure[0].getMessage(), registryFailure[0]);
        }
        if (security != null) {
            try {
                security.applyAcls(bootstrapServers());
                front.start();
                security.writeEnv(bootstrapServers(), front.url());
            } catch (IOException e) {
                close();
                throw e;
            }
        }
        writeEnv();
        recorded = true;
    }

    /**
     * Starts every broker that is not running: all JVMs first, then waits for each, since a node of a cluster is
     * ready only once a majority of the quorum runs.
     */
    public void startBrokers() throws IOException {
        List<KafkaBroker> stopped = brokers.stream().filter(b -> !b.isRunning()).toList();
        if (!stopped.isEmpty()) {
            inParallel(stopped, KafkaBroker::prepare);
        }
        for (KafkaBroker broker : stopped) {
            broker.launch();
        }
        for (KafkaBroker broker : brokers) {
            broker.awaitReady();
        }
        recordRestart();
    }

    /** Starts one broker of this stack again after a stop or a kill, with its data, and records its new pid. */
    public void startBroker(KafkaBroker broker) throws IOException {
        if (!brokers.contains(broker)) {
            throw new IllegalArgumentException(broker + " is not a broker of this stack");
        }
        broker.start();
        recordRestart();
    }

    /** A restarted broker has a new pid: a later stop from another JVM must find it. */
    private void recordRestart() throws IOException {
        if (recorded) {
            writeEnv();
        }
    }

    private static void requireFree(int port, String what) {
        if (Ports.isListening(port)) {
            throw new IllegalStateException("port " + port + " for " + what
                    + " is already in use on 127.0.0.1: stop what uses it or choose another port");
        }
    }

    /** The first broker: the only one of a single-node stack. */
    public KafkaBroker broker() {
        return brokers.get(0);
    }

    public List<KafkaBroker> brokers() {
        return brokers;
    }

    /** Every broker's PLAINTEXT address, comma-separated: the value for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return brokers.stream().map(KafkaBroker::bootstrapServers).collect(Collectors.joining(","));
    }

    public String saslBootstrapServers() {
        return brokers.stream().map(KafkaBroker::saslBootstrapServers).collect(Collectors.joining(","));
    }

    /** What a topic of this stack can have: min(brokers, 3) replicas. */
    public int replicationFactor() {
        return broker().node().replicationFactor();
    }

    public int minInsyncReplicas() {
        return broker().node().minInsyncReplicas();
    }

    public RegistryServer registry() {
        return registry;
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        recorded = false;
        if (front != null) {
            front.stop();
        }
        registry.stop();
        stopAll(brokers);
        try {
            Files.deleteIfExists(dir.resolve(ENV_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeEnv() throws IOException {
        Properties env = new Properties();
        env.setProperty("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers());
        env.setProperty("KAFKA_SASL_BOOTSTRAP_SERVERS", saslBootstrapServers());
        env.setProperty("SCHEMA_REGISTRY_URL", registryUrl());
        // one pid, or a comma list for a cluster
        env.setProperty(
                "BROKER_PID", brokers.stream().map(b -> Long.toString(b.pid())).collect(Collectors.joining(",")));
        env.setProperty("REGISTRY_PID", Long.toString(registry.pid()));
        if (front != null && front.isRunning()) {
            env.setProperty("REGISTRY_FRONT_PID", Long.toString(front.pid()));
        }
        env.setProperty("STACK_DIR", dir.toString());
        if (security != null) {
            env.setProperty("SECURE_ENV", security.envFile().toString());
        }
        Path tmp = dir.resolve(ENV_FILE + ".tmp");
        try (var out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            env.store(out, "local stack: source-able key=value; removed on stop");
        }
        Files.move(
                tmp,
                dir.resolve(ENV_FILE),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The recorded env of a stack whose processes are still alive in {@code dir}, if any. */
    public static Optional<Properties> runningIn(Path dir) throws IOException {
        Path file = dir.resolve(ENV_FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties env = new Properties();
        try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            env.load(in);
        }
        boolean alive = Stream.of("BROKER_PID", "REGISTRY_PID", "REGISTRY_FRONT_PID")
                .flatMap(key -> pids(env, key).stream())
                .anyMatch(
                        pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        return alive ? Optional.of(env) : Optional.empty();
    }

    /** Stops a stack started by another JVM, found through {@code stack.env}. Returns false if none ran. */
    public static boolean stopRecorded(StackHome home, Path dir) throws IOException {
        Optional<Properties> running = runningIn(dir);
        if (running.isEmpty()) {
            Files.deleteIfExists(dir.resolve(ENV_FILE));
            return false;
        }
        Properties env = running.get();
        RegistryServer registry = new RegistryServer(home, dir.resolve("registry"), 0, 0);
        pids(env, "REGISTRY_PID").forEach(registry::attach);
        List<Long> brokerPids = pids(env, "BROKER_PID");
        List<KafkaBroker> brokers = new ArrayList<>();
        for (int i = 0; i < brokerPids.size(); i++) {
            KafkaBroker broker = new KafkaBroker(home, brokerDir(dir, brokerPids.size(), i), 0, 0, 0);
            broker.attach(brokerPids.get(i));
            brokers.add(broker);
        }
        for (long pid : pids(env, "REGISTRY_FRONT_PID")) {
            // not through RegistryFront: stopping needs the pid only, not the security material
            ChildJvm.attach("registry-front", pid, dir.resolve("registry-front").resolve("nginx.out"))
                    .ifPresent(nginx -> nginx.stop(java.time.Duration.ofSeconds(10)));
        }
        registry.stop();
        stopAll(brokers);
        Files.deleteIfExists(dir.resolve(ENV_FILE));
        return true;
    }

    private static List<Long> pids(Properties env, String key) {
        String value = env.getProperty(key, "");
        return Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(v -> !v.isEmpty())
                .map(Long::parseLong)
                .toList();
    }

    /**
     * Stops the brokers at once: one by one, the last of a cluster would wait for a controller quorum that its
     * peers took away, until its stop grace ran out.
     */
    private static void stopAll(List<KafkaBroker> brokers) {
        try {
            inParallel(brokers, KafkaBroker::stop);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface BrokerStep {
        void run(KafkaBroker broker) throws IOException;
    }

    /** Runs the step for every broker on a thread of its own; the first failure is thrown once all are done. */
    private static void inParallel(List<KafkaBroker> brokers, BrokerStep step) throws IOException {
        if (brokers.size() == 1) {
            step.run(brokers.get(0));
            return;
        }
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = brokers.stream()
                .map(b -> new Thread(
                        () -> {
                            try {
                                step.run(b);
                            } catch (IOException | RuntimeException e) {
                                failures.add(e);
                            }
                        },
                        b.node().processName()))
                .toList();
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the brokers", e);
            }
        }
        if (!failures.isEmpty()) {
            Throwable first = failures.get(0);
            if (first instanceof IOException io) {
                throw io;
            }
            throw (RuntimeException) first;
        }
    }

    /** Removes the stack's folder; refused while the stack runs. */
    public static void clean(Path dir) throws IOException {
        if (runningIn(dir).isPresent()) {
            throw new IllegalStateException("the local stack in " + dir + " is running: stop it before clean");
        }
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
