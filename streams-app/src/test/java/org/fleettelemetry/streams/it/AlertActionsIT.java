package org.fleettelemetry.streams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.fleettelemetry.streams.query.QueryTestCluster.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.schemas.serde.AvroDeserializer;
import org.fleettelemetry.stack.junit.KafkaStack;
import org.fleettelemetry.stack.junit.KafkaStackExtension;
import org.fleettelemetry.stack.junit.TestNames;
import org.fleettelemetry.streams.StreamsApp;
import org.fleettelemetry.streams.query.QueryTestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Silences and acknowledgements on a real broker and registry, two instances: an action written through one instance
 * holds for an alert the other one publishes, survives both instances' restart, a silence's end on an open outage is
 * published, and a call whose record Kafka did not acknowledge is 503 with nothing recorded. The steps build on each
 * other (one outage, one cluster: the ITs' time budget), so they run in order.
 *
 * <p>Isolated: the last step stops the broker that every IT class of this module shares, and the module runs two IT
 * classes at a time. Run beside it, OperatorPageIT lost its silence's expiry to the stopped broker (CI, session 11).
 */
@Isolated("stops the shared broker")
@ExtendWith(KafkaStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertActionsIT {
    private static final String PROXY = "proxy.hel.example:3128";
    /** Short detection times: the IT waits for its outage seconds, not the production minute. */
    private static final Map<String, String> FAST =
            Map.of("detect.population.warmup", "2s", "detect.settle", "1s", "detect.group.wait", "1s");

    private KafkaStack stack;
    private QueryTestCluster cluster;
    private StreamsApp a;
    private StreamsApp b;
    private String alertsTopic;
    private String alertId;
    private KafkaConsumer<String, ConnectivityAlert> alerts;
    private final List<ConnectivityAlert> published = new ArrayList<>();

    @BeforeAll
    void startTwoInstancesWithAnOutage(KafkaStack stack, @TempDir Path dir) {
        this.stack = stack;
        String prefix = TestNames.of(AlertActionsIT.class, "actions", "");
        alertsTopic = prefix + "alerts";
        cluster = new QueryTestCluster(stack, dir, prefix);
        a = cluster.start("a", FAST);
        b = cluster.start("b", FAST);
        cluster.awaitRunning(a, b);
        for (int i = 1; i <= 10; i++) {
            cluster.beat("hel", PROXY, "hel-pc-" + i);
        }
        cluster.flush();
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> true);
        for (int i = 1; i <= 5; i++) {
            cluster.proxyDnsFailure("hel", PROXY, "hel-pc-" + i);
        }
        cluster.flush();
        AvroDeserializer<ConnectivityAlert> values = AvroDeserializer.specific(ConnectivityAlert.class);
        values.configure(Map.of("schema.registry.url", stack.registryUrl()), false);
        alerts = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        stack.bootstrapServers(),
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                new StringDeserializer(),
                values);
        alerts.assign(List.of(new TopicPartition(alertsTopic, 0)));
        alerts.seekToBeginning(List.of(new TopicPartition(alertsTopic, 0)));
        ConnectivityAlert open = awaitRecord("the outage opens", r -> true);
        alertId = open.getAlertId();
        assertThat(open.getSilencedBy()).isEmpty();
    }

    @AfterAll
    void stop() {
        if (alerts != null) {
            alerts.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * A maintenance window: a silence that starts later is pending, changes nothing until its start, then silences the
     * open outage on time (an UPDATE carrying its id), and the outage is released when it ends.
     */
    @Test
    @Order(0)
    void shouldActivateAPendingMaintenanceWindowOnTime() {
        StreamsApp publisher = fleetTaskHost();
        StreamsApp other = publisher == a ? b : a;
        Instant startsAt = Instant.now().plusSeconds(8);
        Instant endsAt = startsAt.plusSeconds(8);
        String body = "{\"matchers\":[{\"name\":\"site\",\"value\":\"hel\",\"isRegex\":false,\"isEqual\":true}],"
                + "\"startsAt\":\"" + startsAt + "\",\"endsAt\":\"" + endsAt
                + "\",\"comment\":\"proxy change window\"}";

        HttpResponse<String> created = cluster.send(other, "POST", "/api/v1/silences", body);

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json(created).get("silenceID").asText();
        await("the window listed as pending on both instances")
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> {
                    for (StreamsApp app : List.of(a, b)) {
                        assertThat(json(cluster.get(app, "/api/v1/silences/" + id))
                                        .get("status")
                                        .get("state")
                                        .asText())
                                .isEqualTo("pending");
                    }
                });
        assertThat(json(cluster.get(publisher, "/api/v1/outages/" + alertId)).get("silencedBy"))
                .as("nothing silenced before the window starts")
                .isEmpty();
        ConnectivityAlert silenced =
                awaitRecord("the window started", r -> r.getSilencedBy().contains(id));
        Instant seen = Instant.now();
        assertThat(seen).as("not before its start").isAfterOrEqualTo(startsAt);
        assertThat(Duration.between(startsAt, seen))
                .as("on time: the actions punctuation runs every second")
                .isLessThan(Duration.ofSeconds(5));
        assertThat(silenced.getStatus()).hasToString("UPDATE");
        assertThat(json(cluster.get(publisher, "/api/v1/silences/" + id))
                        .get("status")
                        .get("state")
                        .asText())
                .isEqualTo("active");
        ConnectivityAlert released =
                awaitRecord("the window ended", r -> r.getSilencedBy().isEmpty());
        assertThat(released.getRevision()).isEqualTo(silenced.getRevision() + 1);
    }

    @Test
    @Order(1)
    void shouldSilenceAnAlertPublishedOnTheOtherInstanceAndUnsilenceItWhenTheSilenceEnds() {
        StreamsApp publisher = fleetTaskHost();
        StreamsApp other = publisher == a ? b : a;
        Instant endsAt = Instant.now().plusSeconds(12);

        HttpResponse<String> created = cluster.send(other, "POST", "/api/v1/silences", silence("hel", endsAt));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json(created).get("silenceID").asText();
        ConnectivityAlert silenced =
                awaitRecord("silenced", r -> r.getSilencedBy().contains(id));
        assertThat(silenced.getStatus()).hasToString("UPDATE");
        for (StreamsApp app : List.of(a, b)) {
            JsonNode s = json(cluster.get(app, "/api/v1/silences/" + id));
            assertThat(s.get("status").get("state").asText()).isEqualTo("active");
            assertThat(s.get("createdBy").asText()).isEqualTo("api-token");
            assertThat(json(cluster.get(app, "/api/v1/outages/" + alertId)).get("silencedBy"))
                    .extracting(JsonNode::asText)
                    .containsExactly(id);
        }

        ConnectivityAlert unsilenced =
                awaitRecord("the silence ended", r -> r.getSilencedBy().isEmpty());
        assertThat(unsilenced.getRevision()).isEqualTo(silenced.getRevision() + 1);
        assertThat(Instant.now()).isAfterOrEqualTo(endsAt);
        assertThat(json(cluster.get(publisher, "/api/v1/silences/" + id))
                        .get("status")
                        .get("state")
                        .asText())
                .isEqualTo("expired");
    }

    @Test
    @Order(2)
    void shouldKeepSilencesAndAcknowledgementsWhenBothInstancesRestart() {
        HttpResponse<String> created = cluster.send(
                a, "POST", "/api/v1/silences", silence("hel", Instant.now().plusSeconds(3600)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json(created).get("silenceID").asText();
        HttpResponse<String> ack =
                cluster.send(b, "POST", "/api/v1/outages/" + alertId + "/ack", "{\"comment\":\"proxy team on it\"}");
        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
        ConnectivityAlert both = awaitRecord(
                "silenced and acked", r -> r.getSilencedBy().contains(id) && "api-token".equals(r.getAcknowledgedBy()));
        assertThat(both.getAcknowledgeComment()).isEqualTo("proxy team on it");

        cluster.stop(a);
        cluster.stop(b);
        a = cluster.start("a", FAST);
        b = cluster.start("b", FAST);
        cluster.awaitRunning(a, b);

        for (StreamsApp app : List.of(a, b)) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> cluster.get(app, "/api/v1/silences/" + id).statusCode() == 200);
            JsonNode outage = json(cluster.get(app, "/api/v1/outages/" + alertId));
            assertThat(outage.get("silencedBy")).extracting(JsonNode::asText).containsExactly(id);
            assertThat(outage.get("acknowledgedBy").asText()).isEqualTo("api-token");
        }
        // a few of the fleet stage's action checks after the restart: nothing it publishes drops them
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> true);
        drain();
        ConnectivityAlert last = published.get(published.size() - 1);
        assertThat(last.getSilencedBy()).containsExactly(id);
        assertThat(last.getAcknowledgedBy()).isEqualTo("api-token");

        JsonNode audit = json(cluster.get(b, "/api/v1/audit"));
        assertThat(audit.get("items"))
                .extracting(i -> i.get("action").asText())
                .containsSubsequence("SILENCE_CREATED", "SILENCE_CREATED", "ACKNOWLEDGED");
    }

    @Test
    @Order(3)
    void shouldAnswer503AndRecordNothingWhenTheBrokerIsDown() {
        Assumptions.assumeTrue(stack.supportsFaults(), "the broker cannot be stopped here");
        int before = json(cluster.get(a, "/api/v1/silences")).size();
        stack.stopBroker();
        HttpResponse<String> refused;
        try {
            refused = cluster.send(
                    a, "POST", "/api/v1/silences", silence("hel", Instant.now().plusSeconds(600)));
        } finally {
            stack.startBroker();
        }

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(json(refused).get("code").asText()).isEqualTo("unavailable");
        // the producer gave up (delivery timeout): nothing reaches the topic once the broker is back
        await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(60)).until(() -> {
            HttpResponse<String> r = cluster.get(b, "/api/v1/audit");
            return r.statusCode() == 200;
        });
        assertThat(json(cluster.get(b, "/api/v1/silences"))).hasSize(before);
        assertThat(json(cluster.get(b, "/api/v1/audit")).get("items"))
                .extracting(i -> i.get("action").asText())
                .filteredOn("SILENCE_CREATED"::equals)
                .hasSize(before);
    }

    private static String silence(String site, Instant endsAt) {
        return "{\"matchers\":[{\"name\":\"site\",\"value\":\"" + site + "\",\"isRegex\":false,\"isEqual\":true}],"
                + "\"startsAt\":\"" + Instant.now() + "\",\"endsAt\":\"" + endsAt + "\",\"comment\":\"IT\"}";
    }

    /** The instance running the fleet stage's task (sub-topology 2), which publishes every alert. */
    private StreamsApp fleetTaskHost() {
        for (StreamsApp app : List.of(a, b)) {
            for (ThreadMetadata t : app.streams().metadataForLocalThreads()) {
                for (TaskMetadata task : t.activeTasks()) {
                    if (task.taskId().subtopology() == 2) {
                        return app;
                    }
                }
            }
        }
        throw new AssertionError("no instance runs the fleet stage");
    }

    private ConnectivityAlert awaitRecord(String what, java.util.function.Predicate<ConnectivityAlert> wanted) {
        int from = published.size();
        return await(what)
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> {
                            drain();
                            for (int i = from; i < published.size(); i++) {
                                if (wanted.test(published.get(i))) {
                                    return published.get(i);
                                }
                            }
                            return null;
                        },
                        r -> r != null);
    }

    private void drain() {
        for (ConsumerRecord<String, ConnectivityAlert> r : alerts.poll(Duration.ofMillis(100))) {
            published.add(r.value());
        }
    }
}
