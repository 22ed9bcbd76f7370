package org.fleettelemetry.collector.tail;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.fleettelemetry.collector.testing.CapturedLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {

    @TempDir
    Path stateDir;

    private final MutableClock clock = new MutableClock();

    @RegisterExtension
    final CapturedLogs logs = CapturedLogs.of(CheckpointStore.class);

    @Test
    void shouldRestoreCommittedOffsetsWhenReopened() throws IOException {
        CheckpointStore store = open();
        FileIdentity a = identity("dev-1-ino-1", "a\n");
        FileIdentity b = identity("dev-1-ino-2", "b\n");
        store.commit(a, Path.of("/logs/a.log"), 120);
        store.commit(b, Path.of("/logs/b.log"), 7);
        assertThat(store.flush()).isTrue();

        CheckpointStore reopened = open();

        assertThat(reopened.snapshot()).containsExactlyInAnyOrderElementsOf(store.snapshot());
        Checkpoint restored = reopened.get(a.asString()).orElseThrow();
        assertThat(restored.offset()).isEqualTo(120);
        assertThat(restored.path()).isEqualTo(Path.of("/logs/a.log").toString());
        assertThat(restored.identity().fingerprint()).isEqualTo(a.fingerprint());
        assertThat(restored.updatedAt()).isEqualTo(clock.instant());
    }

    @Test
    void shouldWriteOnlyWhenSomethingChanged() throws IOException {
        CheckpointStore store = open();
        assertThat(store.flush()).isFalse();
        FileIdentity a = identity("k", "a\n");
        store.commit(a, Path.of("a.log"), 10);
        assertThat(store.flush()).isTrue();

        store.commit(a, Path.of("a.log"), 10);

        assertThat(store.flush()).isFalse();
    }

    @Test
    void shouldKeepTheHigherOffsetWhenALowerOneIsCommitted() {
        CheckpointStore store = open();
        FileIdentity a = identity("k", "a\n");
        store.commit(a, Path.of("a.log"), 50);

        store.commit(a, Path.of("a.log"), 20);

        assertThat(store.get(a.asString()).orElseThrow().offset()).isEqualTo(50);
    }

    @Test
    void shouldSetTheFileAsideAndStartEmptyWhenTheCheckpointFileIsCorrupt() throws IOException {
        Path file = stateDir.resolve(CheckpointStore.FILE_NAME);
        Files.writeString(file, "{\"version\":1,\"checkpoints\":[{\"identity\":\"x\"", StandardCharsets.UTF_8);

        CheckpointStore store = open();

        assertThat(store.snapshot()).isEmpty();
        assertThat(file).doesNotExist();
        try (Stream<Path> files = Files.list(stateDir)) {
            List<Path> aside = files.filter(
                            p -> p.getFileName().toString().startsWith(CheckpointStore.FILE_NAME + ".corrupt-"))
                    .toList();
            assertThat(aside).hasSize(1);
            assertThat(aside.get(0)).hasContent("{\"version\":1,\"checkpoints\":[{\"identity\":\"x\"");
        }
        assertThat(logs.events()).anySatisfy(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage()).contains(file.toString()).contains("read again");
        });
    }

    @Test
    void shouldSetTheFileAsideWhenAnEntryIsInvalid() throws IOException {
        Path file = stateDir.resolve(CheckpointStore.FILE_NAME);
        Files.writeString(
                file,
                "{\"version\":1,\"checkpoints\":[{\"identity\":\"k-0\",\"fileKey\":\"k\","
                        + "\"fingerprint\":\"zz\",\"fingerprintLength\":2,\"path\":\"a\",\"offset\":-5,"
                        + "\"updatedAt\":\"2021-11-12T17:40:30Z\"}]}");

        CheckpointStore store = open();

        assertThat(store.snapshot()).isEmpty();
        assertThat(file).doesNotExist();
    }

    @Test
    void shouldIgnoreATempFileLeftByACrashWhenLoading() throws IOException {
        CheckpointStore store = open();
        FileIdentity a = identity("k", "a\n");
        store.commit(a, Path.of("a.log"), 33);
        store.flush();
        Path temp = stateDir.resolve(CheckpointStore.TEMP_NAME);
        Files.writeString(temp, "{\"version\":1,\"checkpoints\":[{\"trunc");

        CheckpointStore reopened = open();

        assertThat(reopened.get(a.asString()).orElseThrow().offset()).isEqualTo(33);
        assertThat(temp).doesNotExist();
        assertThat(stateDir.resolve(CheckpointStore.FILE_NAME)).exists();
    }

    @Test
    void shouldLeaveOnlyTheCompleteFileWhenFlushed() throws IOException {
        CheckpointStore store = open();
        store.commit(identity("k", "a\n"), Path.of("a.log"), 1);
        store.flush();
        store.commit(identity("k", "a\n"), Path.of("a.log"), 2);
        store.flush();

        try (Stream<Path> files = Files.list(stateDir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(CheckpointStore.FILE_NAME);
        }
        assertThat(open().get(identity("k", "a\n").asString()).orElseThrow().offset())
                .isEqualTo(2);
    }

    @Test
    void shouldPruneEntriesWhenTheirFilesAreGoneLongerThanTheRetention() throws IOException {
        CheckpointStore store = open();
        FileIdentity gone = identity("k1", "gone\n");
        FileIdentity live = identity("k2", "live\n");
        FileIdentity recent = identity("k3", "recent\n");
        store.commit(gone, Path.of("gone.log"), 1);
        store.commit(live, Path.of("live.log"), 1);
        clock.advance(Duration.ofDays(6));
        store.commit(recent, Path.of("recent.log"), 1);
        clock.advance(Duration.ofDays(2));

        int removed = store.prune(Set.of(live.asString()));

        assertThat(removed).isEqualTo(1);
        assertThat(store.snapshot())
                .extracting(c -> c.identity().asString())
                .containsExactlyInAnyOrder(live.asString(), recent.asString());
        assertThat(store.flush()).isTrue();
    }

    @Test
    void shouldRecordANewPathAndLongerFingerprintWhenTouched() {
        CheckpointStore store = open();
        FileIdentity short1 = identity("k", "ab");
        store.commit(short1, Path.of("a.log"), 2);
        FileIdentity grown = short1.withFingerprint(Fingerprint.of("abcd".getBytes(StandardCharsets.UTF_8)));

        store.touch(grown, Path.of("a.log.1"));

        Checkpoint c = store.get(short1.asString()).orElseThrow();
        assertThat(c.path()).isEqualTo("a.log.1");
        assertThat(c.identity().fingerprint().length()).isEqualTo(4);
        assertThat(c.offset()).isEqualTo(2);
    }

    private CheckpointStore open() {
        try {
            return CheckpointStore.open(stateDir, CheckpointStore.DEFAULT_RETENTION, clock);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static FileIdentity identity(String fileKey, String content) {
        return FileIdentity.create(fileKey, Fingerprint.of(content.getBytes(StandardCharsets.UTF_8)), 0);
    }
}
