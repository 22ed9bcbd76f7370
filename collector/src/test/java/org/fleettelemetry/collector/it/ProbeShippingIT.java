package org.fleettelemetry.collector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.fleettelemetry.collector.config.HostPort;
import org.fleettelemetry.collector.probe.LoopbackServers;
import org.fleettelemetry.collector.probe.ProbeSequence;
import org.fleettelemetry.collector.probe.TestCa;
import org.fleettelemetry.collector.probe.Tinyproxy;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.EventKind;
import org.fleettelemetry.schemas.avro.LogFile;
import org.fleettelemetry.stack.junit.KafkaStack;
import org.fleettelemetry.stack.junit.KafkaStackExtension;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe in a running collector, through tinyproxy to loopback targets, shipped on the log events' path to the
 * real broker: the broker stopped meanwhile, so probe events go to the spool and arrive once it is back; the
 * collector restarted, and every probe event's sequence is above the one before, each event id once (a copy is the
 * same event), the log events of the same endpoint all there and their file committed.
 */
@ExtendWith(KafkaStackExtension.class)
class ProbeShippingIT {
    private static final CollectorSettings.Endpoint ENDPOINT = new CollectorSettings.Endpoint("pc-probe-001", "hel-dc");

    @TempDir
    Path dir;

    @Test
    void shouldSpoolProbeEventsWhileTheBrokerIsDownAndShipEachOnceWithRisingSequences(KafkaStack stack)
            throws Exception {
        Assumptions.assumeTrue(stack.supportsFaults(), "stopping the broker needs the local stack");
        Topics topics = Topics.create(stack, ProbeShippingIT.class, "shouldSpoolProbeEvents");
        Path log = dir.resolve("fsscorplug.log");
        new AgentLogGenerator(18L, LocalDateTime.of(2026, 12, 6, 9, 0)).append(log, 300);
        Path state = dir.resolve("state");
        TestCa ca = TestCa.named("Probe Test Trusted CA");
        HostPort refusing = LoopbackServers.refusingPort();
        String cloudAddress;

        long lastOfFirstRun;
        double handedOver;
        long spooledDuringOutage;
        try (LoopbackServers.Https cloud = new LoopbackServers.Https(ca.serverContext("ip:127.0.0.1"), 204);
                Tinyproxy proxy = Tinyproxy.start(dir, null, null)) {
            cloudAddress = cloud.address().toString();
            CollectorSettings settings = CollectorSettings.of(stack, ENDPOINT, log, state, topics)
                    .set("proxy", proxy.address().toString())
                    .set("probe.enabled", "true")
                    .set("probe.interval", "2s")
                    .set("probe.jitter", "200ms")
                    .set("probe.timeout", "2s")
                    .set("probe.targets", cloud.address() + "," + refusing)
                    .set("probe.truststore", ca.pem().toString())
                    .set("kafka.producer.delivery.timeout.ms", "6000")
                    .set("kafka.producer.request.timeout.ms", "3000");

            try (InProcessCollector collector = InProcessCollector.start(settings)) {
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> collector.isCaughtUpWith(log)
                                && collector.collector().probeRounds() >= 2);

                stack.stopBroker();
                long roundsAtStop = collector.collector().probeRounds();
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> collector.collector().shipper().isSpooling()
                                && collector.collector().probeRounds() >= roundsAtStop + 3);
                spooledDuringOutage = (long) collector.eventsSpooled();
                System.out.printf(
                        "ProbeShippingIT: broker down, %d events spooled, %s%n",
                        spooledDuringOutage, collector.describe());
                stack.startBroker();
                long roundsAtStart = collector.collector().probeRounds();
                await().atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> !collector.collector().shipper().isSpooling()
                                && collector.spoolBytes() == 0
                                && collector.collector().probeRounds() >= roundsAtStart + 1
                                && collector.isCaughtUpWith(log));
                handedOver = collector.probeResults();
            }
            // the last value the first run handed out (its state file, read as the next run reads it)
            lastOfFirstRun = ProbeSequence.open(state, () -> 0).last();

            try (InProcessCollector again = InProcessCollector.start(settings)) {
                await().atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> again.collector().probeRounds() >= 2);
                handedOver += again.probeResults();
            }
        }
        assertThat(spooledDuringOutage)
                .as("probe events spooled while the broker was down")
                .isGreaterThanOrEqualTo(4);

        List<ConsumerRecord<String, EndpointEvent>> records =
                new TopicReader(stack).readAll(topics.events(), EndpointEvent.class);
        Map<String, EndpointEvent> probes = new LinkedHashMap<>();
        int copies = 0;
        for (ConsumerRecord<String, EndpointEvent> r : records) {
            EndpointEvent e = r.value();
            if (e.getLogFile() != LogFile.PROBE) {
                continue;
            }
            assertThat(r.key()).isEqualTo(ENDPOINT.id());
            EndpointEvent earlier = probes.putIfAbsent(e.getEventId(), e);
            if (earlier != null) {
                assertThat(earlier)
                        .as("a copy of %s is the same event", e.getEventId())
                        .isEqualTo(e);
                copies++;
            }
        }
        System.out.printf(
                "ProbeShippingIT: %d probe events handed over, %d distinct on the topic, %d copies%n",
                (long) handedOver, probes.size(), copies);
        assertThat(probes.size())
                .as("every probe event handed to the shipper arrives")
                .isEqualTo((int) handedOver);

        List<Long> sequences = probes.keySet().stream()
                .map(id -> Long.parseLong(id.substring((ENDPOINT.id() + ":probe:").length())))
                .toList();
        for (int i = 1; i < sequences.size(); i++) {
            assertThat(sequences.get(i))
                    .as("sequence %d in topic order after %d", i, sequences.get(i - 1))
                    .isGreaterThan(sequences.get(i - 1));
        }
        assertThat(sequences.stream().filter(s -> s > lastOfFirstRun).count())
                .as("the restarted collector's probes continue above the first run's")
                .isGreaterThanOrEqualTo(2);

        for (EndpointEvent e : probes.values()) {
            long seq = Long.parseLong(e.getEventId().substring((ENDPOINT.id() + ":probe:").length()));
            assertThat(e.getEndOffset()).isEqualTo(seq + 1);
            assertThat(e.getLineProxy()).isNotNull();
            assertThat(e.getProbe()).isNotNull();
        }
        Map<String, List<String>> verdicts = probes.values().stream()
                .collect(Collectors.groupingBy(
                        e -> e.getProbe().getTarget(),
                        Collectors.mapping(e -> e.getProbe().getVerdict(), Collectors.toList())));
        System.out.printf("ProbeShippingIT: verdicts by target %s%n", verdicts);
        // the healthy target is OK, but on 2 shared cores (the broker restarting) a handshake may outlast 2 s
        assertThat(verdicts.get(cloudAddress)).contains("OK").isSubsetOf("OK", "TIMEOUT");
        assertThat(verdicts.get(refusing.toString())).containsOnly("RECV_ERROR");
        // through the proxy a refused target is the proxy's 500 to the CONNECT: curl's 56, as the agent would log it
        assertThat(probes.values())
                .filteredOn(e -> e.getProbe().getVerdict().equals("RECV_ERROR"))
                .allSatisfy(e -> {
                    assertThat(e.getKind()).isEqualTo(EventKind.CONNECTION_FAILURE);
                    assertThat(e.getErrorCode()).isEqualTo("curl:56");
                    assertThat(e.getProbe().getFailedStep()).isEqualTo("PROXY_TUNNEL");
                    assertThat(e.getProbe().getHttpStatus()).isEqualTo(500);
                });

        ParsedFile expected = ParsedFile.of(
                log, ENDPOINT, CheckpointFile.of(state, log).orElseThrow().identity());
        Set<String> logEvents = records.stream()
                .map(ConsumerRecord::value)
                .filter(e -> e.getLogFile() != LogFile.PROBE)
                .map(EndpointEvent::getEventId)
                .collect(Collectors.toSet());
        assertThat(logEvents)
                .as("the log events beside the probes: every one, none invented")
                .isEqualTo(expected.events().stream()
                        .map(p -> p.event().getEventId())
                        .collect(Collectors.toSet()));
        assertThat(CheckpointFile.offset(state, log)).isEqualTo(expected.endOffset());
    }
}
