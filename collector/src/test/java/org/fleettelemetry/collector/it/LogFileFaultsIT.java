package org.fleettelemetry.collector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.fleettelemetry.collector.parse.ParsedEvent;
import org.fleettelemetry.collector.tail.TailedFile;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.stack.junit.FaultReport;
import org.fleettelemetry.stack.junit.KafkaStack;
import org.fleettelemetry.stack.junit.KafkaStackExtension;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's log file truncated, replaced or deleted under the collector, while it runs (with Kafka away) and while
 * it is stopped: no crash, every line that was in a file when the collector could read it ends up in exactly one
 * distinct event, duplicates only re-sends of the same eventId, and what the agent removed before it was read is
 * counted and reported ({@code collector.unread.truncated.bytes}), not skipped silently.
 */
@ExtendWith(KafkaStackExtension.class)
class LogFileFaultsIT {
    private static final CollectorSettings.Endpoint ENDPOINT = new CollectorSettings.Endpoint("pc-files-001", "ber");

    @TempDir
    Path dir;

    @Test
    void shouldShipBothHalvesOnceWhenTheAgentCopyTruncatesWhileKafkaIsDown(KafkaStack stack) throws Exception {
        Assumptions.assumeTrue(stack.supportsFaults(), "stopping the broker needs the local stack");
        Topics topics = Topics.create(stack, LogFileFaultsIT.class, "copytruncate");
        Path log = dir.resolve("fsscorplug.log");
        Path copy = dir.resolve("fsscorplug.log.copy");
        AgentLogGenerator agent = new AgentLogGenerator(31, LocalDateTime.of(2024, 4, 2, 10, 0));
        long lines = agent.append(log, 2_000);
        String oldId;
        String newId;
        long lost;
        double spooled;
        try (InProcessCollector collector = InProcessCollector.start(fastFailing(stack, log, topics))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> collector.isCaughtUpWith(log));
            oldId = identity(collector, log);
            stack.stopBroker();
            try {
                lines += agent.append(log, 3_000);
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> collector.collector().shipper().isSpooling() && collector.hasRead(log));
                copyTruncate(log, copy);
                lines += agent.append(log, 1_000);
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> !identity(collector, log).equals(oldId) && collector.hasRead(log));
            } finally {
                stack.startBroker();
            }
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> collector.isCaughtUpWith(log));
            newId = identity(collector, log);
            lost = collector.collector().tailer().lostBytes();
            spooled = collector.eventsSpooled();
        }
        assertThat(lost).as("everything was read before the truncation").isZero();
        List<ParsedEvent> expected =
                new ArrayList<>(ParsedFile.of(copy, ENDPOINT, oldId).events());
        expected.addAll(ParsedFile.of(log, ENDPOINT, newId).events());
        Shipped shipped = Shipped.compare(stack, topics, expected);
        assertThat(shipped.duplicates()).as("duplicates").isLessThanOrEqualTo((long) spooled);
        shipped.report(
                "agent copytruncate while Kafka is down",
                lines,
                "lines in (the copy and the new file), distinct events out; 0 bytes truncated unread; " + (long) spooled
                        + " events spooled");
    }

    @Test
    void shouldCountWhatTheAgentTruncatedAwayBeforeItWasRead(KafkaStack stack) throws Exception {
        Assumptions.assumeTrue(stack.supportsFaults(), "stopping the broker needs the local stack");
        Topics topics = Topics.create(stack, LogFileFaultsIT.class, "truncatedunread");
        Path log = dir.resolve("fsscorplug.log");
        Path copy = dir.resolve("fsscorplug.log.copy");
        AgentLogGenerator agent = new AgentLogGenerator(32, LocalDateTime.of(2024, 4, 3, 10, 0));
        long lines = agent.append(log, 1_000);
        String oldId;
        String newId;
        long lostBytes;
        long readTo;
        // a spool of 1 MiB (the least allowed) fills while Kafka is away: reading stops, the agent's file grows on
        CollectorSettings settings = fastFailing(stack, log, topics).set("spool.max.bytes", "1m");
        try (InProcessCollector collector = InProcessCollector.start(settings)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> collector.isCaughtUpWith(log));
            oldId = identity(collector, log);
            TailedFile oldFile = collector.collector().tailer().files().get(0);
            stack.stopBroker();
            try {
                lines += agent.append(log, 30_000);
                await().atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> collector.spoolBytes() > 1_000_000);
                assertThat(collector.hasRead(log))
                        .as("reading stopped at the full spool")
                        .isFalse();
                long written = Files.size(log);
                // the collector looks at the file's size while it waits (about every second): once it saw all the
                // agent wrote, the truncation takes away a known amount
                await().atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> oldFile.size() == written);
                copyTruncate(log, copy);
                lines += agent.append(log, 500);
            } finally {
                stack.startBroker();
            }
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> !identity(collector, log).equals(oldId)
                            && collector.isCaughtUpWith(log)
                            && oldFile.isClosed()
                            && oldFile.offsets().unackedCount() == 0);
            newId = identity(collector, log);
            lostBytes = collector.collector().tailer().lostBytes();
            readTo = oldFile.readOffset();
            assertThat(oldFile.offsets().committable())
                    .as("the old file committed as far as it was read")
                    .isEqualTo(readTo);
        }
        ParsedFile old = ParsedFile.of(copy, ENDPOINT, oldId);
        long truncatedLines =
                old.lines().stream().filter(l -> l.startOffset() >= readTo).count();
        System.out.printf(
                "LogFileFaultsIT: old file read to %d of %d bytes; %d bytes (%d lines) truncated away unread, %d"
                        + " reported%n",
                readTo, Files.size(copy), Files.size(copy) - readTo, truncatedLines, lostBytes);
        assertThat(truncatedLines)
                .as("the agent removed lines before they were read")
                .isPositive();
        assertThat(lostBytes).as("reported exactly").isEqualTo(Files.size(copy) - readTo);

        // what the collector could read of the old file is its first readTo bytes: parsed as a file of its own (the
        // entry at the cut ends there, as the collector's did when the file closed, even if the copy continues it)
        Path readable = Files.createDirectory(dir.resolve("readable")).resolve(log.getFileName());
        try (var in = Files.newInputStream(copy)) {
            Files.write(readable, in.readNBytes((int) readTo));
        }
        List<ParsedEvent> expected =
                new ArrayList<>(ParsedFile.of(readable, ENDPOINT, oldId).events());
        expected.addAll(ParsedFile.of(log, ENDPOINT, newId).events());
        Shipped shipped = Shipped.compare(stack, topics, expected);
        shipped.report(
                "agent copytruncate while reading was stopped (spool full, Kafka down)",
                lines - truncatedLines,
                "lines in that the collector could read, distinct events out; " + truncatedLines + " more lines ("
                        + lostBytes + " bytes) truncated away by the agent unread: reported in"
                        + " collector.unread.truncated.bytes and a WARN");
    }

    @Test
    void shouldFinishAFileRotatedWhileStoppedAndReadOneDeletedWhileRunning(KafkaStack stack) throws Exception {
        Topics topics = Topics.create(stack, LogFileFaultsIT.class, "rotatedwhilestopped");
        Path log = dir.resolve("fsscorplug.log");
        Path rotated = dir.resolve("fsscorplug.log.1");
        Path deleted = dir.resolve("spplug.log");
        AgentLogGenerator agent = new AgentLogGenerator(33, LocalDateTime.of(2024, 4, 4, 10, 0));
        long lines = agent.append(log, 2_000);
        CollectorSettings settings = CollectorSettings.of(stack, ENDPOINT, log, dir.resolve("state"), topics)
                .set("logs", log.toAbsolutePath() + "," + deleted.toAbsolutePath());
        String oldId;
        try (InProcessCollector collector = InProcessCollector.start(settings)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> collector.isCaughtUpWith(log));
            oldId = identity(collector, log);
        }
        lines += agent.append(log, 700); // written after the stop: only in the rotated file
        Files.move(log, rotated);
        lines += agent.append(log, 400);
        String newId;
        String deletedId;
        List<ParsedEvent> deletedEvents;
        try (InProcessCollector collector = InProcessCollector.start(settings)) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> collector.isCaughtUpWith(log)
                            && CheckpointFile.offset(dir.resolve("state"), rotated) == Files.size(rotated));
            newId = identity(collector, log);
            lines += agent.append(deleted, 1_500);
            await().atMost(Duration.ofSeconds(60)).until(() -> hasOpened(collector, deleted));
            deletedId = identity(collector, deleted);
            // parsed before it goes: the expectation needs its content, the collector has only its open channel
            deletedEvents = ParsedFile.of(deleted, ENDPOINT, deletedId).events();
            Files.delete(deleted);
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> !hasOpened(collector, deleted)
                            && collector.collector().unackedEvents() == 0
                            && !collector.collector().shipper().isSpooling());
        }
        List<ParsedEvent> expected =
                new ArrayList<>(ParsedFile.of(rotated, ENDPOINT, oldId).events());
        expected.addAll(ParsedFile.of(log, ENDPOINT, newId).events());
        expected.addAll(deletedEvents);
        Shipped shipped = Shipped.compare(stack, topics, expected);
        assertThat(shipped.duplicates()).as("clean stops re-send nothing").isZero();
        shipped.report(
                "log rotated by rename while the collector was stopped; another deleted while read",
                lines,
                "lines in (rotated file finished from its checkpoint, new file, deleted file read through its open"
                        + " handle), distinct events out");
    }

    private static CollectorSettings fastFailing(KafkaStack stack, Path log, Topics topics) {
        // an unreachable broker must reach the spool within seconds, not the default 30 s delivery timeout
        return CollectorSettings.of(stack, ENDPOINT, log, log.resolveSibling("state"), topics)
                .set("kafka.producer.delivery.timeout.ms", "6000")
                .set("kafka.producer.request.timeout.ms", "3000");
    }

    /** What logrotate's copytruncate does: copy the file, then truncate the original in place (same inode). */
    private static void copyTruncate(Path log, Path copy) throws Exception {
        Files.copy(log, copy);
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
            channel.truncate(0);
        }
    }

    private static boolean hasOpened(InProcessCollector collector, Path file) {
        return collector.collector().tailer().files().stream()
                .anyMatch(f -> f.path().equals(file.toAbsolutePath()));
    }

    private static String identity(InProcessCollector collector, Path file) {
        return collector.collector().tailer().files().stream()
                .filter(f -> f.path().equals(file.toAbsolutePath()))
                .map(TailedFile::identity)
                .map(i -> i.asString())
                .findFirst()
                .orElse("");
    }

    /** The topic held against the expected events: distinct ids, duplicates (equal copies only), lost. */
    record Shipped(long events, long records, long duplicates, long lost) {
        static Shipped compare(KafkaStack stack, Topics topics, List<ParsedEvent> expected) {
            List<ConsumerRecord<String, EndpointEvent>> records =
                    new TopicReader(stack).readAll(topics.events(), EndpointEvent.class);
            Map<String, EndpointEvent> wanted = expected.stream()
                    .map(ParsedEvent::event)
                    .collect(Collectors.toMap(EndpointEvent::getEventId, Function.identity()));
            Map<String, EndpointEvent> shipped = new HashMap<>();
            for (ConsumerRecord<String, EndpointEvent> record : records) {
                EndpointEvent earlier = shipped.putIfAbsent(record.value().getEventId(), record.value());
                assertThat(earlier == null || earlier.equals(record.value()))
                        .as("copies of %s are equal", record.value().getEventId())
                        .isTrue();
            }
            long lost = wanted.keySet().stream()
                    .filter(id -> !shipped.containsKey(id))
                    .count();
            assertThat(shipped.keySet())
                    .as("every event once at least, none invented")
                    .isEqualTo(wanted.keySet());
            return new Shipped(shipped.size(), records.size(), records.size() - shipped.size(), lost);
        }

        void report(String scenario, long lines, String notes) {
            System.out.printf(
                    "LogFileFaultsIT: %s: %d lines, %d events, %d records (%d duplicates), %d lost%n",
                    scenario, lines, events, records, duplicates, lost);
            new FaultReport(scenario, lines, events, duplicates, lost, 0, notes).publish();
        }
    }
}
