package org.fleettelemetry.streams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.fleettelemetry.schemas.avro.AlertScope;
import org.fleettelemetry.schemas.avro.AlertStatus;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.stack.junit.KafkaStack;
import org.fleettelemetry.stack.junit.KafkaStackExtension;
import org.fleettelemetry.stack.junit.TestNames;
import org.fleettelemetry.streams.ProbeRecords;
import org.fleettelemetry.streams.StreamsApp;
import org.fleettelemetry.streams.config.StreamsAppConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #18 on the real broker and registry: an outage that exists only in the collectors' active probe results (the
 * agent logs nothing: its cache answers) opens a SITE alert of class PROXY_AUTH that names the failing step and how
 * many endpoints the probe confirms; the probes passing again resolve it, without any success in the agent's logs.
 * The probe events are built exactly as the collector sends them, Avro through our serializer and the registry, in
 * one helper ({@link ProbeRecords}); e2e's {@code ProbeOutageIT} does the same with the collectors' own probes
 * through a real proxy.
 */
@ExtendWith(KafkaStackExtension.class)
class ProbeAlertIT {
    private static final String PROXY = HelRecords.PROXY;
    private static final String TOKEN = "probe-it-token";

    @TempDir
    Path dir;

    @Test
    void shouldOpenAConfirmedProxyAuthAlertFromProbesAloneThenResolveWhenTheProbesPass(KafkaStack stack)
            throws Exception {
        String prefix = TestNames.of(ProbeAlertIT.class, "probe", "");
        String events = prefix + "events";
        String beats = prefix + "heartbeats";
        String alerts = prefix + "alerts";
        String dlq = prefix + "dlq";
        String appId = prefix.replaceAll("[^A-Za-z0-9_-]", "-");
        stack.createTopics(Map.of(events, 2, beats, 2, alerts, 1, dlq, 1, appId + "-actions", 1));
        int port = freePort();

        StreamsApp app = StreamsApp.start(config(stack, appId, events, beats, alerts, dlq, port));
        Map<String, Long> sequence = new HashMap<>();
        try (KafkaProducer<String, SpecificRecord> producer = ItClients.producer(stack);
                KafkaConsumer<String, ConnectivityAlert> consumer = ItClients.alertReader(stack, alerts)) {
            await().atMost(Duration.ofSeconds(90)).until(() -> app.streams().state() == KafkaStreams.State.RUNNING);

            List<String> pcs = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                pcs.add("hel-pc-" + i);
            }
            List<String> failing = pcs.subList(0, 6);
            for (String pc : pcs) {
                producer.send(new ProducerRecord<>(beats, pc, HelRecords.beat(pc)));
            }
            for (String pc : pcs.subList(6, 10)) {
                send(producer, events, ProbeRecords.passed(pc, "hel", PROXY, next(sequence, pc), Instant.now()));
            }
            for (String pc : failing) {
                send(
                        producer,
                        events,
                        ProbeRecords.proxyAuthRequired(pc, "hel", PROXY, next(sequence, pc), Instant.now()));
            }
            producer.flush();

            List<ConnectivityAlert> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ZERO).until(() -> {
                // the probe runs again while the outage lasts: each run is a new result (a new sequence)
                ItClients.poll(consumer, seen);
                return seen.stream().anyMatch(x -> x.getStatus() == AlertStatus.OPEN);
            });
            ConnectivityAlert open = seen.get(0);
            assertThat(open.getStatus()).isEqualTo(AlertStatus.OPEN);
            assertThat(open.getScope()).isEqualTo(AlertScope.SITE);
            assertThat(open.getSite()).isEqualTo("hel");
            assertThat(open.getProxy()).isEqualTo(PROXY);
            assertThat(open.getErrorClass()).isEqualTo("PROXY_AUTH");
            assertThat(open.getErrorCode()).isEqualTo("proxy:407");
            assertThat(open.getAffectedEndpoints()).isEqualTo(6);
            assertThat(open.getActiveEndpoints()).isEqualTo(10);
            assertThat(open.getProbeConfirmed()).isEqualTo(6);
            assertThat(open.getProbeEndpoints()).isEqualTo(6);
            assertThat(open.getProbeFailedStep()).isEqualTo("PROXY_TUNNEL");
            assertThat(open.getProbeDetail()).isEqualTo("PROXY_TUNNEL answered 407");
            assertThat(open.getCause())
                    .startsWith("Proxy requires authentication")
                    .contains(
                            "confirmed by active probe at 6 of 6 endpoints (failing step: PROXY_TUNNEL answered 407)");
            assertThat(open.getRemediation().get(0))
                    .startsWith("Exempt *.f-secure.com and *.fsapi.com from proxy authentication");

