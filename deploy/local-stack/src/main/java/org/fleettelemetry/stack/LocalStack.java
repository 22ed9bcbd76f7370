package org.fleettelemetry.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The local stack: one real KRaft broker and one real Apicurio Registry, with all their state under
 * one folder. {@code stack.env} in that folder records the addresses and pids while it runs, so a
 * second start is refused and a later {@code stop} from another JVM finds the processes.
 */
public final class LocalStack implements AutoCloseable {
    public static final String ENV_FILE = "stack.env";

    private final Path dir;
    private final KafkaBroker broker;
    private final RegistryServer registry;

    public LocalStack(Path dir, KafkaBroker broker, RegistryServer registry) {
        this.dir = dir.toAbsolutePath();
        this.broker = broker;
        this.registry = registry;
    }

    /** A stack on the given ports ({@code 0} = any free port). */
    public static LocalStack create(StackHome home, Path dir, int kafkaPort, int registryPort) {
        int kafka = kafkaPort == 0 ? Ports.freePort() : kafkaPort;
        int registryHttp = registryPort == 0 ? Ports.freePort() : registryPort;
        return new LocalStack(
                dir,
                new KafkaBroker(home, dir.resolve("kafka"), kafka, Ports.freePort(), Ports.freePort()),
                new RegistryServer(home, dir.resolve("registry"), registryHttp, Ports.freePort()));
    }

    /** Starts broker and registry in parallel; refuses when a stack recorded in {@code dir} still runs. */
    public void start() throws IOException {
        Optional<Properties> running = runningIn(dir);
        if (running.isPresent()) {
            throw new IllegalStateException("the local stack is already running in " + dir + " (broker pid "
                    + running.get().getProperty("BROKER_PID") + ", registry pid "
                    + running.get().getProperty("REGISTRY_PID") + "); stop it first");
        }
        requireFree(broker.port(), "Kafka");
        requireFree(registry.port(), "registry");
        Files.createDirectories(dir);
        Thread registryStarter = new Thread(() -> {
            try {
                registry.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "registry-start");
        Throwable[] registryFailure = new Throwable[1];
        registryStarter.setUncaughtExceptionHandler((t, e) -> registryFailure[0] = e);
        registryStarter.start();
        try {
            broker.start();
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
            throw new IOException("the registry failed to start: " + registryFailure[0].getMessage(), registryFailure[0]);
        }
        writeEnv();
    }

    private static void requireFree(int port, String what) {
        if (Ports.isListening(port)) {
            throw new IllegalStateException("port " + port + " for " + what
                    + " is already in use on 127.0.0.1: stop what uses it or choose another port");
        }
    }

    public KafkaBroker broker() {
        return broker;
    }

    public RegistryServer registry() {
        return registry;
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        registry.stop();
        broker.stop();
        try {
            Files.deleteIfExists(dir.resolve(ENV_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeEnv() throws IOException {
        Properties env = new Properties();
        env.setProperty("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.setProperty("KAFKA_SASL_BOOTSTRAP_SERVERS", broker.saslBootstrapServers());
        env.setProperty("SCHEMA_REGISTRY_URL", registry.url());
        env.setProperty("BROKER_PID", Long.toString(broker.pid()));
        env.setProperty("REGISTRY_PID", Long.toString(registry.pid()));
        env.setProperty("STACK_DIR", dir.toString());
        Path tmp = dir.resolve(ENV_FILE + ".tmp");
        try (var out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            env.store(out, "local stack: source-able key=value; removed on stop");
        }
        Files.move(tmp, dir.resolve(ENV_FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
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
        boolean alive = Stream.of("BROKER_PID", "REGISTRY_PID")
                .map(env::getProperty)
                .filter(v -> v != null && !v.isBlank())
                .map(Long::parseLong)
                .anyMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
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
        registry.attach(Long.parseLong(env.getProperty("REGISTRY_PID")));
        KafkaBroker broker = new KafkaBroker(home, dir.resolve("kafka"), 0, 0, 0);
        broker.attach(Long.parseLong(env.getProperty("BROKER_PID")));
        registry.stop();
        broker.stop();
        Files.deleteIfExists(dir.resolve(ENV_FILE));
        return true;
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
