package org.fleettelemetry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.avro.specific.SpecificRecord;
import org.fleettelemetry.schemas.avro.AlertStatus;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.EndpointHeartbeat;
import org.fleettelemetry.schemas.avro.EventKind;
import org.fleettelemetry.schemas.avro.LogFile;
import org.fleettelemetry.schemas.serde.AvroSerializer;
import org.fleettelemetry.stack.ChildJvm;
import org.fleettelemetry.stack.junit.FaultReport;
import org.fleettelemetry.stack.junit.KafkaStack;
import org.fleettelemetry.stack.junit.KafkaStackExtension;
import org.fleettelemetry.stack.junit.TestNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two streams-app instances as child JVMs (the runnable jar, as deployed) on the real broker and registry, a site's
 * proxy failing for half its endpoints, one record in a hundred on the input a poison record, and one instance killed
 * with SIGKILL while the outage is open. The survivor takes over from the changelogs (exactly_once_v2): the SOC sees
 * one OPEN and one RESOLVED, never a second OPEN; every failure sent is counted exactly once (the failures API sums
 * them); every poison record is in the dead-letter topic.
 */
@ExtendWith(KafkaStackExtension.class)
class StreamsFaultIT {
    private static final String SITE = "flt";
    private static final String PROXY = "proxy.flt.example:3128";
    private static final int ENDPOINTS = 20;
    private static final int FAILING = 10;
    private static final int POISON_EVERY = 100;
    private static final String TOKEN = "fault-token";
    private static final Map<String, String> DETECTION = Map.of(
            "detect.group.wait", "5s",
            "detect.evaluation.period", "20s",
            "detect.active.window", "2m",
            "detect.resolve.after", "15s",
            "evaluate.interval", "2s");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private KafkaProducer<String, byte[]> producer;
    private AvroSerializer<SpecificRecord> avro;
    private AppInstances.Topics topics;
    private long sequence;
    private long recordsIn;
    private long failuresSent;
    private long poisonSent;