            // the REST API shows the same confirmation on the open outage
            JsonNode outages = await().atMost(Duration.ofSeconds(30))
                    .until(() -> get(port, "/api/v1/outages?site=hel"), o -> o != null && o.size() == 1);
            JsonNode outage = outages.get(0);
            assertThat(outage.get("alertId").asText()).isEqualTo(open.getAlertId());
            assertThat(outage.get("probeConfirmed").asInt()).isEqualTo(6);
            assertThat(outage.get("probeEndpoints").asInt()).isEqualTo(6);
            assertThat(outage.get("probeFailedStep").asText()).isEqualTo("PROXY_TUNNEL");

            JsonNode endpoint = get(port, "/api/v1/endpoints/hel-pc-1");
            assertThat(endpoint.get("state").asText()).isEqualTo("FAILING");
            assertThat(endpoint.get("lastErrorClass").asText()).isEqualTo("PROXY_AUTH");
            assertThat(endpoint.get("lastProbe").get("verdict").asText()).isEqualTo("PROXY_AUTH");
            assertThat(endpoint.get("lastProbe").get("failedStep").asText()).isEqualTo("PROXY_TUNNEL");
            assertThat(endpoint.get("lastProbe").get("httpStatus").asInt()).isEqualTo(407);
            assertThat(get(port, "/api/v1/endpoints/hel-pc-7")
                            .get("lastProbe")
                            .get("verdict")
                            .asText())
                    .isEqualTo("OK");

            // the proxy is fixed: the probes pass; the agent logs nothing
            for (String pc : failing) {
                send(producer, events, ProbeRecords.passed(pc, "hel", PROXY, next(sequence, pc), Instant.now()));
            }
            producer.flush();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> ItClients.poll(consumer, seen).stream()
                            .anyMatch(x -> x.getStatus() == AlertStatus.RESOLVED));
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < until) {
                ItClients.poll(consumer, seen);
            }
            assertThat(seen)
                    .extracting(ConnectivityAlert::getStatus)
                    .containsExactly(AlertStatus.OPEN, AlertStatus.RESOLVED);
            ConnectivityAlert resolved = seen.get(1);
            assertThat(resolved.getAlertId()).isEqualTo(open.getAlertId());
            assertThat(resolved.getResolvedAt())
                    .as("at once: not after detect.resolve.after (10 min), nor when the failures age out")
                    .isBefore(open.getOpenedAt().plus(Duration.ofMinutes(5)));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> get(port, "/api/v1/outages?site=hel"), o -> o != null && o.isEmpty());
            JsonNode healed = get(port, "/api/v1/endpoints/hel-pc-1");
            assertThat(healed.get("state").asText()).isEqualTo("HEALTHY");
            assertThat(healed.get("lastProbe").get("verdict").asText()).isEqualTo("OK");
            assertThat(healed.get("lastProbe").has("failedStep")).isFalse();
        } finally {
            app.close(Duration.ofSeconds(30));
        }
    }

    private static long next(Map<String, Long> sequence, String pc) {
        return sequence.merge(pc, 1L, Long::sum);
    }

    private static void send(KafkaProducer<String, SpecificRecord> producer, String topic, EndpointEvent event) {
        producer.send(new ProducerRecord<>(topic, event.getEndpointId(), event));
    }

    private StreamsAppConfig config(
            KafkaStack stack, String appId, String events, String beats, String alerts, String dlq, int port) {
        Map<String, String> c = new HashMap<>();
        c.put("application.id", appId);
        c.put("kafka.bootstrap.servers", stack.bootstrapServers());
        c.put("schema.registry.url", stack.registryUrl());
        c.put("state.dir", dir.resolve("state").toString());
        c.put("topic.events", events);
        c.put("topic.heartbeats", beats);
        c.put("topic.alerts", alerts);
        c.put("topic.dead-letter", dlq);
        c.put("topic.actions", appId + "-actions");
        c.put("http.port", Integer.toString(port));
        c.put("api.tokens", TOKEN);
        c.put("detect.group.wait", "3s");
        c.put("detect.population.warmup", "5s");
        c.put("kafka.streams.replication.factor", "1");
        c.put("kafka.streams.commit.interval.ms", "200");
        return StreamsAppConfig.from(c);
    }

    private static JsonNode get(int port, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .header("Authorization", "Bearer " + TOKEN)
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            return null;
        }
        JsonNode body = new ObjectMapper().readTree(response.body());
        return body.has("items") ? body.get("items") : body;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
