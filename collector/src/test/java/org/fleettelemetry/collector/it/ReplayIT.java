package org.fleettelemetry.collector.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.fleettelemetry.collector.cli.CollectorMain;
import org.fleettelemetry.collector.parse.ParsedEvent;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.LogFile;
import org.fleettelemetry.stack.junit.KafkaStack;
import org.fleettelemetry.stack.junit.KafkaStackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code collector replay --fleet-dir DIR}: one collector per endpoint folder, all on one producer, until done. */
@ExtendWith(KafkaStackExtension.class)
class ReplayIT {
    private static final int ENDPOINTS = 5;
    private static final String[] LOG_NAMES = {
        "fsscorplug.log", "deepguard.log", "spplug.log", "CcfPluginState.log", "transportAgent.log"
    };

    @TempDir
    Path dir;

    @Test
    void shouldShipEveryEndpointsEventsWithItsIdentityWhenAFleetDirectoryIsReplayed(KafkaStack stack) throws Exception {
        long seed = Long.getLong("it.seed", 5L);
        System.out.println("ReplayIT seed " + seed + " (rerun with -Dit.seed=" + seed + ")");
        Topics topics = Topics.create(stack, ReplayIT.class, "shouldShipEveryEndpointsEvents");
        Path fleet = Files.createDirectories(dir.resolve("fleet"));
        Map<String, CollectorSettings.Endpoint> endpoints = new HashMap<>();
        Map<String, List<Path>> logs = new HashMap<>();
        for (int i = 0; i < ENDPOINTS; i++) {
            CollectorSettings.Endpoint endpoint =
                    new CollectorSettings.Endpoint("ws-" + (100 + i), i % 2 == 0 ? "hel" : "oulu");
            Path folder = Files.createDirectories(fleet.resolve(endpoint.id()));
            Files.writeString(
                    folder.resolve("endpoint.properties"),
                    String.join(
                            "\n",
                            "site=" + endpoint.site(),
                            "proxy=" + CollectorSettings.PROXY,
                            "product=" + CollectorSettings.PRODUCT,
                            "zone=" + CollectorSettings.ZONE.getId(),
                            "probe.enabled=false",
                            ""));
            // two logs of different kinds per endpoint, different sizes
            List<Path> files = new ArrayList<>();
            for (int f = 0; f < 2; f++) {
                Path log = folder.resolve(LOG_NAMES[(i + f) % LOG_NAMES.length]);
                new AgentLogGenerator(seed * 100 + i * 10 + f, LocalDateTime.of(2024, 6, 1 + i, 9, 0))
                        .append(log, 2_000 + 1_500 * i + 500 * f);
                files.add(log);
            }
            endpoints.put(endpoint.id(), endpoint);
            logs.put(endpoint.id(), files);
        }

        long t0 = System.nanoTime();
        int exit = CollectorMain.execute(
                "replay",
                "--fleet-dir",
                fleet.toString(),
                "--progress-every",
                "2",
                "--set",
                "kafka.bootstrap.servers=" + stack.bootstrapServers(),
                "--set",
                "schema.registry.url=" + stack.registryUrl(),
                "--set",
                "topic.events=" + topics.events(),
                "--set",
                "topic.heartbeats=" + topics.heartbeats(),
                "--set",
                "idle.flush=300ms");
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(exit).isZero();

        Map<String, EndpointEvent> wanted = new HashMap<>();
        int lines = 0;
        for (var entry : logs.entrySet()) {
            CollectorSettings.Endpoint endpoint = endpoints.get(entry.getKey());
            Path state = fleet.resolve(endpoint.id()).resolve(".state");
            for (Path log : entry.getValue()) {
                CheckpointFile.Entry checkpoint = CheckpointFile.of(state, log).orElseThrow();
                assertThat(checkpoint.offset()).as("checkpoint of %s", log).isEqualTo(Files.size(log));
                ParsedFile parsed = ParsedFile.of(log, endpoint, checkpoint.identity());
                lines += parsed.lines().size();
                parsed.events().stream().map(ParsedEvent::event).forEach(e -> wanted.put(e.getEventId(), e));
            }
        }
        List<ConsumerRecord<String, EndpointEvent>> records =
                new TopicReader(stack).readAll(topics.events(), EndpointEvent.class);
        System.out.printf(
                "ReplayIT: %d endpoints, %d lines, %d events expected, %d records, replay took %.1f s%n",
                ENDPOINTS, lines, wanted.size(), records.size(), seconds);

        Map<String, EndpointEvent> shipped = records.stream()
                .map(ConsumerRecord::value)
                .collect(Collectors.toMap(EndpointEvent::getEventId, Function.identity()));
        assertThat(records).as("each event once").hasSize(shipped.size());
        assertThat(shipped).isEqualTo(wanted);
        assertThat(records).allSatisfy(r -> {
            CollectorSettings.Endpoint endpoint = endpoints.get(r.key());
            assertThat(endpoint)
                    .as("key %s is an endpoint of the fleet", r.key())
                    .isNotNull();
            assertThat(r.value().getEndpointId()).isEqualTo(endpoint.id());
            assertThat(r.value().getSite()).isEqualTo(endpoint.site());
        });
        assertThat(shipped.values())
                .extracting(EndpointEvent::getLogFile)
                .contains(
                        LogFile.FSSCORPLUG,
                        LogFile.DEEPGUARD,
                        LogFile.SPPLUG,
                        LogFile.CCF_PLUGIN_STATE,
                        LogFile.TRANSPORT_AGENT);
    }
}
