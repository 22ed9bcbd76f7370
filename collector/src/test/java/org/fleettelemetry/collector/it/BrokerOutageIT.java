package org.fleettelemetry.collector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.fleettelemetry.collector.parse.ParsedEvent;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.stack.junit.FaultReport;
import org.fleettelemetry.stack.junit.KafkaStack;
import org.fleettelemetry.stack.junit.KafkaStackExtension;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker stopped while the agent keeps writing: the collector spools to disk, and once the broker is
 * back the spool is replayed, nothing lost.
 */
@ExtendWith(KafkaStackExtension.class)
class BrokerOutageIT {
    private static final CollectorSettings.Endpoint ENDPOINT =
            new CollectorSettings.Endpoint("pc-outage-001", "hel-dc");
    /**
     * The outage lasts at least this long: longer than the producer's delivery timeout below, several replay attempts.
     * The fault suite ({@code bench/faults}) asks for 5 minutes with {@code -Dit.outage.seconds=300}.
     */
    private static final Duration MIN_OUTAGE = Duration.ofSeconds(Long.getLong("it.outage.seconds", 15));
    /** While the broker is down the agent keeps writing, this many lines a second. */
    private static final int LINES_PER_SECOND_WHILE_DOWN = 100;

    @TempDir
    Path dir;

    @Test
    void shouldSpoolWhileTheBrokerIsDownAndReplayEverythingWhenItIsBack(KafkaStack stack) throws Exception {
        Assumptions.assumeTrue(stack.supportsFaults(), "stopping the broker needs the local stack");
        long seed = Long.getLong("it.seed", 15L);
        System.out.println("BrokerOutageIT seed " + seed + " (rerun with -Dit.seed=" + seed + ")");
        Topics topics = Topics.create(stack, BrokerOutageIT.class, "shouldSpoolWhileTheBrokerIsDown");
        Path log = dir.resolve("fsscorplug.log");
        Path state = dir.resolve("state");
        AgentLogGenerator agent = new AgentLogGenerator(seed, LocalDateTime.of(2024, 7, 1, 12, 0));
        long lines = agent.append(log, 3_000);
        // an unreachable broker must reach the spool within seconds, not the default 30 s delivery timeout
        CollectorSettings settings = CollectorSettings.of(stack, ENDPOINT, log, state, topics)
                .set("kafka.producer.delivery.timeout.ms", "6000")
                .set("kafka.producer.request.timeout.ms", "3000");

        long downFor;
        long spooledEvents;
        try (InProcessCollector collector = InProcessCollector.start(settings)) {
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> collector.isCaughtUpWith(log));

            stack.stopBroker();
            long down = System.nanoTime();
            lines += agent.append(log, 2_000);
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> collector.collector().shipper().isSpooling()
                            && collector.spoolBytes() > 0
                            && collector.hasRead(log));
            // written while spooling: straight to the spool, as the agent goes on writing for the whole outage
            lines += agent.append(log, 2_000);
            while (System.nanoTime() - down < MIN_OUTAGE.toNanos()) {
                Thread.sleep(1_000); // the agent's pace, not a wait for the collector
                lines += agent.append(log, LINES_PER_SECOND_WHILE_DOWN);
            }
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> collector.hasRead(log));
            assertThat(collector.collector().shipper().isSpooling()).isTrue();
            assertThat(collector.isCaughtUpWith(log))
                    .as("nothing is committed that Kafka does not have")
                    .isFalse();
            spooledEvents = (long) collector.eventsSpooled();
            System.out.printf(
                    "BrokerOutageIT: broker down, %s, %d events spooled%n", collector.describe(), spooledEvents);
            stack.startBroker();
            downFor = (System.nanoTime() - down) / 1_000_000;

            long up = System.nanoTime();
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> collector.isCaughtUpWith(log));
            System.out.printf(
                    "BrokerOutageIT: broker down for %d ms; spool replayed and caught up %.1f s after it was back%n",
                    downFor, (System.nanoTime() - up) / 1e9);
            assertThat(collector.spoolBytes()).isZero();
        }
        assertThat(spooledEvents).isPositive();

        ParsedFile expected = ParsedFile.of(
                log, ENDPOINT, CheckpointFile.of(state, log).orElseThrow().identity());
        assertThat(expected.lines()).hasSize((int) lines);
        assertThat(CheckpointFile.offset(state, log)).isEqualTo(expected.endOffset());
        List<ConsumerRecord<String, EndpointEvent>> records =
                new TopicReader(stack).readAll(topics.events(), EndpointEvent.class);
        Map<String, EndpointEvent> wanted = expected.events().stream()
                .map(ParsedEvent::event)
                .collect(Collectors.toMap(EndpointEvent::getEventId, Function.identity()));
        Map<String, EndpointEvent> shipped = new HashMap<>();
        for (ConsumerRecord<String, EndpointEvent> record : records) {
            EndpointEvent earlier = shipped.putIfAbsent(record.value().getEventId(), record.value());
            assertThat(earlier == null || earlier.equals(record.value()))
                    .as("copies of %s are equal", record.value().getEventId())
                    .isTrue();
        }
        System.out.printf(
                "BrokerOutageIT: %d lines, %d events, %d records (%d duplicates), %d spooled%n",
                lines, wanted.size(), records.size(), records.size() - shipped.size(), spooledEvents);
        assertThat(shipped).as("every event once at least, none invented").isEqualTo(wanted);
        assertThat(LineCoverage.violations(expected.lines(), shipped.values())).isEmpty();
        assertThat(records.size() - shipped.size()).as("duplicates").isLessThanOrEqualTo((int) spooledEvents);
        new FaultReport(
                        "broker stopped " + downFor / 1000 + " s mid-stream",
                        lines,
                        shipped.size(),
                        records.size() - shipped.size(),
                        wanted.keySet().stream()
                                .filter(id -> !shipped.containsKey(id))
                                .count(),
                        0,
                        "lines in, events out (distinct eventIds); " + spooledEvents
                                + " events went through the disk spool")
                .publish();
    }
}
