package org.fleettelemetry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.fleettelemetry.schemas.avro.AlertStatus;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.EndpointHeartbeat;
import org.fleettelemetry.schemas.avro.EventKind;
import org.fleettelemetry.schemas.avro.LogFile;
import org.fleettelemetry.schemas.serde.AvroSerializer;
import org.fleettelemetry.stack.junit.FaultReport;
import org.fleettelemetry.stack.junit.KafkaStack;
import org.fleettelemetry.stack.junit.KafkaStackExtension;
import org.fleettelemetry.stack.junit.TestNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two streams-app instances as child JVMs on the real broker and registry, a site's
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
    private static final Map<String, String> DETECTION = Map.of(
            "detect.group.wait", "5s",
            "detect.evaluation.period", "20s",
            "detect.active.window", "2m",
            "detect.resolve.after", "15s",
            "evaluate.interval", "2s");

    @TempDir
    Path dir;

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
        stack.createTopics(Map.of(
                topics.events(),
                4,
                topics.heartbeats(),
                4,
                topics.alerts(),
                1,
                topics.deadLetter(),
                1,
                topics.applicationId() + "-actions",
                1));
        avro = new AvroSerializer<>();
        avro.configure(Map.of("schema.registry.url", stack.registryUrl()), false);
        producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        stack.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.LINGER_MS_CONFIG,
                        5),
                new StringSerializer(),
                new ByteArraySerializer());
        Map<String, String> settings = new HashMap<>(DETECTION);
        settings.put("kafka.streams.num.standby.replicas", "1");
        Instant start = Instant.now();
        try (AlertLog alerts = new AlertLog(stack, topics.alerts());
                AppProcesses apps = AppProcesses.start(List.of("a", "b"), stack, topics, dir, settings)) {
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .until(apps::allReady);

            for (int s = 0; s < 10; s++) {
                second(false);
            }
            // the outage: half the site's endpoints cannot resolve their proxy, until the SOC has seen the OPEN
            long outageStart = System.nanoTime();
            while (open(alerts.alerts()).isEmpty()) {
                assertThat(System.nanoTime() - outageStart)
                        .as("an OPEN within 90 s of the outage")
                        .isLessThan(Duration.ofSeconds(90).toNanos());
                second(true);
                alerts.poll();
            }
            // kill -9 the instance that owns the site mid-outage, and go on failing for a while: the survivor must
            // carry the same alert on from the changelogs
            AppProcesses.Instance victim = apps.at(siteOwner(apps, apps.all().get(0)));
            apps.kill(victim.name());
            System.out.println("StreamsFaultIT: SIGKILL instance " + victim.address() + " with the outage open");
            for (int s = 0; s < 15; s++) {
                second(true);
                alerts.poll();
            }
            // the proxy is back: RESOLVED once calm lasted detect.resolve.after
            long calmStart = System.nanoTime();
            while (resolved(alerts.alerts()).isEmpty()) {
                assertThat(System.nanoTime() - calmStart)
                        .as("a RESOLVED within 120 s of the end")
                        .isLessThan(Duration.ofSeconds(120).toNanos());
                second(false);
                alerts.poll();
            }
            producer.flush();
            List<ConnectivityAlert> seen = alerts.pollFor(Duration.ofSeconds(10));

            AppProcesses.Instance survivor = apps.all().stream()
                    .filter(i -> !i.name().equals(victim.name()))
                    .findFirst()
                    .orElseThrow();
            long counted = awaitFailuresCounted(apps, survivor, start);
            long deadLettered = countRecords(stack, topics.deadLetter());
            long opens =
                    seen.stream().filter(a -> a.getStatus() == AlertStatus.OPEN).count();
            long resolves = seen.stream()
                    .filter(a -> a.getStatus() == AlertStatus.RESOLVED)
                    .count();
            Set<String> revisions = new HashSet<>();
            long repeated = seen.stream()
                    .filter(a -> !revisions.add(a.getAlertId() + "/" + a.getStatus() + "/" + a.getRevision()))
                    .count();
            String alertsSeen = opens + " OPEN, " + resolves + " RESOLVED, " + (seen.size() - opens - resolves)
                    + " UPDATE; " + repeated + " repeated alert records";
            System.out.println("StreamsFaultIT: " + recordsIn + " records in (" + failuresSent + " failures, "
                    + poisonSent + " poison), " + counted + " failures counted, " + deadLettered
                    + " dead-lettered; alerts: " + alertsSeen);
            new FaultReport(
                            "one of two streams-app instances killed (kill -9) mid-outage",
                            failuresSent,
                            counted,
                            Math.max(0, counted - failuresSent),
                            Math.max(0, failuresSent - counted),
                            deadLettered,
                            "failures in, failures counted by the survivor's stores (failures API); alerts: "
                                    + alertsSeen)
                    .publish();
            // the good records' fate is the row above (every failure counted once); this one is the poison's
            new FaultReport(
                            "1% poison records on the input (same run)",
                            recordsIn,
                            recordsIn - deadLettered,
                            Math.max(0, deadLettered - poisonSent),
                            Math.max(0, poisonSent - deadLettered),
                            deadLettered,
                            "records in, records not dead-lettered; lost = poison records missing from the dead-letter topic, "
                                    + "duplicates = dead letters beyond the poison sent")
                    .publish();

            assertThat(opens)
                    .as("one OPEN: the survivor did not open the outage again")
                    .isEqualTo(1);
            assertThat(resolves).as("one RESOLVED").isEqualTo(1);
            assertThat(repeated).as("no alert record twice (exactly_once_v2)").isZero();
            assertThat(counted)
                    .as("every failure counted once, none lost, none twice")
                    .isEqualTo(failuresSent);
            assertThat(deadLettered)
                    .as("every poison record dead-lettered, nothing else")
                    .isEqualTo(poisonSent);
        } finally {
            producer.close(Duration.ofSeconds(5));
        }
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
            byte[] poison = poisonSent % 2 == 0
                    ? "not avro".getBytes(StandardCharsets.UTF_8)
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
        return alerts.stream()
                .filter(a -> a.getStatus() == AlertStatus.RESOLVED)
                .toList();
    }

    /** The site's failures as the survivor's stores count them, once the count stops moving (all input processed). */
    private long awaitFailuresCounted(AppProcesses apps, AppProcesses.Instance survivor, Instant start) {
        String range = "?from=" + URLEncoder.encode(start.minusSeconds(120).toString(), StandardCharsets.UTF_8) + "&to="
                + URLEncoder.encode(Instant.now().plusSeconds(120).toString(), StandardCharsets.UTF_8);
        long[] last = {-1};
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> {
                    HttpResponse<String> r = apps.get(survivor, "/api/v1/sites/" + SITE + "/failures" + range);
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

    /** The address of the instance that answers for the site (its active owner), as the API says. */
    private static String siteOwner(AppProcesses apps, AppProcesses.Instance asked) {
        HttpResponse<String> r = apps.get(asked, "/api/v1/sites/" + SITE);
        assertThat(r.statusCode())
                .as("GET /api/v1/sites/%s: %s", SITE, r.body())
                .isEqualTo(200);
        return r.headers().firstValue("X-Fleet-Served-By").orElseThrow();
    }

    private static long countRecords(KafkaStack stack, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        stack.bootstrapServers(),
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
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
        return EndpointHeartbeat.newBuilder()
                .setEndpointId(endpoint)
                .setSite(SITE)
                .setProxy(PROXY)
                .setProduct("Elements EPP for Computers")
                .setCollectorVersion("it")
                .setTimestamp(Instant.now())
                .setLinesSinceLast(10)
                .setFailuresSinceLast(0)
                .setSpoolBytes(0)
                .build();
    }

    private EndpointEvent failure(String endpoint) {
        return EndpointEvent.newBuilder()
                .setEventId(endpoint + ":fault:" + (sequence++))
                .setEndpointId(endpoint)
                .setSite(SITE)
                .setProxy(PROXY)
                .setProduct("Elements EPP for Computers")
                .setLogFile(LogFile.FSSCORPLUG)
                .setTimestamp(Instant.now())
                .setLevel(".W")
                .setSource("CurlQuery::completeWithStatus")
                .setMessage("handle 0000023C45E27C50 failed with 5: Couldn't resolve proxy: proxy.flt.example")
                .setKind(EventKind.CONNECTION_FAILURE)
                .setErrorCode("curl:5")
                .setCurlCode(5)
                .setAgentHttpError(111)
                .setLineProxy("proxy.flt.example")
                .build();
    }

    private EndpointEvent healthy(String endpoint) {
        return EndpointEvent.newBuilder()
                .setEventId(endpoint + ":fault:" + (sequence++))
                .setEndpointId(endpoint)
                .setSite(SITE)
                .setProxy(PROXY)
                .setProduct("Elements EPP for Computers")
                .setLogFile(LogFile.FSSCORPLUG)
                .setTimestamp(Instant.now())
                .setLevel("I")
                .setSource("fs::xrssdk::DoormanCache::update")
                .setMessage("doorman cooldown is off, ttl: 15, fserr: 0")
                .setKind(EventKind.CONNECTION_OK)
                .setFserr(0)
                .build();
    }
}
