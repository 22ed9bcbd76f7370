package org.fleettelemetry.streams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.fleettelemetry.schemas.avro.AlertStatus;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.schemas.avro.EventKind;
import org.fleettelemetry.schemas.serde.AvroDeserializer;
import org.fleettelemetry.schemas.serde.AvroSerializer;
import org.fleettelemetry.stack.BrokerSecurity;
import org.fleettelemetry.stack.LocalStack;
import org.fleettelemetry.stack.StackHome;
import org.fleettelemetry.streams.StreamsApp;
import org.fleettelemetry.streams.config.StreamsAppConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streams app on the secure stack ({@code deploy/stack start --secure}) as principal {@code streams-app}: its
 * default application id and topics, exactly_once_v2, only the ACLs the stack grants it; the collector principal
 * writes the input, the soc-reader principal reads the alert. Every client reaches the registry through its nginx
 * front (TLS from the stack's CA, Basic auth as its own principal) with {@code auto.register.schemas=false} and
 * {@code use.latest.version=true}: the schemas are registered once, by {@code streams-app schemas register} as admin.
 * The tests run in order: the app's refusal to start needs a registry without the subjects.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecureStreamsIT {
    private static final String API_TOKEN = "secure-streams-it-token";

    private static LocalStack stack;
    private static BrokerSecurity security;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        Path home = Files.createTempDirectory("secure-streams-it");
        stack = LocalStack.createSecure(StackHome.locate(), home.resolve("stack"), 0, 0);
        stack.start();
        security = stack.security().orElseThrow();
        try (Admin admin = Admin.create(security.clientConfig(stack.bootstrapServers(), BrokerSecurity.ADMIN))) {
            admin.createTopics(List.of(
                            new NewTopic(BrokerSecurity.EVENTS, 2, (short) 1),
                            new NewTopic(BrokerSecurity.HEARTBEATS, 2, (short) 1),
                            new NewTopic(BrokerSecurity.ALERTS, 1, (short) 1),
                            new NewTopic(BrokerSecurity.DEAD_LETTER, 1, (short) 1),
                            new NewTopic(BrokerSecurity.ACTIONS, 1, (short) 1)))
                    .all()
                    .get(60, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void shouldRefuseToStartNamingTheSubjectsWhenTheSchemasAreNotRegisteredYet() {
        assertThatThrownBy(() -> StreamsApp.start(config()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("auto.register.schemas=false")
                .hasMessageContaining(BrokerSecurity.ALERTS + "-value")
                .hasMessageContaining(BrokerSecurity.ACTIONS + "-value")
                .hasMessageContaining("schemas register");
    }

    @Test
    @Order(2)
    void shouldRegisterTheSchemasAsAdminOnlyAndPrintTheSameIdsTheSecondTime() {
        for (String principal : List.of(BrokerSecurity.COLLECTOR, BrokerSecurity.STREAMS_APP)) {
            Cli refused = register(principal);
            assertThat(refused.exit()).as(refused.err()).isEqualTo(1);
            assertThat(refused.err())
                    .contains("registering org.fleettelemetry.schemas.avro.EndpointEvent under subject '"
                            + BrokerSecurity.EVENTS + "-value' failed")
                    .contains("HTTP 403")
                    .contains("user " + principal + " may only read")
                    .contains("only the registry's admin may register schemas");
        }
        Cli first = register(BrokerSecurity.ADMIN);
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out().lines())
                .hasSize(4)
                .allSatisfy(l -> assertThat(l).contains("BACKWARD"))
                .anySatisfy(l -> assertThat(l).startsWith(BrokerSecurity.EVENTS + "-value"))
                .anySatisfy(l -> assertThat(l).startsWith(BrokerSecurity.HEARTBEATS + "-value"))
                .anySatisfy(l -> assertThat(l).startsWith(BrokerSecurity.ALERTS + "-value"))
                .anySatisfy(l -> assertThat(l).startsWith(BrokerSecurity.ACTIONS + "-value"));
        Cli second = register(BrokerSecurity.ADMIN);
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.out().replace("(already registered)", "(registered now)"))
                .as("the same subjects, ids and versions")
                .isEqualTo(first.out());
        assertThat(second.out().lines()).allSatisfy(l -> assertThat(l).endsWith("(already registered)"));
        System.out.print("SecureStreamsIT: schemas register as admin:\n" + second.out());
    }

    @Test
    @Order(3)
    void shouldRunExactlyOnceUnderItsAclsAndOpenAnAlertTheSocReaderReads() throws Exception {
        // idempotent: this test alone (-Dit.test=SecureStreamsIT#should...) needs the schemas too
        assertThat(register(BrokerSecurity.ADMIN).exit()).isZero();
        StreamsApp app = StreamsApp.start(config());
        try (KafkaProducer<String, SpecificRecord> producer = producer()) {
            await().atMost(Duration.ofSeconds(120)).until(() -> app.streams().state() == KafkaStreams.State.RUNNING);
            List<String> pcs = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                pcs.add("hel-pc-" + i);
            }
            for (String pc : pcs) {
                producer.send(new ProducerRecord<>(BrokerSecurity.HEARTBEATS, pc, HelRecords.beat(pc)));
            }
            for (String pc : pcs.subList(0, 5)) {
                producer.send(new ProducerRecord<>(
                        BrokerSecurity.EVENTS, pc, HelRecords.event(pc, EventKind.CONNECTION_FAILURE, "curl:5")));
            }
            producer.flush();
            List<ConnectivityAlert> seen = new ArrayList<>();
            try (KafkaConsumer<String, ConnectivityAlert> consumer = socReader()) {
                await().atMost(Duration.ofSeconds(120)).until(() -> {
                    consumer.poll(Duration.ofMillis(500)).forEach(r -> seen.add(r.value()));
                    return seen.stream().anyMatch(a -> a.getStatus() == AlertStatus.OPEN);
                });
                // an acknowledgement through the REST API: the app writes the action record on the actions topic
                // (acks=all, idempotent) under its own ACLs, its global store reads it, and the UPDATE follows
                String alertId = seen.get(0).getAlertId();
                HttpResponse<String> ack = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:18191/api/v1/outages/"
                                                + URLEncoder.encode(alertId, StandardCharsets.UTF_8) + "/ack"))
                                        .header("Authorization", "Bearer " + API_TOKEN)
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString("{\"comment\":\"secure IT\"}"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    consumer.poll(Duration.ofMillis(500)).forEach(r -> seen.add(r.value()));
                    return seen.stream().anyMatch(a -> "secure IT".equals(a.getAcknowledgeComment()));
                });
            }
            assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(seen.get(0).getErrorClass()).isEqualTo("PROXY_DNS");
            System.out.printf(
                    "SecureStreamsIT: %s alert %s under the streams-app ACLs%n",
                    seen.get(0).getStatus(), seen.get(0).getAlertId());
        } finally {
            app.close(Duration.ofSeconds(30));
        }
    }

    private StreamsAppConfig config() {
        Map<String, String> c = new HashMap<>();
        c.put("kafka.bootstrap.servers", stack.bootstrapServers());
        c.putAll(registryAs(BrokerSecurity.STREAMS_APP));
        c.put("auto.register.schemas", "false");
        c.put("use.latest.version", "true");
        c.put("state.dir", dir.resolve("state").toString());
        c.put("http.port", "18191");
        c.put("api.tokens", API_TOKEN);
        c.put("detect.group.wait", "3s");
        c.put("kafka.streams.replication.factor", "1");
        c.put("kafka.streams.commit.interval.ms", "200");
        c.put("kafka.streams.security.protocol", "SASL_SSL");
        c.put("kafka.streams.sasl.mechanism", BrokerSecurity.MECHANISM);
        c.put(
                "kafka.streams.sasl.jaas.config",
                BrokerSecurity.jaas(BrokerSecurity.STREAMS_APP, security.password(BrokerSecurity.STREAMS_APP)));
        c.put("kafka.streams.ssl.truststore.type", "PEM");
        c.put("kafka.streams.ssl.truststore.location", security.caPem().toString());
        return StreamsAppConfig.from(c);
    }

    /** What a principal's registry client needs on the secure stack: the front's URL, the CA, its own password. */
    private static Map<String, String> registryAs(String principal) {
        Map<String, String> c = new HashMap<>();
        c.put("schema.registry.url", stack.registryUrl());
        c.put("schema.registry.ssl.truststore.type", "PEM");
        c.put("schema.registry.ssl.truststore.location", security.caPem().toString());
        c.put("basic.auth.credentials.source", "USER_INFO");
        c.put("basic.auth.user.info", principal + ":" + security.password(principal));
        return c;
    }

    private record Cli(int exit, String out, String err) {}

    /** {@code streams-app schemas register} with a principal's registry credentials. */
    private static Cli register(String principal) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        List<String> args = new ArrayList<>(List.of("schemas", "register", "--registry-url", stack.registryUrl()));
        registryAs(principal).forEach((k, v) -> {
            if (!k.equals("schema.registry.url")) {
                args.add("--set");
                args.add(k + "=" + v);
            }
        });
        int exit = new picocli.CommandLine(new org.fleettelemetry.streams.StreamsAppMain())
                .setOut(new java.io.PrintWriter(out, true))
                .setErr(new java.io.PrintWriter(err, true))
                .execute(args.toArray(String[]::new));
        return new Cli(exit, out.toString(), err.toString());
    }

    /** The collector principal writes the input (it may write both input topics), as a collector does. */
    private static KafkaProducer<String, SpecificRecord> producer() {
        AvroSerializer<SpecificRecord> values = new AvroSerializer<>();
        Map<String, Object> serde = new HashMap<>(registryAs(BrokerSecurity.COLLECTOR));
        serde.put("auto.register.schemas", "false");
        serde.put("use.latest.version", "true");
        values.configure(serde, false);
        Map<String, Object> c =
                new HashMap<>(security.clientConfig(stack.bootstrapServers(), BrokerSecurity.COLLECTOR));
        c.put("acks", "all");
        return new KafkaProducer<>(c, new StringSerializer(), values);
    }

    private static KafkaConsumer<String, ConnectivityAlert> socReader() {
        AvroDeserializer<ConnectivityAlert> values = AvroDeserializer.specific(ConnectivityAlert.class);
        values.configure(registryAs(BrokerSecurity.SOC_READER), false);
        Map<String, Object> c =
                new HashMap<>(security.clientConfig(stack.bootstrapServers(), BrokerSecurity.SOC_READER));
        c.put("group.id", "soc-secure-streams-it");
        c.put("auto.offset.reset", "earliest");
        c.put("isolation.level", "read_committed");
        KafkaConsumer<String, ConnectivityAlert> consumer = new KafkaConsumer<>(c, new StringDeserializer(), values);
        consumer.subscribe(List.of(BrokerSecurity.ALERTS));
        return consumer;
    }
}
