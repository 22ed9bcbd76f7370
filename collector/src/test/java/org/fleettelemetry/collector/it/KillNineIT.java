package org.fleettelemetry.collector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.fleettelemetry.collector.parse.ParsedEvent;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.EventKind;
import org.fleettelemetry.stack.junit.FaultReport;
import org.fleettelemetry.stack.junit.KafkaStack;
import org.fleettelemetry.stack.junit.KafkaStackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector as a child JVM, killed with SIGKILL at several points and restarted on the same state
 * directory, with lines appended while it is down. Nothing may be lost; the only duplicates allowed are
 * the events a run shipped past the checkpoint it had committed when it was killed, re-sent by the next
 * run with the same eventId and content.
 */
@ExtendWith(KafkaStackExtension.class)
class KillNineIT {
    /** The file's first lines; the fault suite ({@code bench/faults}) asks for 1M with {@code -Dit.kill.lines}. */
    private static final int LINES = Integer.getInteger("it.kill.lines", 300_000);

    private static final int APPENDED_PER_RESTART = 5_000;
    /** How many SIGKILLs; the fault suite asks for 20 with {@code -Dit.kills}. */
    private static final int KILLS = Integer.getInteger("it.kills", 3);

    private static final CollectorSettings.Endpoint ENDPOINT =
            new CollectorSettings.Endpoint("pc-kill-001", "tku-office");

    @TempDir
    Path dir;

    /** A SIGKILL: how far the topic and the committed checkpoint were. */
    record Kill(int run, long recordsOnTopic, long checkpoint) {}

