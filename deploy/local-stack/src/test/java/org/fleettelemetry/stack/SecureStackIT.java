package org.fleettelemetry.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The secure stack ({@code deploy/stack start --secure}), started once for the class: SASL_SSL only, each principal
 * with its rights and nothing else, checked with the Java client, Debian's kcat and the Python client.
 */
class SecureStackIT {
    private static Path dir;
    private static LocalStack stack;
    private static BrokerSecurity security;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("secure-stack-it");
        stack = LocalStack.createSecure(StackHome.locate(), dir.resolve("stack"), 0, 0);
        stack.start();
        security = stack.security().orElseThrow();
        try (Admin admin = Admin.create(config(BrokerSecurity.ADMIN))) {
            admin.createTopics(List.of(
                            new NewTopic(BrokerSecurity.EVENTS, 1, (short) 1),
                            new NewTopic(BrokerSecurity.HEARTBEATS, 1, (short) 1),
                            new NewTopic(BrokerSecurity.ALERTS, 1, (short) 1)))
                    .all()
                    .get(60, TimeUnit.SECONDS);
        }
        try (KafkaProducer<String, String> alerts = producer(BrokerSecurity.ADMIN)) {
            for (int i = 0; i < 3; i++) {
                alerts.send(new ProducerRecord<>(BrokerSecurity.ALERTS, "alert-" + i, "OPEN " + i))
                        .get(30, TimeUnit.SECONDS);
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldWriteSecureEnvWithEveryPrincipalAndTheCa() throws Exception {
        String env = Files.readString(security.envFile(), StandardCharsets.UTF_8);
        assertThat(env)
                .contains("SASL_SSL_BOOTSTRAP='" + stack.bootstrapServers() + "'")
                .contains("CA_PEM='" + security.caPem() + "'")
                .contains("COLLECTOR_USER='collector'", "STREAMS_APP_USER='streams-app'")
                .contains("SOC_READER_USER='soc-reader'", "ADMIN_USER='admin'")
                .contains("COLLECTOR_PASSWORD='" + security.password(BrokerSecurity.COLLECTOR) + "'");
        assertThat(Files.readString(security.caPem())).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(Files.readString(dir.resolve("stack").resolve("kafka").resolve("server.properties")))
                .contains("allow.everyone.if.no.acl.found=false")
                .doesNotContain("PLAINTEXT\\://127.0.0.1\\:" + stack.broker().port());
    }

    @Test
    void shouldRefuseAClientWithoutACertificateOfTheStacksCaOnTheControllerListener() throws Exception {
        String properties =
                Files.readString(dir.resolve("stack").resolve("kafka").resolve("server.properties"));
        assertThat(properties)
                .contains("CONTROLLER\\:SSL")
                .doesNotContain("CONTROLLER\\:PLAINTEXT")
                .contains("listener.name.controller.ssl.client.auth=required")
                .doesNotContain("ANONYMOUS");
        Matcher port = Pattern.compile("CONTROLLER\\\\://127.0.0.1\\\\:(\\d+)").matcher(properties);
        assertThat(port.find()).as("the controller listener in %s", properties).isTrue();
        String controller = "127.0.0.1:" + port.group(1);
        // TLS with the stack's CA but no certificate of its own: the handshake fails, whoever it claims to be
        Map<String, Object> noCertificate = new HashMap<>();
        noCertificate.put("bootstrap.controllers", controller);
        noCertificate.put("security.protocol", "SSL");
        noCertificate.put("ssl.truststore.type", "PEM");
        noCertificate.put("ssl.truststore.location", security.caPem().toString());
        noCertificate.put("default.api.timeout.ms", 15_000);
        noCertificate.put("request.timeout.ms", 10_000);
        try (Admin admin = Admin.create(noCertificate)) {
            assertThatThrownBy(() -> admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SslAuthenticationException.class);
        }
        // and no plaintext there at all
        Map<String, Object> plaintext = new HashMap<>(noCertificate);
        plaintext.put("security.protocol", "PLAINTEXT");
        plaintext.remove("ssl.truststore.type");
        plaintext.remove("ssl.truststore.location");
        try (Admin admin = Admin.create(plaintext)) {
            assertThatThrownBy(() -> admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class);
        }
    }

    @Test
    void shouldLetTheCollectorWriteItsTopicsIdempotentlyAndNothingElse() throws Exception {
        try (KafkaProducer<String, String> producer = producer(BrokerSecurity.COLLECTOR)) {
            producer.send(new ProducerRecord<>(BrokerSecurity.EVENTS, "pc-1", "event"))
                    .get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(BrokerSecurity.HEARTBEATS, "pc-1", "beat"))
                    .get(30, TimeUnit.SECONDS);
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(BrokerSecurity.ALERTS, "x", "forged"))
                            .get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TopicAuthorizationException.class)
                    .hasMessageContaining(BrokerSecurity.ALERTS);
        }
        Map<String, Object> reader = config(BrokerSecurity.COLLECTOR);
        reader.put("group.id", "collector-peek");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(reader, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(BrokerSecurity.EVENTS));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(20)))
                    .isInstanceOfAny(GroupAuthorizationException.class, TopicAuthorizationException.class);
        }
    }

    @Test
    void shouldRefuseAWrongPasswordNamingAuthentication() {
        Map<String, Object> wrong = security.clientConfig(stack.bootstrapServers(), BrokerSecurity.COLLECTOR, "nope");
        wrong.put("request.timeout.ms", 15_000);
        wrong.put("default.api.timeout.ms", 20_000);
        try (Admin admin = Admin.create(wrong)) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(SaslAuthenticationException.class)
                    .hasMessageContaining("Authentication failed");
        }
    }

    @Test
    void shouldRefuseAClientThatDoesNotTrustTheCa() {
        Map<String, Object> untrusting = config(BrokerSecurity.ADMIN);
        untrusting.remove("ssl.truststore.type");
        untrusting.remove("ssl.truststore.location");
        untrusting.put("default.api.timeout.ms", 20_000);
        try (Admin admin = Admin.create(untrusting)) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(SslAuthenticationException.class);
        }
    }

    @Test
    void shouldLetTheSocReaderReadAlertsWithKcatButNotEvents() throws Exception {
        Result alerts = kcat(BrokerSecurity.ALERTS, "-c", "3");
        assertThat(alerts.exit()).as(alerts.output()).isZero();
        assertThat(alerts.output()).contains("OPEN 0", "OPEN 1", "OPEN 2");

        Result events = kcat(BrokerSecurity.EVENTS, "-c", "1");
        assertThat(events.output()).containsIgnoringCase("authorization failed");
        assertThat(events.output()).doesNotContainPattern("(?m)^event$");
    }

    @Test
    void shouldLetTheSocReaderReadAlertsWithPythonInASocGroupOnly() throws Exception {
        String script = String.join(
                "\n",
                "import sys",
                "from confluent_kafka import Consumer, KafkaException",
                "bootstrap, ca, user, password, group, topic = sys.argv[1:7]",
                "c = Consumer({'bootstrap.servers': bootstrap, 'security.protocol': 'SASL_SSL',",
                "    'sasl.mechanisms': 'PLAIN', 'sasl.username': user, 'sasl.password': password,",
                "    'ssl.ca.location': ca, 'group.id': group, 'auto.offset.reset': 'earliest',",
                "    'isolation.level': 'read_committed'})",
                "c.subscribe([topic])",
                "got = 0",
                "for _ in range(60):",
                "    m = c.poll(1.0)",
                "    if m is None: continue",
                "    if m.error():",
                "        print('ERROR', m.error()); sys.exit(3)",
                "    print(m.value().decode()); got += 1",
                "    if got == 3: break",
                "c.close()",
                "sys.exit(0 if got == 3 else 4)",
                "");
        Path py = dir.resolve("read_alerts.py");
        Files.writeString(py, script);
        Result ok = run(List.of(
                "/usr/bin/python3",
                py.toString(),
                stack.bootstrapServers(),
                security.caPem().toString(),
                BrokerSecurity.SOC_READER,
                security.password(BrokerSecurity.SOC_READER),
                "soc-python-it",
                BrokerSecurity.ALERTS));
        assertThat(ok.exit()).as(ok.output()).isZero();
        assertThat(ok.output()).contains("OPEN 0", "OPEN 2");

        Result otherGroup = run(List.of(
                "/usr/bin/python3",
                py.toString(),
                stack.bootstrapServers(),
                security.caPem().toString(),
                BrokerSecurity.SOC_READER,
                security.password(BrokerSecurity.SOC_READER),
                "not-soc",
                BrokerSecurity.ALERTS));
        assertThat(otherGroup.exit()).as(otherGroup.output()).isNotZero();
        assertThat(otherGroup.output()).containsIgnoringCase("authorization");
    }

    private record Result(int exit, String output) {}

    private static Result kcat(String topic, String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                "kcat",
                "-b",
                stack.bootstrapServers(),
                "-X",
                "security.protocol=SASL_SSL",
                // Debian's librdkafka 2.0.2 fails SCRAM against Kafka 4: PLAIN inside the same TLS
                "-X",
                "sasl.mechanisms=PLAIN",
                "-X",
                "sasl.username=" + BrokerSecurity.SOC_READER,
                "-X",
                "sasl.password=" + security.password(BrokerSecurity.SOC_READER),
                "-X",
                "ssl.ca.location=" + security.caPem(),
                "-C",
                "-t",
                topic,
                "-o",
                "beginning",
                "-e",
                "-m",
                "20"));
        command.addAll(List.of(extra));
        return run(command);
    }

    private static Result run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.isAlive() ? -1 : p.exitValue(), out);
    }

    private static Map<String, Object> config(String principal) {
        Map<String, Object> c = new HashMap<>(security.clientConfig(stack.bootstrapServers(), principal));
        c.put("request.timeout.ms", 15_000);
        return c;
    }

    private static KafkaProducer<String, String> producer(String principal) {
        Map<String, Object> c = config(principal);
        c.put("acks", "all");
        c.put("enable.idempotence", true);
        c.put("max.block.ms", 30_000);
        c.put("delivery.timeout.ms", 30_000);
        return new KafkaProducer<>(c, new StringSerializer(), new StringSerializer());
    }
}
