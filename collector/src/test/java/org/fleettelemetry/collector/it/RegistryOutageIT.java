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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema registry answers 503, then stalls (requests held unanswered), from the collector's start on, so the
 * events' schema was never registered or cached: events spool (the spool keeps them in single-object encoding, no
 * registry needed), nothing is committed that Kafka does not have, and once the registry answers again the spool
 * drains on its own, nothing lost, no restart.
 */
@ExtendWith(KafkaStackExtension.class)
class RegistryOutageIT {
    private static final CollectorSettings.Endpoint ENDPOINT = new CollectorSettings.Endpoint("pc-registry-001", "nyc");
    /** Each phase (503, then stalled); the fault suite asks for minutes with {@code -Dit.registry.outage.seconds}. */
    private static final Duration PHASE = Duration.ofSeconds(Long.getLong("it.registry.outage.seconds", 15));

    @TempDir
    Path dir;

    @Test
    void shouldSpoolWhileTheRegistryFailsOrStallsAndRecoverOnItsOwn(KafkaStack stack) throws Exception {
        Topics topics = Topics.create(stack, RegistryOutageIT.class, "shouldSpoolWhileTheRegistryFails");
        Path log = dir.resolve("fsscorplug.log");
        AgentLogGenerator agent = new AgentLogGenerator(77, LocalDateTime.of(2024, 6, 1, 8, 0));
        long lines = agent.append(log, 2_000);
        double spooled;
        long refused;
        long stalled;
        try (RegistryFaultProxy registry = RegistryFaultProxy.start(stack.registryUrl())) {
            registry.mode(RegistryFaultProxy.Mode.FAIL_503);
            CollectorSettings settings = CollectorSettings.of(stack, ENDPOINT, log, dir.resolve("state"), topics)
                    .set("schema.registry.url", registry.url());
            try (InProcessCollector collector = InProcessCollector.start(settings)) {
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> collector.collector().shipper().isSpooling() && collector.hasRead(log));
                lines += writeFor(agent, log, PHASE);
                registry.mode(RegistryFaultProxy.Mode.STALL);
                lines += writeFor(agent, log, PHASE);
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> collector.hasRead(log));
                assertThat(collector.isCaughtUpWith(log))
                        .as("nothing is committed that Kafka does not have")
                        .isFalse();
                System.out.printf("RegistryOutageIT: registry down, %s%n", collector.describe());
                registry.mode(RegistryFaultProxy.Mode.PASS);
                long back = System.nanoTime();
                await().atMost(Duration.ofSeconds(180))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> collector.isCaughtUpWith(log));
                System.out.printf(
                        "RegistryOutageIT: caught up %.1f s after the registry answered again%n",
                        (System.nanoTime() - back) / 1e9);
                spooled = collector.eventsSpooled();
                refused = registry.refused();
                stalled = registry.stalled();
            }
        }
        assertThat(refused).as("requests answered 503").isPositive();
        assertThat(stalled).as("requests stalled").isPositive();
        assertThat(spooled).isPositive();

        ParsedFile expected = ParsedFile.of(
                log,
                ENDPOINT,
                CheckpointFile.of(dir.resolve("state"), log).orElseThrow().identity());
        List<ConsumerRecord<String, EndpointEvent>> records =
                new TopicReader(stack).readAll(topics.events(), EndpointEvent.class);
        Map<String, EndpointEvent> wanted = expected.events().stream()
                .map(ParsedEvent::event)
                .collect(Collectors.toMap(EndpointEvent::getEventId, Function.identity()));
        Map<String, EndpointEvent> shipped = new HashMap<>();
        for (ConsumerRecord<String, EndpointEvent> record : records) {
            EndpointEvent earlier = shipped.putIfAbsent(record.value().getEventId(), record.value());
            assertThat(earlier == null || earlier.equals(record.value())).isTrue();
        }
        long duplicates = records.size() - shipped.size();
        long lost =
                wanted.keySet().stream().filter(id -> !shipped.containsKey(id)).count();
        System.out.printf(
                "RegistryOutageIT: %d lines, %d events, %d records (%d duplicates), %d lost, %d spooled%n",
                lines, wanted.size(), records.size(), duplicates, lost, (long) spooled);
        assertThat(shipped).as("every event once at least, none invented").isEqualTo(wanted);
        assertThat(LineCoverage.violations(expected.lines(), shipped.values())).isEmpty();
        assertThat(duplicates).isLessThanOrEqualTo((long) spooled);
        new FaultReport(
                        "schema registry 503 for " + PHASE.toSeconds() + " s, then stalled " + PHASE.toSeconds() + " s",
                        lines,
                        shipped.size(),
                        duplicates,
                        lost,
                        0,
                        "lines in, distinct events out; " + (long) spooled + " events went through the spool; "
                                + refused + " registry requests answered 503, " + stalled + " held unanswered")
                .publish();
    }

    /** The agent goes on writing, 100 lines a second, for {@code phase}. */
    private static long writeFor(AgentLogGenerator agent, Path log, Duration phase) throws Exception {
        long written = 0;
        long end = System.nanoTime() + phase.toNanos();
        while (System.nanoTime() < end) {
            Thread.sleep(1_000); // the agent's pace, not a wait for the collector
            written += agent.append(log, 100);
        }
        return written;
    }
}
