package org.fleettelemetry.collector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.stack.junit.FaultReport;
import org.fleettelemetry.stack.junit.KafkaStack;
import org.fleettelemetry.stack.junit.KafkaStackExtension;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * One of the agent's log files cannot be read (mode 000, owned by root) while the collector runs as an unprivileged
 * user: one warning naming it, the other file keeps shipping, and once it can be read it ships from its start. Root
 * reads whatever the mode bits say, so the collector runs as nobody (util-linux setpriv) to meet a real denial. A
 * Windows lock (a writer that shares no read access) is not reproducible on Linux, where locks are advisory; the
 * collector meets both the same way: the open fails, it warns once and tries again every poll.
 */
@ExtendWith(KafkaStackExtension.class)
class UnreadableFileIT {
    private static final CollectorSettings.Endpoint ENDPOINT = new CollectorSettings.Endpoint("pc-denied-001", "ber");
    private static final int NOBODY = 65534;

    @TempDir
    Path dir;

    @Test
    void shouldWarnOnceKeepShippingTheOthersAndReadItOnceItCanBeRead(KafkaStack stack) throws Exception {
        Assumptions.assumeTrue(
                "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/setpriv")),
                "needs root and util-linux setpriv to run the collector as an unprivileged user (root reads whatever"
                        + " the mode bits say, so chmod alone denies nothing)");
        Topics topics = Topics.create(stack, UnreadableFileIT.class, "shouldWarnOnce");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path logs = Files.createDirectory(dir.resolve("logs"));
        Path live = logs.resolve("fsscorplug.log");
        Path denied = logs.resolve("spplug.log");
        AgentLogGenerator agent = new AgentLogGenerator(44, LocalDateTime.of(2024, 2, 2, 2, 2));
        long lines = agent.append(live, 1_000);
        lines += new AgentLogGenerator(45, LocalDateTime.of(2024, 2, 2, 2, 2)).append(denied, 800);
        Files.setPosixFilePermissions(live, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(denied, PosixFilePermissions.fromString("---------"));
        Path state = Files.createDirectory(dir.resolve("state"));
        Files.setAttribute(state, "unix:uid", NOBODY);
        Path config = CollectorSettings.of(stack, ENDPOINT, live, state, topics)
                .set("logs", logs.toAbsolutePath() + "/*.log")
                .writeTo(dir.resolve("collector.properties"));
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
        List<String> output;
        try (CollectorProcess collector = CollectorProcess.startAsUser(NOBODY, config, dir.resolve("collector.out"))) {
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> alive(collector) && CheckpointFile.offset(state, live) == Files.size(live));
            lines += agent.append(live, 500);
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> alive(collector) && CheckpointFile.offset(state, live) == Files.size(live));
            assertThat(CheckpointFile.of(state, denied))
                    .as("not read while denied")
                    .isEmpty();

            Files.setPosixFilePermissions(denied, PosixFilePermissions.fromString("rw-r--r--"));
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> alive(collector) && CheckpointFile.offset(state, denied) == Files.size(denied));
            collector.stop();
            output = collector.output();
        }
        output.forEach(l -> System.out.println("UnreadableFileIT collector| " + l));
        assertThat(output)
                .filteredOn(l -> l.contains("Cannot open " + denied.toAbsolutePath()))
                .as("one warning naming the file")
                .singleElement()
                .satisfies(l -> assertThat(l).contains("WARN").contains("AccessDeniedException"));
        assertThat(output).anyMatch(l -> l.contains(denied.toAbsolutePath() + " can be opened again"));

        List<ParsedEvent> expected = new ArrayList<>();
        for (Path file : List.of(live, denied)) {
            expected.addAll(ParsedFile.of(
                            file,
                            ENDPOINT,
                            CheckpointFile.of(state, file).orElseThrow().identity())
                    .events());
        }
        List<ConsumerRecord<String, EndpointEvent>> records =
                new TopicReader(stack).readAll(topics.events(), EndpointEvent.class);
        Map<String, EndpointEvent> wanted = expected.stream()
                .map(ParsedEvent::event)
                .collect(Collectors.toMap(EndpointEvent::getEventId, Function.identity()));
        Map<String, EndpointEvent> shipped = new HashMap<>();
        records.forEach(r -> shipped.putIfAbsent(r.value().getEventId(), r.value()));
        assertThat(shipped).as("every event once at least, none invented").isEqualTo(wanted);
        long lost =
                wanted.keySet().stream().filter(id -> !shipped.containsKey(id)).count();
        new FaultReport(
                        "one log file unreadable (mode 000, collector as nobody), readable again later",
                        lines,
                        shipped.size(),
                        records.size() - shipped.size(),
                        lost,
                        0,
                        "lines in (both files), distinct events out; one WARN naming the file; the other file shipped"
                                + " meanwhile")
                .publish();
    }

    private static boolean alive(CollectorProcess collector) {
        assertThat(collector.isAlive())
                .as("the collector runs\n%s", collector.tail(30))
                .isTrue();
        return true;
    }
}
