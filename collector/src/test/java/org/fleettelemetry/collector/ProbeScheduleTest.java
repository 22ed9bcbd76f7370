package org.fleettelemetry.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.fleettelemetry.collector.config.CollectorConfig;
import org.fleettelemetry.collector.metrics.CollectorMeters;
import org.fleettelemetry.collector.probe.LoopbackServers;
import org.fleettelemetry.collector.probe.ProbeEvents;
import org.fleettelemetry.collector.ship.AckRef;
import org.fleettelemetry.collector.ship.EventShipper;
import org.fleettelemetry.collector.ship.RejectedLog;
import org.fleettelemetry.collector.ship.Spool;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schedule in the collector: rounds spaced by the interval minus the jitter at least (the executor never fires
 * early, so this holds however slow the machine), each target of a round shipped as a probe event with its ack
 * reference, and a stop during a round that ships nothing more. Kafka is {@link MockProducer}; the targets are
 * loopback ports.
 */
class ProbeScheduleTest {
    @TempDir
    Path dir;

    private final List<AckRef> acked = new CopyOnWriteArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MockProducer<String, SpecificRecord> producer =
            new MockProducer<>(true, null, new StringSerializer(), (topic, value) -> new byte[0]);
    private EventShipper shipper;

    @AfterEach
    void close() {
        if (shipper != null) {
            shipper.close();
        }
    }

    private CollectorConfig config(String targets, String interval, String jitter, String timeout) {
        Map<String, String> m = new HashMap<>();
        m.put("endpoint.id", "pc-sched-001");
        m.put("site", "hel");
        m.put("proxy", "DIRECT");
        m.put("logs", dir.resolve("none.log").toString());
        m.put("state.dir", dir.resolve("state").toString());
        m.put("kafka.bootstrap.servers", "127.0.0.1:9");
        m.put("schema.registry.url", "http://127.0.0.1:9/apis/ccompat/v7");
        m.put("probe.targets", targets);
        m.put("probe.interval", interval);
        m.put("probe.jitter", jitter);
        m.put("probe.timeout", timeout);
        return CollectorConfig.from(m);
    }

    private ProbeSchedule schedule(CollectorConfig config) {
        shipper = new EventShipper(
                producer,
                "events",
                new Spool(dir.resolve("spool"), 64L << 20),
                new RejectedLog(dir),
                acked::add,
                meters,
                Duration.ofSeconds(5));
        return ProbeSchedule.create(config, shipper, meters, Clock.systemUTC());
    }

    private List<EndpointEvent> shipped() {
        return producer.history().stream()
                .map(ProducerRecord::value)
                .map(EndpointEvent.class::cast)
                .toList();
    }

    @Test
    void shouldShipEveryTargetOfEachRoundSpacedByTheIntervalLessTheJitter() throws Exception {
        String refusedA = LoopbackServers.refusingPort().toString();
        String refusedB = LoopbackServers.refusingPort().toString();
        ProbeSchedule schedule = schedule(config(refusedA + "," + refusedB, "600ms", "100ms", "500ms"));
        schedule.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> schedule.rounds() >= 4);
        } finally {
            schedule.close();
        }

        List<EndpointEvent> events = shipped();
        assertThat(events.size()).isEqualTo(2 * (int) schedule.rounds());
        for (int i = 0; i + 1 < events.size(); i += 2) {
            assertThat(events.get(i).getProbe().getTarget()).isEqualTo(refusedA);
            assertThat(events.get(i + 1).getProbe().getTarget()).isEqualTo(refusedB);
            assertThat(events.get(i).getProbe().getVerdict()).isEqualTo("CONNECT_REFUSED");
        }
        for (int i = 2; i < events.size(); i += 2) {
            Instant previous = events.get(i - 2).getTimestamp();
            Instant start = events.get(i).getTimestamp();
            assertThat(Duration.between(previous, start))
                    .as("round %d starts at least interval - jitter after the one before", i / 2)
                    .isGreaterThanOrEqualTo(Duration.ofMillis(500 - 5));
        }
        assertThat(acked).extracting(AckRef::fileKey).containsOnly(ProbeEvents.FILE_KEY);
        assertThat(acked)
                .extracting(AckRef::endOffset)
                .containsExactlyElementsOf(
                        events.stream().map(EndpointEvent::getEndOffset).toList());
        assertThat(meters.get(CollectorMeters.PROBE_RESULTS)
                        .tag("verdict", "CONNECT_REFUSED")
                        .counter()
                        .count())
                .isEqualTo(events.size());
        assertThat(meters.get(CollectorMeters.PROBE_LAST_SECONDS).gauge().value())
                .isEqualTo(events.get(events.size() - 1).getTimestamp().toEpochMilli() / 1000.0);
    }

    @Test
    void shouldShipNothingMoreWhenStoppedDuringARound() throws Exception {
        try (LoopbackServers.Silent silent = new LoopbackServers.Silent()) {
            ProbeSchedule schedule = schedule(config(silent.address().toString(), "1500ms", "0s", "1500ms"));
            schedule.start();
            // the round is under way once the silent server has a connection: wait for the first round instead,
            // then for the second to be under way
            await().atMost(Duration.ofSeconds(30)).until(() -> schedule.rounds() >= 1);
            int before = shipped().size();
            Thread.sleep(1_700); // into the next round's wait for the silent target (a round starts every 1.5 s)
            long t0 = System.nanoTime();
            schedule.close();
            Duration stopping = Duration.ofNanos(System.nanoTime() - t0);
            Thread.sleep(2_000); // longer than the probe's timeout: what the round would ship, it would have by now

            assertThat(shipped()).hasSizeLessThanOrEqualTo(before + 1);
            assertThat(stopping).isLessThan(Duration.ofSeconds(3));
            int after = shipped().size();
            Thread.sleep(2_000);
            assertThat(shipped()).as("no round after the stop").hasSize(after);
        }
    }

    @Test
    void shouldNotScheduleAnythingWhenTheProbeIsOff() {
        Map<String, String> m = new HashMap<>();
        m.put("site", "hel");
        m.put("logs", dir.resolve("none.log").toString());
        m.put("kafka.bootstrap.servers", "127.0.0.1:9");
        m.put("schema.registry.url", "http://127.0.0.1:9/apis/ccompat/v7");
        m.put("probe.enabled", "false");

        assertThat(schedule(CollectorConfig.from(m))).isNull();
    }
}
