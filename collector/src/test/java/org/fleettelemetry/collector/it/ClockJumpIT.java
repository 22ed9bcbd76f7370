package org.fleettelemetry.collector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.fleettelemetry.collector.parse.ParsedEvent;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.EndpointHeartbeat;
import org.fleettelemetry.stack.junit.FaultReport;
import org.fleettelemetry.stack.junit.KafkaStack;
import org.fleettelemetry.stack.junit.KafkaStackExtension;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wall clock jumps back an hour, then forward a day, while the collector runs (the test injects the collector's
 * {@link Clock}; the machine's clock is left alone): heartbeats keep coming, stamped by the clock; checkpoints keep
 * being written; the spool fills and drains across the jump; every event's time is its log line's, the same as an
 * offline parse gives, whatever the clock said.
 */
@ExtendWith(KafkaStackExtension.class)
class ClockJumpIT {
    private static final CollectorSettings.Endpoint ENDPOINT = new CollectorSettings.Endpoint("pc-clock-001", "tku");

    /** The system clock moved by an offset the test sets: a wall clock that jumps while monotonic time runs on. */
    static final class JumpingClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        void jumpTo(Duration fromSystemTime) {
            offset = fromSystemTime;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }

    @TempDir
    Path dir;

    @Test
    void shouldBeatCommitAndSpoolAcrossJumpsWithEventTimesFromTheLines(KafkaStack stack) throws Exception {
        Assumptions.assumeTrue(stack.supportsFaults(), "stopping the broker needs the local stack");
        Topics topics = Topics.create(stack, ClockJumpIT.class, "shouldBeatCommitAndSpoolAcrossJumps");
        Path log = dir.resolve("fsscorplug.log");
        Path state = dir.resolve("state");
        AgentLogGenerator agent = new AgentLogGenerator(66, LocalDateTime.of(2024, 10, 27, 2, 30));
        long lines = agent.append(log, 1_000);
        JumpingClock clock = new JumpingClock();
        TopicReader reader = new TopicReader(stack);
        CollectorSettings settings = CollectorSettings.of(stack, ENDPOINT, log, state, topics)
                .set("kafka.producer.delivery.timeout.ms", "6000")
                .set("kafka.producer.request.timeout.ms", "3000");
        double spooled;
        try (InProcessCollector collector = InProcessCollector.start(settings, clock)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> collector.isCaughtUpWith(log));

            clock.jumpTo(Duration.ofHours(-1));
            lines += agent.append(log, 1_000);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> collector.isCaughtUpWith(log)
                            && CheckpointFile.offset(state, log) == java.nio.file.Files.size(log));
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> beats(reader, topics).stream()
                            .anyMatch(t -> t.isBefore(Instant.now().minus(Duration.ofMinutes(50)))));

            stack.stopBroker();
            try {
                lines += agent.append(log, 1_000);
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> collector.collector().shipper().isSpooling() && collector.hasRead(log));
                clock.jumpTo(Duration.ofDays(1));
                lines += agent.append(log, 500);
                await().atMost(Duration.ofSeconds(30)).until(() -> collector.hasRead(log));
            } finally {
                stack.startBroker();
            }
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> collector.isCaughtUpWith(log)
                            && CheckpointFile.offset(state, log) == java.nio.file.Files.size(log));
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> beats(reader, topics).stream()
                            .anyMatch(t -> t.isAfter(Instant.now().plus(Duration.ofHours(23)))));
            spooled = collector.eventsSpooled();
        }
        assertThat(spooled).as("the spool was used across the jump").isPositive();
        List<Instant> beats = beats(reader, topics);
        long normal = beats.stream()
                .filter(t -> Duration.between(t, Instant.now()).abs().compareTo(Duration.ofMinutes(30)) < 0)
                .count();
        long back = beats.stream()
                .filter(t -> t.isBefore(Instant.now().minus(Duration.ofMinutes(50))))
                .count();
        long forward = beats.stream()
                .filter(t -> t.isAfter(Instant.now().plus(Duration.ofHours(23))))
                .count();
        System.out.printf(
                "ClockJumpIT: heartbeats %d on time, %d an hour back, %d a day ahead%n", normal, back, forward);
        assertThat(normal).isPositive();
        assertThat(CheckpointFile.of(state, log))
                .as("not pruned by the day's jump")
                .isPresent();

        ParsedFile expected = ParsedFile.of(
                log, ENDPOINT, CheckpointFile.of(state, log).orElseThrow().identity());
        List<ConsumerRecord<String, EndpointEvent>> records = reader.readAll(topics.events(), EndpointEvent.class);
        Map<String, EndpointEvent> wanted = expected.events().stream()
                .map(ParsedEvent::event)
                .collect(Collectors.toMap(EndpointEvent::getEventId, Function.identity()));
        Map<String, EndpointEvent> shipped = new HashMap<>();
        records.forEach(r -> shipped.putIfAbsent(r.value().getEventId(), r.value()));
        assertThat(shipped)
                .as("every event, with the time of its log line (equal to the offline parse)")
                .isEqualTo(wanted);
        long lost =
                wanted.keySet().stream().filter(id -> !shipped.containsKey(id)).count();
        new FaultReport(
                        "wall clock back 1 h, then forward 1 day, broker stopped across the jump",
                        lines,
                        shipped.size(),
                        records.size() - shipped.size(),
                        lost,
                        0,
                        "lines in, distinct events out, every event time from its line; heartbeats " + normal
                                + " on time, " + back + " an hour back, " + forward + " a day ahead; "
                                + (long) spooled + " events spooled")
                .publish();
    }

    private static List<Instant> beats(TopicReader reader, Topics topics) {
        return reader.readAll(topics.heartbeats(), EndpointHeartbeat.class).stream()
                .map(r -> r.value().getTimestamp())
                .toList();
    }
}