    @Test
    void shouldLoseNoLineAndResendOnlyTheUncommittedTailWhenKilledWithSigkillAndRestarted(KafkaStack stack)
            throws Exception {
        long seed = Long.getLong("it.seed", 300_000L);
        System.out.println("KillNineIT seed " + seed + " (rerun with -Dit.seed=" + seed + ")");
        Topics topics = Topics.create(stack, KillNineIT.class, "shouldLoseNoLineAndResendOnlyTheUncommittedTail");
        Path log = dir.resolve("fsscorplug.log");
        Path state = dir.resolve("state");
        AgentLogGenerator agent = new AgentLogGenerator(seed, LocalDateTime.of(2024, 5, 6, 7, 30));
        long lines = agent.append(log, LINES);
        long eventsInFile = ParsedFile.of(log, ENDPOINT, "count").events().size();
        Path config =
                CollectorSettings.of(stack, ENDPOINT, log, state, topics).writeTo(dir.resolve("collector.properties"));
        TopicReader reader = new TopicReader(stack);

        double[] killAt = killPoints(seed, KILLS);
        System.out.println("KillNineIT: " + KILLS + " kills once the topic holds these shares of the file's events: "
                + Arrays.toString(killAt));
        long t0 = System.nanoTime();
        List<Kill> kills = new ArrayList<>();
        for (int k = 0; k < killAt.length; k++) {
            int run = k;
            long target = Math.max(1, (long) (killAt[run] * eventsInFile));
            try (CollectorProcess collector = CollectorProcess.start(config, dir.resolve("run-" + run + ".log"))) {
                await().atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> {
                            assertThat(collector.isAlive())
                                    .as("collector run %d alive\n%s", run, collector.tail(30))
                                    .isTrue();
                            return reader.endOffset(topics.events()) >= target;
                        });
                collector.kill();
            }
            Kill kill = new Kill(run, reader.endOffset(topics.events()), CheckpointFile.offset(state, log));
            kills.add(kill);
            System.out.printf(
                    "KillNineIT: SIGKILL run %d with %d records on the topic, checkpoint %d of %d bytes%n",
                    run, kill.recordsOnTopic(), kill.checkpoint(), Files.size(log));
            lines += agent.append(log, APPENDED_PER_RESTART);
        }
        long size = Files.size(log);
        try (CollectorProcess collector = CollectorProcess.start(config, dir.resolve("run-last.log"))) {
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        assertThat(collector.isAlive())
                                .as("last collector run alive\n%s", collector.tail(30))
                                .isTrue();
                        return CheckpointFile.offset(state, log) == size;
                    });
            collector.stop();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        for (int i = 1; i < kills.size(); i++) {
            assertThat(kills.get(i).checkpoint())
                    .as("a restart never loses committed progress")
                    .isGreaterThanOrEqualTo(kills.get(i - 1).checkpoint());
        }

        String identity = CheckpointFile.of(state, log).orElseThrow().identity();
        ParsedFile expected = ParsedFile.of(log, ENDPOINT, identity);
        assertThat(expected.lines()).hasSize((int) lines);
        List<ConsumerRecord<String, EndpointEvent>> records = reader.readAll(topics.events(), EndpointEvent.class);
        assertThat(records)
                .extracting(ConsumerRecord::partition)
                .as("one key, one partition, one order")
                .containsOnly(records.get(0).partition());

        Set<Long> restartPoints = kills.stream().map(Kill::checkpoint).collect(Collectors.toSet());
        Map<String, EndpointEvent> wanted = expected.events().stream()
                .map(ParsedEvent::event)
                .collect(Collectors.toMap(EndpointEvent::getEventId, Function.identity()));
        Map<String, EndpointEvent> first = new HashMap<>();
        List<String> differences = new ArrayList<>();
        for (ConsumerRecord<String, EndpointEvent> record : records) {
            EndpointEvent event = record.value();
            EndpointEvent earlier = first.putIfAbsent(event.getEventId(), event);
            EndpointEvent reference = earlier != null ? earlier : wanted.get(event.getEventId());
            if (reference != null
                    && !reference.equals(event)
                    && !isReparsedRestartPoint(event, reference, restartPoints)) {
                differences.add(event + " differs from " + reference);
            }
        }
        assertThat(first.keySet()).as("no event lost, none invented").isEqualTo(wanted.keySet());
        assertThat(differences)
                .as("copies of an eventId carry the same content")
                .isEmpty();
        assertThat(LineCoverage.violations(expected.lines(), first.values())).isEmpty();

        List<Segment> segments = Segment.split(records);
        long duplicates = records.size() - first.size();
        System.out.printf(
                "KillNineIT: %d lines, %d events, %d records, %d duplicates, %d kills, %.1f s%n",
                lines, wanted.size(), records.size(), duplicates, kills.size(), seconds);
        // A run may be killed before it re-sent all that an earlier run shipped past its checkpoint, and a later run
        // then sends those again: a re-send is checked against everything shipped before it, not only the run before.
        Map<String, Long> shippedBefore = new HashMap<>();
        segments.get(0).events().forEach(e -> shippedBefore.put(e.getEventId(), LineCoverage.startOffset(e)));
        long furthest = segments.get(0).lastOffset();
        long resent = 0;
        for (int i = 1; i < segments.size(); i++) {
            Segment after = segments.get(i);
            long restartedAt = after.firstOffset();
            assertThat(restartPoints)
                    .as("a restart resumes at a checkpoint committed before a kill")
                    .contains(restartedAt);
            long shippedPastCheckpoint = shippedBefore.values().stream()
                    .filter(offset -> offset >= restartedAt)
                    .count();
            long resentHere = after.events().stream()
                    .filter(e -> shippedBefore.containsKey(e.getEventId()))
                    .count();
            System.out.printf(
                    "KillNineIT: restart at checkpoint %d: %d events had been shipped past it, %d re-sent%n",
                    restartedAt, shippedPastCheckpoint, resentHere);
            assertThat(resentHere).isLessThanOrEqualTo(shippedPastCheckpoint);
            if (after.lastOffset() >= furthest) {
                assertThat(resentHere)
                        .as("a run that got past everything shipped before re-sent all of it")
                        .isEqualTo(shippedPastCheckpoint);
            }
            after.events().forEach(e -> shippedBefore.putIfAbsent(e.getEventId(), LineCoverage.startOffset(e)));
            furthest = Math.max(furthest, after.lastOffset());
            resent += resentHere;
        }
        assertThat(resent)
                .as("every duplicate is a re-send right after a restart")
                .isEqualTo(duplicates);
        new FaultReport(
                        "collector kill -9 x" + kills.size() + ", " + lines + " lines",
                        lines,
                        first.size(),
                        duplicates,
                        wanted.keySet().stream()
                                .filter(id -> !first.containsKey(id))
                                .count(),
                        0,
                        "lines in, events out (distinct eventIds); seed " + seed + ", "
                                + String.format("%.0f s", seconds))
                .publish();
    }

    /**
     * The shares of the file's events on the topic at which each run is killed: for three, the first as soon as any
     * event is there, then half-way and near the end; for more, sorted random shares from the test's seed.
     */
    static double[] killPoints(long seed, int kills) {
        if (kills == 3) {
            return new double[] {0.0, 0.5, 0.9};
        }
        Random random = new Random(seed);
        double[] points = new double[kills];
        for (int i = 0; i < kills; i++) {
            points[i] = random.nextDouble() * 0.95;
        }
        Arrays.sort(points);
        return points;
    }

    /**
     * An UNPARSED entry without a time of its own takes the time of the line before it; a run that starts
     * reading at that entry has no line before it and stamps the time it read it instead. Only the timestamp
     * may differ, and only there.
     */
    private static boolean isReparsedRestartPoint(
            EndpointEvent event, EndpointEvent reference, Set<Long> restartPoints) {
        return event.getKind() == EventKind.UNPARSED
                && restartPoints.contains(LineCoverage.startOffset(event))
                && EndpointEvent.newBuilder(event)
                        .setTimestamp(reference.getTimestamp())
                        .build()
                        .equals(reference);
    }

    /** The records one run shipped: file offsets rise within a run and fall back where a restart re-reads. */
    record Segment(List<EndpointEvent> events) {
        static List<Segment> split(List<ConsumerRecord<String, EndpointEvent>> records) {
            List<Segment> segments = new ArrayList<>();
            List<EndpointEvent> current = new ArrayList<>();
            long previous = -1;
            for (ConsumerRecord<String, EndpointEvent> record : records) {
                long offset = LineCoverage.startOffset(record.value());
                if (offset <= previous) {
                    segments.add(new Segment(current));
                    current = new ArrayList<>();
                }
                current.add(record.value());
                previous = offset;
            }
            segments.add(new Segment(current));
            return segments;
        }

        long firstOffset() {
            return LineCoverage.startOffset(events.get(0));
        }

        long lastOffset() {
            return LineCoverage.startOffset(events.get(events.size() - 1));
        }
    }
}
