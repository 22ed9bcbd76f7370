package org.fleettelemetry.collector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.fleettelemetry.collector.parse.ParsedEvent;
import org.fleettelemetry.collector.tail.LineReader;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.LogFile;
import org.fleettelemetry.stack.junit.FaultReport;
import org.fleettelemetry.stack.junit.KafkaStack;
import org.fleettelemetry.stack.junit.KafkaStackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A line without end (100 MB without a newline) and a binary file, both matched by the collector's glob, next to
 * the agent's live log: the collector (a child JVM with the endpoint's flags) stays within its RSS target, the live
 * log keeps shipping while the long line is being written, and the long line ends up as one event, its first 64 KiB
 * kept with a marker.
 */
@ExtendWith(KafkaStackExtension.class)
class LineWithoutEndIT {
    private static final CollectorSettings.Endpoint ENDPOINT = new CollectorSettings.Endpoint("pc-longline-001", "hel");
    private static final long LONG_LINE_BYTES = Long.getLong("it.longline.bytes", 100L << 20);
    /** The collector's RSS target on an endpoint (deploy/CAPACITY.md, BENCHMARKS.md). */
    private static final long RSS_TARGET = 96L << 20;

    @TempDir
    Path dir;

    @Test
    void shouldKeepMemoryBoundedAndOtherFilesShippingWhenALineHasNoEnd(KafkaStack stack) throws Exception {
        Topics topics = Topics.create(stack, LineWithoutEndIT.class, "shouldKeepMemoryBounded");
        Path logs = Files.createDirectory(dir.resolve("logs"));
        Path live = logs.resolve("fsscorplug.log");
        Path endless = logs.resolve("spplug.log");
        Path binary = logs.resolve("deepguard.log");
        AgentLogGenerator agent = new AgentLogGenerator(55, LocalDateTime.of(2024, 8, 1, 9, 0));
        long lines = agent.append(live, 500);
        byte[] noise = new byte[4 << 20];
        new Random(55).nextBytes(noise);
        // ends with a newline: an unterminated last line, binary or not, waits for its end (or the file's rotation)
        noise[noise.length - 1] = '\n';
        Files.write(binary, noise);
        Files.writeString(endless, "2024-08-01 09:00:00.000 [0a10.0b20] I: fs::x: before the long line\n");
        Path state = dir.resolve("state");
        Path config = CollectorSettings.of(stack, ENDPOINT, live, state, topics)
                .set("logs", logs.toAbsolutePath() + "/*.log")
                .writeTo(dir.resolve("collector.properties"));
        AtomicLong maxRss = new AtomicLong();
        long liveEventsWhileWriting;
        try (CollectorProcess collector = CollectorProcess.startAsOnEndpoint(config, dir.resolve("collector.out"))) {
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> alive(collector, maxRss) && CheckpointFile.offset(state, live) == Files.size(live));
            TopicReader reader = new TopicReader(stack);
            long before = reader.endOffset(topics.events());
            // 100 MB without a newline, a MiB at a time, while the agent's live log goes on
            byte[] block = new byte[1 << 20];
            Arrays.fill(block, (byte) 'x');
            try (OutputStream out = Files.newOutputStream(endless, StandardOpenOption.APPEND)) {
                for (long written = 0; written < LONG_LINE_BYTES; written += block.length) {
                    out.write(block, 0, (int) Math.min(block.length, LONG_LINE_BYTES - written));
                    out.flush();
                    if (written % (10 << 20) == 0) {
                        lines += agent.append(live, 50);
                        alive(collector, maxRss);
                    }
                }
            }
            long size = Files.size(live);
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> alive(collector, maxRss) && CheckpointFile.offset(state, live) == size);
            liveEventsWhileWriting = reader.endOffset(topics.events()) - before;
            assertThat(CheckpointFile.offset(state, endless))
                    .as("the unfinished long line is not committed")
                    .isLessThan(Files.size(endless));
            Files.writeString(
                    endless, "\n2024-08-01 09:00:01.000 [0a10.0b20] I: fs::x: after it\n", StandardOpenOption.APPEND);
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> alive(collector, maxRss)
                            && CheckpointFile.offset(state, endless) == Files.size(endless)
                            && CheckpointFile.offset(state, binary) == Files.size(binary));
            collector.stop();
        }
        System.out.printf(
                "LineWithoutEndIT: %d live events shipped while %d MB without a newline were written; max RSS %.1f MiB%n",
                liveEventsWhileWriting, LONG_LINE_BYTES >> 20, maxRss.get() / 1048576.0);
        assertThat(liveEventsWhileWriting).as("the live log kept shipping").isPositive();
        assertThat(maxRss.get()).as("collector RSS").isLessThanOrEqualTo(RSS_TARGET);

        List<ParsedEvent> expected = new ArrayList<>();
        long totalLines = 0;
        for (Path file : List.of(live, endless, binary)) {
            ParsedFile parsed = ParsedFile.of(
                    file, ENDPOINT, CheckpointFile.of(state, file).orElseThrow().identity());
            expected.addAll(parsed.events());
            totalLines += parsed.lines().size();
        }
        List<ConsumerRecord<String, EndpointEvent>> records =
                new TopicReader(stack).readAll(topics.events(), EndpointEvent.class);
        Map<String, EndpointEvent> wanted = expected.stream()
                .map(ParsedEvent::event)
                .map(LineWithoutEndIT::withoutReadTime)
                .collect(Collectors.toMap(EndpointEvent::getEventId, Function.identity()));
        Map<String, EndpointEvent> shipped = new HashMap<>();
        records.forEach(r -> shipped.putIfAbsent(r.value().getEventId(), withoutReadTime(r.value())));
        assertThat(shipped).as("every event once at least, none invented").isEqualTo(wanted);
        String marker = LineReader.cutMarker(LONG_LINE_BYTES, LineReader.DEFAULT_MAX_LINE_BYTES);
        assertThat(shipped.values())
                .filteredOn(e -> e.toString().contains(marker))
                .as("the long line, cut, with its marker")
                .hasSize(1);
        long lost =
                wanted.keySet().stream().filter(id -> !shipped.containsKey(id)).count();
        new FaultReport(
                        "a 100 MB line without a newline and a 4 MiB binary file in the glob",
                        totalLines,
                        shipped.size(),
                        records.size() - shipped.size(),
                        lost,
                        0,
                        "lines in (as the reader splits them; the long line is one), distinct events out; the long line"
                                + " kept as its first 64 KiB and a marker; max collector RSS "
                                + String.format("%.1f MiB", maxRss.get() / 1048576.0) + " (target 96), endpoint JVM"
                                + " flags; " + liveEventsWhileWriting + " live events shipped while it was written")
                .publish();
        assertThat(totalLines).isGreaterThan(lines);
    }

    /**
     * The binary file has no line with a time, so its events carry the time they were read (documented in
     * EntryAssembler), which differs between the collector and the offline parse: compared without it.
     */
    private static EndpointEvent withoutReadTime(EndpointEvent event) {
        return event.getLogFile() == LogFile.DEEPGUARD
                ? EndpointEvent.newBuilder(event).setTimestamp(Instant.EPOCH).build()
                : event;
    }

    private static boolean alive(CollectorProcess collector, AtomicLong maxRss) {
        assertThat(collector.isAlive())
                .as("the collector runs\n%s", collector.tail(30))
                .isTrue();
        maxRss.accumulateAndGet(collector.rssBytes(), Math::max);
        return true;
    }
}
