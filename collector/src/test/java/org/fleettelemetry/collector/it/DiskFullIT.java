package org.fleettelemetry.collector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
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
 * Issue #22 as measured: the collector's {@code state.dir} on a 2 MiB tmpfs, the broker stopped, 100,000 healthy
 * lines appended, the broker started again 50 s later. The spool's disk fills long before {@code spool.max.bytes}:
 * reading must stop (the lines wait in the agent's file), and once the broker is back the spool drains, space
 * returns, reading resumes, and every line ends up on the topic as one distinct event, without a restart (the same
 * process, run with the endpoint's JVM flags) and without flooding its own log.
 */
@ExtendWith(KafkaStackExtension.class)
class DiskFullIT {
    private static final CollectorSettings.Endpoint ENDPOINT =
            new CollectorSettings.Endpoint("pc-diskfull-001", "hel-dc");
    /** The figures; {@code -Dit.diskfull.lines} and {@code -Dit.diskfull.outage.seconds} change them. */
    private static final int LINES = Integer.getInteger("it.diskfull.lines", 100_000);

    private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("it.diskfull.outage.seconds", 50));
    private static final int MAX_OWN_LOG_LINES = 100;

    @TempDir
    Path dir;

    @Test
    void shouldStopReadingWhileTheStateDiskIsFullAndShipEveryLineOnceBrokerAndSpaceAreBack(KafkaStack stack)
            throws Exception {
        Assumptions.assumeTrue(stack.supportsFaults(), "stopping the broker needs the local stack");
        long seed = Long.getLong("it.seed", 22L);
        System.out.println("DiskFullIT seed " + seed + " (rerun with -Dit.seed=" + seed + ")");
        Topics topics = Topics.create(stack, DiskFullIT.class, "shouldStopReadingWhileTheStateDiskIsFull");
        Path log = dir.resolve("fsscorplug.log");
        Path output = dir.resolve("collector.out");
        AgentLogGenerator agent = new AgentLogGenerator(seed, LocalDateTime.of(2024, 9, 2, 8, 0));
        long lines = agent.appendHealthy(log, 10);

        try (Tmpfs disk = Tmpfs.mount(dir.resolve("state"), "2m")) {
            Path state = disk.path();
            Path config = CollectorSettings.of(stack, ENDPOINT, log, state, topics)
                    .set("metrics.log.interval", "0s")
                    .writeTo(dir.resolve("collector.properties"));
            long downFor;
            try (CollectorProcess collector = CollectorProcess.startAsOnEndpoint(config, output)) {
                long pid = collector.pid();
                long before = Files.size(log);
                await().atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> alive(collector) && CheckpointFile.offset(state, log) == before);

                stack.stopBroker();
                long down = System.nanoTime();
                try {
                    lines += agent.appendHealthy(log, LINES);
                    await().atMost(Duration.ofSeconds(120))
                            .pollInterval(Duration.ofMillis(200))
                            .until(() -> alive(collector)
                                    && collector.output().stream().anyMatch(l -> l.contains("Cannot write the")));
                    System.out.printf(
                            "DiskFullIT: the disk filled %.1f s into the outage: %s%n",
                            (System.nanoTime() - down) / 1e9,
                            collector.output().stream()
                                    .filter(l -> l.contains("Cannot write the"))
                                    .findFirst()
                                    .orElseThrow());
                    while (System.nanoTime() - down < OUTAGE.toNanos()) {
                        assertThat(alive(collector)).isTrue();
                        Thread.sleep(1_000); // the outage's length, not a wait for the collector
                    }
                    assertThat(CheckpointFile.offset(state, log))
                            .as("nothing is committed that Kafka does not have")
                            .isLessThan(Files.size(log));
                } finally {
                    stack.startBroker();
                }
                downFor = (System.nanoTime() - down) / 1_000_000;
                long up = System.nanoTime();
                long size = Files.size(log);
                await().atMost(Duration.ofSeconds(300))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> alive(collector) && CheckpointFile.offset(state, log) == size);
                System.out.printf(
                        "DiskFullIT: broker down %d ms; every line committed %.1f s after it was back%n",
                        downFor, (System.nanoTime() - up) / 1e9);
                assertThat(collector.pid()).as("never restarted").isEqualTo(pid);
                // 143 = 128 + SIGTERM: the JVM's status when a TERM ran its shutdown hooks (drain, commit, flush)
                assertThat(collector.stop()).as("exit status at SIGTERM").isEqualTo(143);
            }

            List<String> own = Files.readAllLines(output);
            own.forEach(l -> System.out.println("DiskFullIT collector| " + l));
            assertThat(own.stream().filter(l -> l.contains("Cannot write the")))
                    .as("one error when the disk fills")
                    .hasSize(1);
            assertThat(own.stream().filter(l -> l.contains("no longer waits on writes")))
                    .as("one message when it is over")
                    .hasSize(1);
            assertThat(own).as("the collector's own log").hasSizeLessThan(MAX_OWN_LOG_LINES);
            assertThat(own).noneMatch(l -> l.contains("OutOfMemoryError") || l.contains("registered in increasing"));

            ParsedFile expected = ParsedFile.of(
                    log, ENDPOINT, CheckpointFile.of(state, log).orElseThrow().identity());
            assertThat(expected.lines()).hasSize((int) lines);
            assertThat(expected.events()).as("one event per healthy line").hasSize((int) lines);
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
            long lost = wanted.keySet().stream()
                    .filter(id -> !shipped.containsKey(id))
                    .count();
            long duplicates = records.size() - shipped.size();
            System.out.printf(
                    "DiskFullIT: %d lines, %d events, %d records (%d duplicates), %d lost, own log %d lines%n",
                    lines, wanted.size(), records.size(), duplicates, lost, own.size());
            assertThat(shipped).as("every event once at least, none invented").isEqualTo(wanted);
            assertThat(LineCoverage.violations(expected.lines(), shipped.values()))
                    .isEmpty();
            new FaultReport(
                            "state.dir on a full 2 MiB disk, broker stopped " + downFor / 1000 + " s",
                            lines,
                            shipped.size(),
                            duplicates,
                            lost,
                            0,
                            "lines in, distinct events out; one collector process throughout (endpoint JVM flags), its"
                                    + " own log " + own.size() + " lines")
                    .publish();
        }
    }

    private static boolean alive(CollectorProcess collector) {
        assertThat(collector.isAlive())
                .as("the collector runs\n%s", collector.tail(30))
                .isTrue();
        return true;
    }
}