    @Test
    void shouldAlertOnceCountEveryFailureOnceAndDeadLetterThePoisonWhenAnInstanceIsKilledMidOutage(KafkaStack stack)
            throws Exception {
        topics = AppInstances.Topics.named(TestNames.of(StreamsFaultIT.class, "kill", ""));
        stack.createTopics(Map.of(topics.events(), 4, topics.heartbeats(), 4, topics.alerts(), 1, topics.deadLetter(), 1));
        avro = new AvroSerializer<>();
        avro.configure(Map.of("schema.registry.url", stack.registryUrl()), false);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(),
                new ByteArraySerializer());
        List<Integer> ports = List.of(FreePorts.next(), FreePorts.next());
        List<ChildJvm> apps = new ArrayList<>();
        Instant start = Instant.now();
        try (AlertLog alerts = new AlertLog(stack, topics.alerts())) {
            for (int i = 0; i < 2; i++) {
                apps.add(startApp(stack, i, ports.get(i)));
            }
            for (int i = 0; i < 2; i++) {
                int port = ports.get(i);
                ChildJvm app = apps.get(i);
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    assertThat(app.isAlive()).as("instance %d alive\n%s", port, app.tail(40)).isTrue();
                    return status(port, "/health/ready") == 200;
                });
            }

            for (int s = 0; s < 10; s++) {
                second(false);
            }
            // the outage: half the site's endpoints cannot resolve their proxy, until the SOC has seen the OPEN
            long outageStart = System.nanoTime();
            while (open(alerts.alerts()).isEmpty()) {
                assertThat(System.nanoTime() - outageStart).as("an OPEN within 90 s of the outage").isLessThan(
                        Duration.ofSeconds(90).toNanos());
                second(true);
                alerts.poll();
            }
            // kill -9 the instance that owns the site mid-outage, and go on failing for a while: the survivor must
            // carry the same alert on from the changelogs
            int victim = ports.indexOf(siteOwner(ports.get(0)));
            assertThat(victim).as("the site's owner is one of the two instances").isNotNegative();
            apps.get(victim).kill();
            System.out.println("StreamsFaultIT: SIGKILL instance " + ports.get(victim) + " with the outage open");
            for (int s = 0; s < 15; s++) {
                second(true);
                alerts.poll();
            }
            // the proxy is back: RESOLVED once calm lasted detect.resolve.after
            long calmStart = System.nanoTime();
            while (resolved(alerts.alerts()).isEmpty()) {
                assertThat(System.nanoTime() - calmStart).as("a RESOLVED within 120 s of the end").isLessThan(
                        Duration.ofSeconds(120).toNanos());
                second(false);
                alerts.poll();
            }
            producer.flush();
            List<ConnectivityAlert> seen = alerts.pollFor(Duration.ofSeconds(10));

            int survivor = ports.get(1 - victim);
            long counted = awaitFailuresCounted(survivor, start);
            long deadLettered = countRecords(stack, topics.deadLetter());
            long opens = seen.stream().filter(a -> a.getStatus() == AlertStatus.OPEN).count();
            long resolves = seen.stream().filter(a -> a.getStatus() == AlertStatus.RESOLVED).count();
            Set<String> revisions = new HashSet<>();
            long repeated = seen.stream().filter(a -> !revisions.add(a.getAlertId() + "/" + a.getStatus() + "/"
                    + a.getRevision())).count();
            String alertsSeen = opens + " OPEN, " + resolves + " RESOLVED, " + (seen.size() - opens - resolves)
                    + " UPDATE; " + repeated + " repeated alert records";
            System.out.println("StreamsFaultIT: " + recordsIn + " records in (" + failuresSent + " failures, " + poisonSent
                    + " poison), " + counted + " failures counted, " + deadLettered + " dead-lettered; alerts: " + alertsSeen);
            new FaultReport("one of two streams-app instances killed (kill -9) mid-outage", failuresSent, counted,
                    Math.max(0, counted - failuresSent), Math.max(0, failuresSent - counted), deadLettered,
                    "failures in, failures counted by the survivor's stores (failures API); alerts: " + alertsSeen)
                    .publish();
            new FaultReport("1% poison records on the input (same run)", recordsIn, recordsIn - poisonSent,
                    0, Math.max(0, poisonSent - deadLettered), deadLettered,
                    "records in, good records processed; lost = poison records missing from the dead-letter topic")
                    .publish();

            assertThat(opens).as("one OPEN: the survivor did not open the outage again").isEqualTo(1);
            assertThat(resolves).as("one RESOLVED").isEqualTo(1);
            assertThat(repeated).as("no alert record twice (exactly_once_v2)").isZero();
            assertThat(counted).as("every failure counted once, none lost, none twice").isEqualTo(failuresSent);
            assertThat(deadLettered).as("every poison record dead-lettered, nothing else").isEqualTo(poisonSent);
        } finally {
            apps.forEach(a -> a.stop(Duration.ofSeconds(20)));
            producer.close(Duration.ofSeconds(5));
        }
    }

    private ChildJvm startApp(KafkaStack stack, int index, int port) throws Exception {
        Map<String, String> c = new HashMap<>(DETECTION);
        c.put("application.id", topics.applicationId());
        c.put("kafka.bootstrap.servers", stack.bootstrapServers());
        c.put("schema.registry.url", stack.registryUrl());
        c.put("state.dir", dir.resolve("state-" + index).toString());
        c.put("topic.events", topics.events());
        c.put("topic.heartbeats", topics.heartbeats());
        c.put("topic.alerts", topics.alerts());
        c.put("topic.dead-letter", topics.deadLetter());
        c.put("http.port", Integer.toString(port));
        c.put("api.tokens", TOKEN);
        c.put("kafka.streams.replication.factor", "1");
        c.put("kafka.streams.num.standby.replicas", "1");
        c.put("kafka.streams.commit.interval.ms", "200");
        c.put("kafka.streams.consumer.session.timeout.ms", "10000");
        List<String> args = new ArrayList<>(List.of("-jar", StreamsAppJar.path().toString(), "run"));
        c.forEach((k, v) -> {
            args.add("--set");
            args.add(k + "=" + v);
        });
        return ChildJvm.start("streams-app-" + index, List.of("-Xmx384m"), args, dir.resolve("app-" + index + ".log"), dir);
    }

    /** One second of the site: every endpoint beats; the failing ones fail, the others reach the cloud. */
    private void second(boolean outage) throws InterruptedException {
        for (int i = 0; i < ENDPOINTS; i++) {
            String endpoint = SITE + "-pc-" + i;
            send(topics.heartbeats(), endpoint, beat(endpoint));
            boolean failing = outage && i < FAILING;
            send(topics.events(), endpoint, failing ? failure(endpoint) : healthy(endpoint));
            if (failing) {
                failuresSent++;
            }
        }
        producer.flush();
        Thread.sleep(1_000); // the agents' pace
    }

    private void send(String topic, String key, SpecificRecord value) {
        recordsIn++;
        producer.send(new ProducerRecord<>(topic, key, avro.serialize(topic, value)));
        if (topic.equals(topics.events()) && recordsIn / POISON_EVERY > poisonSent) {
            // bytes no Avro reader can take: not the wire format, or a schema id the registry never gave
            byte[] poison = poisonSent % 2 == 0 ? "not avro".getBytes(StandardCharsets.UTF_8)
                    : new byte[] {0, 0x7f, 0x7f, 0x7f, 0x7f, 2, 4};
            producer.send(new ProducerRecord<>(topic, key, poison));
            poisonSent++;
            recordsIn++;
        }
    }

    private static List<ConnectivityAlert> open(List<ConnectivityAlert> alerts) {
        return alerts.stream().filter(a -> a.getStatus() == AlertStatus.OPEN).toList();
    }

    private static List<ConnectivityAlert> resolved(List<ConnectivityAlert> alerts) {
        return alerts.stream().filter(a -> a.getStatus() == AlertStatus.RESOLVED).toList();
    }

    /** The site's failures as the survivor's stores count them, once the count stops moving (all input processed). */
    private long awaitFailuresCounted(int port, Instant start) {
        String range = "?from=" + URLEncoder.encode(start.minusSeconds(120).toString(), StandardCharsets.UTF_8) + "&to="
                + URLEncoder.encode(Instant.now().plusSeconds(120).toString(), StandardCharsets.UTF_8);
        long[] last = {-1};
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            HttpResponse<String> r = get(port, "/api/v1/sites/" + SITE + "/failures" + range);
            if (r.statusCode() != 200) {
                return false;
            }
            long sum = 0;
            for (JsonNode total : json.readTree(r.body()).path("totals")) {
                sum += total.path("count").asLong();
            }
            boolean settled = sum == last[0] && sum >= failuresSent;
            last[0] = sum;
            return settled || sum == failuresSent;
        });
        return last[0];
    }

    /** The HTTP port of the instance that answers for the site (its active owner), as the API says. */
    private int siteOwner(int askedPort) throws Exception {
        HttpResponse<String> r = get(askedPort, "/api/v1/sites/" + SITE);
        assertThat(r.statusCode()).as("GET /api/v1/sites/%s: %s", SITE, r.body()).isEqualTo(200);
        String servedBy = r.headers().firstValue("X-Fleet-Served-By").orElseThrow();
        return Integer.parseInt(servedBy.substring(servedBy.lastIndexOf(':') + 1));
    }

    private int status(int port, String path) {
        try {
            return get(port, path).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long countRecords(KafkaStack stack, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long count = 0;
            long idleUntil = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < idleUntil) {
                int n = consumer.poll(Duration.ofMillis(200)).count();
                if (n > 0) {
                    count += n;
                    idleUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                }
            }
            return count;
        }
    }

    private EndpointHeartbeat beat(String endpoint) {
        return EndpointHeartbeat.newBuilder().setEndpointId(endpoint).setSite(SITE).setProxy(PROXY)
                .setProduct("Elements EPP for Computers").setCollectorVersion("it").setTimestamp(Instant.now())
                .setLinesSinceLast(10).setFailuresSinceLast(0).setSpoolBytes(0).build();
    }

    private EndpointEvent failure(String endpoint) {
        return EndpointEvent.newBuilder().setEventId(endpoint + ":fault:" + (sequence++)).setEndpointId(endpoint)
                .setSite(SITE).setProxy(PROXY).setProduct("Elements EPP for Computers").setLogFile(LogFile.FSSCORPLUG)
                .setTimestamp(Instant.now()).setLevel(".W").setSource("CurlQuery::completeWithStatus")
                .setMessage("handle 0000023C45E27C50 failed with 5: Couldn't resolve proxy: proxy.flt.example")
                .setKind(EventKind.CONNECTION_FAILURE).setErrorCode("curl:5").setCurlCode(5).setAgentHttpError(111)
                .setLineProxy("proxy.flt.example").build();
    }

    private EndpointEvent healthy(String endpoint) {
        return EndpointEvent.newBuilder().setEventId(endpoint + ":fault:" + (sequence++)).setEndpointId(endpoint)
                .setSite(SITE).setProxy(PROXY).setProduct("Elements EPP for Computers").setLogFile(LogFile.FSSCORPLUG)
                .setTimestamp(Instant.now()).setLevel("I").setSource("fs::xrssdk::DoormanCache::update")
                .setMessage("doorman cooldown is off, ttl: 15, fserr: 0").setKind(EventKind.CONNECTION_OK).setFserr(0)
                .build();
    }
}
