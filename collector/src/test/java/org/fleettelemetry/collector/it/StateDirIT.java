package org.fleettelemetry.collector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.OptionalInt;
import org.fleettelemetry.collector.faults.StateDirException;
import org.fleettelemetry.stack.junit.FaultReport;
import org.fleettelemetry.stack.junit.KafkaStack;
import org.fleettelemetry.stack.junit.KafkaStackExtension;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code state.dir} the collector cannot use at start: the real jar run as an endpoint runs it must stop on its own
 * at once, with exit status 73 (what the service manager sees) and one message naming the path and the reason,
 * before it starts anything (no "starting" line: no producer, no tailer). A missing one is created.
 */
@ExtendWith(KafkaStackExtension.class)
class StateDirIT {
    private static final CollectorSettings.Endpoint ENDPOINT = new CollectorSettings.Endpoint("pc-state-001", "tku");
    /** The nobody user of Debian and most Linux systems. */
    private static final int NOBODY = 65534;

    @TempDir
    Path dir;

    @Test
    void shouldExitWith73NamingThePathWhenStateDirIsOnAReadOnlyFileSystem(KafkaStack stack) throws Exception {
        try (Tmpfs readOnly = Tmpfs.mount(dir.resolve("ro"), "1m", "ro")) {
            Path missing = readOnly.path().resolve("state");
            assertRefused(stack, missing, "does not exist and cannot be created", "Read-only file system");
            assertRefused(stack, readOnly.path(), "is not writable", "Read-only file system");
        }
    }

    @Test
    void shouldExitWith73WhenStateDirIsAFile(KafkaStack stack) throws Exception {
        Path file = Files.writeString(dir.resolve("state"), "not a directory");
        assertRefused(stack, file, "exists but is not a directory", "");
    }

    @Test
    void shouldExitWith73WhenTheCollectorsUserMayNotWriteStateDir(KafkaStack stack) throws Exception {
        Assumptions.assumeTrue(
                "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/setpriv")),
                "needs root and util-linux setpriv to run the collector as an unprivileged user (root writes"
                        + " whatever the mode bits say, so chmod alone denies nothing)");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path state = Files.createDirectory(dir.resolve("state"));
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path log = Files.writeString(dir.resolve("fsscorplug.log"), "");
        Path config = CollectorSettings.of(stack, ENDPOINT, log, state, Topics.create(stack, StateDirIT.class, "user"))
                .writeTo(dir.resolve("collector.properties"));
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
        Path output = dir.resolve("collector.out");
        try (CollectorProcess collector = CollectorProcess.startAsUser(NOBODY, config, output)) {
            assertExited(collector, state, "is not writable", "AccessDeniedException");
        }
    }

    @Test
    void shouldCreateAMissingStateDirAndRun(KafkaStack stack) throws Exception {
        Topics topics = Topics.create(stack, StateDirIT.class, "missing");
        Path log = dir.resolve("fsscorplug.log");
        long lines = new AgentLogGenerator(7, LocalDateTime.of(2024, 3, 1, 9, 0)).appendHealthy(log, 100);
        Path state = dir.resolve("gone").resolve("state");
        try (InProcessCollector collector =
                InProcessCollector.start(CollectorSettings.of(stack, ENDPOINT, log, state, topics))) {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> collector.isCaughtUpWith(log));
        }
        assertThat(state).isDirectory();
        assertThat(CheckpointFile.offset(state, log)).isEqualTo(Files.size(log));
        long events = new TopicReader(stack)
                .readAll(topics.events(), org.fleettelemetry.schemas.avro.EndpointEvent.class)
                .size();
        assertThat(events).isEqualTo(lines);
        new FaultReport(
                        "state.dir missing at start",
                        lines,
                        events,
                        0,
                        lines - events,
                        0,
                        "created at start (an INFO names it), then lines in, events out")
                .publish();
    }

    private void assertRefused(KafkaStack stack, Path state, String what, String reason) throws Exception {
        Path log = dir.resolve("fsscorplug.log");
        Files.writeString(log, "");
        Path config = CollectorSettings.of(stack, ENDPOINT, log, state, Topics.create(stack, StateDirIT.class, "ro"))
                .writeTo(dir.resolve("collector.properties"));
        Path output = Files.createTempFile(dir, "collector", ".out");
        try (CollectorProcess collector = CollectorProcess.start(config, output)) {
            assertExited(collector, state, what, reason);
        }
    }

    private static void assertExited(CollectorProcess collector, Path state, String what, String reason)
            throws Exception {
        // only a guard against a hang: the check runs before anything else and takes milliseconds
        OptionalInt status = collector.awaitExit(Duration.ofSeconds(60));
        List<String> output = collector.output();
        output.forEach(l -> System.out.println("StateDirIT collector| " + l));
        assertThat(status).as("exited on its own\n%s", output).isPresent();
        assertThat(status.getAsInt()).isEqualTo(StateDirException.EXIT_CODE);
        assertThat(output)
                .filteredOn(l -> l.startsWith("error: state.dir " + state.toAbsolutePath() + " "))
                .singleElement()
                .satisfies(l -> assertThat(l).contains(what).contains(reason).endsWith("(exit status 73)"));
        assertThat(output).noneMatch(l -> l.contains("starting") || l.contains("Exception in thread"));
        new FaultReport(
                        "state.dir unusable at start: " + what + (reason.isEmpty() ? "" : " (" + reason + ")"),
                        0,
                        0,
                        0,
                        0,
                        0,
                        "nothing started, nothing read: exit status 73 and one line naming the path and the reason")
                .publish();
    }
}
