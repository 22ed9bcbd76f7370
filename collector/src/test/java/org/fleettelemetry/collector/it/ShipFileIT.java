package org.fleettelemetry.collector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.fleettelemetry.collector.CollectorRuntime;
import org.fleettelemetry.collector.EndpointCollector;
import org.fleettelemetry.collector.parse.ParsedEvent;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.EndpointHeartbeat;
import org.fleettelemetry.schemas.avro.EventKind;
import org.fleettelemetry.stack.junit.KafkaStack;
import org.fleettelemetry.stack.junit.KafkaStackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A 100k-line log through the real collector, broker and registry: every event once, every line in one event. */
@ExtendWith(KafkaStackExtension.class)
class ShipFileIT {
    private static final int LINES = 100_000;
    private static final CollectorSettings.Endpoint ENDPOINT =
            new CollectorSettings.Endpoint("pc-ship-001", "hel-office");

    @TempDir
    Path dir;

    @Test
    void shouldShipEveryEventExactlyOnceWhenAFileOf100kLinesIsCollected(KafkaStack stack) throws Exception {
        long seed = Long.getLong("it.seed", 100_000L);
        System.out.println("ShipFileIT seed " + seed + " (rerun with -Dit.seed=" + seed + ")");
        Topics topics = Topics.create(
                stack, ShipFileIT.class, "shouldShipEveryEventExactlyOnceWhenAFileOf100kLinesIsCollected");
        Path log = dir.resolve("fsscorplug.log");
        int lines = new AgentLogGenerator(seed, LocalDateTime.of(2024, 5, 2, 8, 0)).append(log, LINES);
        long size = Files.size(log);
        Path state = dir.resolve("state");

        long t0 = System.nanoTime();
        try (CollectorRuntime runtime = CollectorRuntime.start(
                List.of(CollectorSettings.of(stack, ENDPOINT, log, state, topics)
                        .config()),
                0)) {
            EndpointCollector collector = runtime.collectors().get(0);
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> collector.tailer().files().stream().anyMatch(f -> f.committedOffset() == size)
                            && collector.isCaughtUp());
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(
                    "ShipFileIT: %d lines (%d bytes) shipped and acknowledged in %.1f s (%.0f lines/s)%n",
                    lines, size, seconds, lines / seconds);

            // a beat after catching up carries the last lines: the beats together account for every line
            TopicReader reader = new TopicReader(stack);
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> reader.readAll(topics.heartbeats(), EndpointHeartbeat.class).stream()
                                    .mapToLong(r -> r.value().getLinesSinceLast())
                                    .sum()
                            >= lines);
            List<ConsumerRecord<String, EndpointHeartbeat>> beats =
                    reader.readAll(topics.heartbeats(), EndpointHeartbeat.class);
            assertThat(beats).allSatisfy(r -> {
                assertThat(r.key()).isEqualTo(ENDPOINT.id());
                assertThat(r.value().getEndpointId()).isEqualTo(ENDPOINT.id());
                assertThat(r.value().getSite()).isEqualTo(ENDPOINT.site());
                assertThat(r.value().getSpoolBytes()).isZero();
            });
            System.out.println("ShipFileIT: " + beats.size() + " heartbeats");
        }

        CheckpointFile.Entry checkpoint = CheckpointFile.of(state, log).orElseThrow();
        assertThat(checkpoint.offset()).as("checkpoint at the end of the file").isEqualTo(size);

        ParsedFile expected = ParsedFile.of(log, ENDPOINT, checkpoint.identity());
        assertThat(expected.lines()).hasSize(lines);
        List<ConsumerRecord<String, EndpointEvent>> records =
                new TopicReader(stack).readAll(topics.events(), EndpointEvent.class);
        System.out.printf(
                "ShipFileIT: %d lines -> %d events expected by the parser, %d records on %s%n",
                lines, expected.events().size(), records.size(), topics.events());

        Map<String, EndpointEvent> shipped = records.stream()
                .map(ConsumerRecord::value)
                .collect(Collectors.toMap(
                        EndpointEvent::getEventId,
                        Function.identity(),
                        (a, b) -> {
                            throw new AssertionError("eventId shipped twice: " + a.getEventId());
                        },
                        LinkedHashMap::new));
        assertThat(records).hasSize(expected.events().size());
        assertThat(records).allSatisfy(r -> assertThat(r.key()).isEqualTo(ENDPOINT.id()));
        Map<String, EndpointEvent> wanted = expected.events().stream()
                .map(ParsedEvent::event)
                .collect(Collectors.toMap(EndpointEvent::getEventId, Function.identity()));
        assertThat(shipped).isEqualTo(wanted);
        assertThat(LineCoverage.violations(expected.lines(), shipped.values())).isEmpty();
        Set<EventKind> kinds = shipped.values().stream()
                .map(EndpointEvent::getKind)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(EventKind.class)));
        assertThat(kinds).as("every kind of the spec is in the file").containsExactlyInAnyOrder(EventKind.values());
    }
}
