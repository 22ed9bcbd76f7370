package org.fleettelemetry.stack;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code start | stop | status | clean [--dir DIR] [--brokers N] [--kafka-port N] [--registry-port N]}: the local
 * stack from the command line. {@code start} returns once every part answers and leaves them running; with
 * {@code --brokers 3} the brokers form one KRaft cluster on ports N, N+1, N+2.
 */
public final class LocalStackMain {
    private LocalStackMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage("a command is required");
        }
        Path dir = Path.of(".stack");
        int kafkaPort = 9092;
        int registryPort = 8081;
        int brokers = 1;
        boolean secure = false;
        for (int i = 1; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (args[i].equals("--secure")) {
                secure = true;
                continue;
            }
            switch (args[i]) {
                case "--dir" -> dir = Path.of(require(value, "--dir"));
                case "--brokers" -> brokers = Integer.parseInt(require(value, "--brokers"));
                case "--kafka-port" -> kafkaPort = Integer.parseInt(require(value, "--kafka-port"));
                case "--registry-port" -> registryPort = Integer.parseInt(require(value, "--registry-port"));
                default -> usage("unknown option " + args[i]);
            }
            i++;
        }
        StackHome home = StackHome.locate();
        switch (args[0].toLowerCase(Locale.ROOT)) {
            case "start" -> start(home, dir, brokers, kafkaPort, registryPort, secure);
            case "stop" ->
                System.out.println(
                        LocalStack.stopRecorded(home, dir)
                                ? "local stack stopped"
                                : "local stack was not running in " + dir.toAbsolutePath());
            case "status" -> status(dir);
            case "clean" -> {
                LocalStack.clean(dir);
                System.out.println("removed " + dir.toAbsolutePath());
            }
            default -> usage("unknown command " + args[0]);
        }
    }

    private static void start(StackHome home, Path dir, int brokers, int kafkaPort, int registryPort, boolean secure)
            throws Exception {
        if (brokers < 1) {
            usage("--brokers must be at least 1");
        }
        if (secure && brokers != 1) {
            usage("--secure runs a single broker");
        }
        Optional<Properties> running = LocalStack.runningIn(dir);
        if (running.isPresent()) {
            System.err.println("the local stack is already running (broker "
                    + running.get().getProperty("KAFKA_BOOTSTRAP_SERVERS") + ", registry "
                    + running.get().getProperty("SCHEMA_REGISTRY_URL")
                    + "); stop it with: ./deploy/stack stop");
            System.exit(3);
        }
        String kafka = brokers == 1
                ? "KRaft, 127.0.0.1:" + kafkaPort
                : brokers + " KRaft brokers, 127.0.0.1:" + kafkaPort + "-" + (kafkaPort + brokers - 1);
        System.out.println("starting Kafka (" + kafka + ") and Apicurio Registry (127.0.0.1:" + registryPort + ") in "
                + dir.toAbsolutePath() + " ...");
        long t0 = System.nanoTime();
        LocalStack stack = secure
                ? LocalStack.createSecure(home, dir, kafkaPort, registryPort)
                : LocalStack.create(home, dir, brokers, kafkaPort, registryPort);
        try {
            stack.start();
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage());
            System.exit(3);
        }
        System.out.printf(Locale.ROOT, "local stack up in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        if (stack.security().isPresent()) {
            BrokerSecurity security = stack.security().get();
            System.out.println("  SECURE: SASL_SSL/SCRAM-SHA-512 at " + stack.bootstrapServers()
                    + " (no plaintext listener), StandardAuthorizer, allow.everyone.if.no.acl.found=false");
            System.out.println("  CA: " + security.caPem() + "  truststore: " + security.truststore());
            System.out.println("  principals admin, collector, streams-app, soc-reader; passwords and settings in "
                    + security.envFile() + " (source it)");
            System.out.println("  schema.registry.url     = " + stack.registryUrl()
                    + "   (nginx: TLS from the same CA, Basic auth with the same users and passwords; admin may"
                    + " register and change schemas, the others only read)");
            System.out.println("  registry clients: schema.registry.ssl.truststore.type=PEM,"
                    + " schema.registry.ssl.truststore.location=" + security.caPem()
                    + ", basic.auth.credentials.source=USER_INFO, basic.auth.user.info=USER:PASSWORD");
            System.out.println(
                    "  register the schemas once, as admin: . " + security.envFile()
                            + " && java -jar streams-app/target/streams-app.jar schemas register --registry-url \"$REGISTRY_URL\""
                            + " --set schema.registry.ssl.truststore.type=PEM --set schema.registry.ssl.truststore.location=\"$CA_PEM\""
                            + " --set basic.auth.credentials.source=USER_INFO --set basic.auth.user.info=\"admin:$ADMIN_PASSWORD\"");
            System.out.println("  logs and data: " + dir.toAbsolutePath() + "; stop with ./deploy/stack stop");
            return;
        }
        System.out.println("  kafka.bootstrap.servers = " + stack.bootstrapServers() + "   (SASL_PLAINTEXT/PLAIN: "
                + stack.saslBootstrapServers() + ")");
        System.out.println("  schema.registry.url     = " + stack.registry().url());
        if (brokers == 1) {
            System.out.println("  broker pid " + stack.broker().pid() + ", RSS "
                    + rss(stack.broker().rssKib()) + "; registry pid "
                    + stack.registry().pid() + ", RSS " + rss(stack.registry().rssKib()));
        } else {
            System.out.println("  replication factor " + stack.replicationFactor() + ", min.insync.replicas "
                    + stack.minInsyncReplicas() + " (topic defaults, consumer offsets, transaction state)");
            for (KafkaBroker broker : stack.brokers()) {
                System.out.println("  broker " + broker.node().nodeId() + " at " + broker.bootstrapServers() + ": pid "
                        + broker.pid() + ", RSS " + rss(broker.rssKib()));
            }
            System.out.println("  registry pid " + stack.registry().pid() + ", RSS "
                    + rss(stack.registry().rssKib()));
        }
        System.out.println("  logs and data: " + dir.toAbsolutePath() + "; stop with ./deploy/stack stop");
    }

    private static void status(Path dir) throws Exception {
        Optional<Properties> running = LocalStack.runningIn(dir);
        if (running.isEmpty()) {
            System.out.println("local stack: not running");
            System.exit(1);
        }
        running.get().stringPropertyNames().stream()
                .sorted()
                .forEach(k -> System.out.println(k + "=" + running.get().getProperty(k)));
    }

    private static String rss(Optional<Long> kib) {
        return kib.map(k -> (k / 1024) + " MiB").orElse("n/a");
    }

    private static String require(String value, String option) {
        if (value == null) {
            usage(option + " needs a value");
        }
        return value;
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println(
                "usage: stack start|stop|status|clean [--secure] [--dir DIR] [--brokers N] [--kafka-port N] [--registry-port N]");
        System.exit(2);
    }
}
