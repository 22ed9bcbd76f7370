package org.fleettelemetry.streams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
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
import org.fleettelemetry.schemas.avro.AlertStatus;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.schemas.avro.EventKind;
import org.fleettelemetry.stack.junit.KafkaStack;
import org.fleettelemetry.stack.junit.KafkaStackExtension;
import org.fleettelemetry.stack.junit.TestNames;
import org.fleettelemetry.streams.StreamsApp;
import org.fleettelemetry.streams.config.StreamsAppConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two app instances on the real broker and registry share the work; a scripted proxy DNS outage gives
 * exactly one OPEN and one RESOLVED (read_committed), also when the instance that opened it is
 * stopped midway and the other takes over its tasks.
 */
@ExtendWith(KafkaStackExtension.class)
class TwoInstancesIT {
    private static final String PROXY = HelRecords.PROXY;

    @TempDir
    Path dir;

    @Test
    void shouldPublishEachAlertOnceWhenAnInstanceStopsMidway(KafkaStack stack) throws Exception {
        String prefix = TestNames.of(TwoInstancesIT.class, "stop", "");
        String events = prefix + "events";
        String beats = prefix + "heartbeats";
        String alerts = prefix + "alerts";
        String dlq = prefix + "dlq";
        stack.createTopics(Map.of(events, 4, beats, 4, alerts, 1, dlq, 1, appId(prefix) + "-actions", 1));

        StreamsApp a = StreamsApp.start(config(stack, prefix, events, beats, alerts, dlq, "a"));
        StreamsApp b = StreamsApp.start(config(stack, prefix, events, beats, alerts, dlq, "b"));
        try (KafkaProducer<String, SpecificRecord> producer = ItClients.producer(stack)) {
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> a.streams().state() == KafkaStreams.State.RUNNING
                            && b.streams().state() == KafkaStreams.State.RUNNING);

            List<String> pcs = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                pcs.add("hel-pc-" + i);
            }
            for (String pc : pcs) {
                producer.send(new ProducerRecord<>(beats, pc, HelRecords.beat(pc)));
            }
            for (String pc : pcs.subList(0, 5)) {
                producer.send(
                        new ProducerRecord<>(events, pc, HelRecords.event(pc, EventKind.CONNECTION_FAILURE, "curl:5")));
            }
            producer.flush();

            List<ConnectivityAlert> seen = new ArrayList<>();
            try (KafkaConsumer<String, ConnectivityAlert> consumer = ItClients.alertReader(stack, alerts)) {
                await().atMost(Duration.ofSeconds(90))
                        .until(() -> ItClients.poll(consumer, seen).stream()
                                .anyMatch(x -> x.getStatus() == AlertStatus.OPEN));

                // stop the instance that owns the fleet task? either way, the other must carry on
                a.close(Duration.ofSeconds(30));

                for (String pc : pcs.subList(0, 5)) {
                    producer.send(
                            new ProducerRecord<>(events, pc, HelRecords.event(pc, EventKind.CONNECTION_OK, null)));
                }
                producer.flush();
                await().atMost(Duration.ofSeconds(120))
                        .until(() -> ItClients.poll(consumer, seen).stream()
                                .anyMatch(x -> x.getStatus() == AlertStatus.RESOLVED));
                // a quiet period: nothing else may follow (no duplicate OPEN or RESOLVED after the takeover)
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
                while (System.nanoTime() < until) {
                    ItClients.poll(consumer, seen);
                }
            }
            assertThat(seen)
                    .extracting(ConnectivityAlert::getStatus)
                    .containsExactly(AlertStatus.OPEN, AlertStatus.RESOLVED);
            assertThat(seen)
                    .extracting(ConnectivityAlert::getAlertId)
                    .containsOnly(seen.get(0).getAlertId());
            assertThat(seen.get(0).getProxy()).isEqualTo(PROXY);
            assertThat(seen.get(0).getErrorClass()).isEqualTo("PROXY_DNS");
        } finally {
            a.close(Duration.ofSeconds(30));
            b.close(Duration.ofSeconds(30));
        }
    }

    private StreamsAppConfig config(
            KafkaStack stack, String appId, String events, String beats, String alerts, String dlq, String instance) {
        Map<String, String> c = new HashMap<>();
        c.put("application.id", appId.replaceAll("[^A-Za-z0-9_-]", "-"));
        c.put("kafka.bootstrap.servers", stack.bootstrapServers());
        c.put("schema.registry.url", stack.registryUrl());
        c.put("state.dir", dir.resolve(instance).toString());
        c.put("topic.events", events);
        c.put("topic.heartbeats", beats);
        c.put("topic.alerts", alerts);
        c.put("topic.dead-letter", dlq);
        c.put("topic.actions", appId(appId) + "-actions");
        c.put("http.port", instance.equals("a") ? "18181" : "18182");
        c.put("detect.group.wait", "3s");
        c.put("kafka.streams.replication.factor", "1");
        c.put("kafka.streams.commit.interval.ms", "200");
        c.put("kafka.streams.consumer.session.timeout.ms", "10000");
        return StreamsAppConfig.from(c);
    }

    private static String appId(String prefix) {
        return prefix.replaceAll("[^A-Za-z0-9_-]", "-");
    }
}
