package org.fleettelemetry.collector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.fleettelemetry.collector.faults.StateDisk;
import org.fleettelemetry.collector.ship.Spool;
import org.fleettelemetry.collector.tail.CheckpointStore;
import org.fleettelemetry.collector.tail.FileIdentity;
import org.fleettelemetry.collector.tail.Fingerprint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spool and the checkpoint store on a real full file system (a 1 MiB tmpfs): a refused write leaves nothing half
 * written, the last good state stays, and space comes back as the spool is replayed.
 */
class StateOnFullDiskTest {
    @TempDir
    Path dir;

    @Test
    void shouldRefuseWithoutTearingKeepWhatTheDiskRefusesInMemoryAndFreeTheSpaceWhenReplayed() throws Exception {
        try (Tmpfs tmpfs = Tmpfs.mount(dir.resolve("state"), "1m")) {
            StateDisk disk = new StateDisk(tmpfs.path());
            List<String> appended = new ArrayList<>();
            try (Spool spool = new Spool(tmpfs.path().resolve("spool"), 256L << 20, disk)) {
                int i = 0;
                while (spool.tryAppend(record(i))) {
                    appended.add(text(i++));
                }
                assertThat(spool.isWriteFailing()).isTrue();
                assertThat(disk.isFailing()).isTrue();
                assertThat(appended.size())
                        .as("records before the disk was full")
                        .isGreaterThan(1000);
                // what Kafka fails while the disk is full: kept in memory, after the disk's records
                for (int k = 0; k < 10; k++) {
                    spool.appendNoWait(record(i));
                    appended.add(text(i++));
                }
                assertThat(spool.memoryBytes()).isPositive();
                assertThat(spool.tryAppend(record(i)))
                        .as("memory records go first")
                        .isFalse();

                List<String> replayed = new ArrayList<>();
                List<Spool.Entry> batch;
                while (!(batch = spool.read(500, 0)).isEmpty()) {
                    batch.forEach(e -> replayed.add(new String(e.payload(), StandardCharsets.UTF_8)));
                    spool.confirm(batch.get(batch.size() - 1));
                }
                assertThat(replayed)
                        .as("every record once, in order, none torn")
                        .isEqualTo(appended);
                assertThat(spool.isEmpty()).isTrue();
                assertThat(spool.isWriteFailing()).isFalse();
                assertThat(disk.isFailing()).isFalse();
                assertThat(usedBytes(tmpfs.path())).as("the space is back").isLessThan(64 * 1024);
                assertThat(spool.tryAppend(record(i))).isTrue();
            }
        }
    }

    @Test
    void shouldKeepTheLastGoodCheckpointsWhenTheDiskIsFullAndWriteThemWhenSpaceReturns() throws Exception {
        try (Tmpfs tmpfs = Tmpfs.mount(dir.resolve("state"), "1m")) {
            CheckpointStore store = CheckpointStore.open(tmpfs.path());
            FileIdentity id = FileIdentity.create("dev-1-ino-9", Fingerprint.of("a line\n".getBytes()), 0);
            store.commit(id, Path.of("/logs/a.log"), 100);
            assertThat(store.flush()).isTrue();
            String good = Files.readString(store.file());
            Path filler = fill(tmpfs.path());

            store.commit(id, Path.of("/logs/a.log"), 200);
            assertThatThrownBy(store::flush).hasMessageContaining("No space left on device");
            assertThat(Files.readString(store.file())).as("the last good file").isEqualTo(good);
            try (Stream<Path> files = Files.list(tmpfs.path())) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .as("no half-written temporary file keeps the space")
                        .containsExactlyInAnyOrder(
                                "checkpoints.json", filler.getFileName().toString());
            }

            Files.delete(filler);
            assertThat(store.flush()).isTrue();
            assertThat(CheckpointStore.open(tmpfs.path())
                            .get(id.asString())
                            .orElseThrow()
                            .offset())
                    .isEqualTo(200);
        }
    }

    private static byte[] record(int i) {
        return text(i).getBytes(StandardCharsets.UTF_8);
    }

    /** About 300 bytes, as a spooled event. */
    private static String text(int i) {
        return "event-" + i + "-" + "x".repeat(290);
    }

    private static long usedBytes(Path path) throws IOException {
        FileStore store = Files.getFileStore(path);
        return store.getTotalSpace() - store.getUsableSpace();
    }

    private static Path fill(Path dir) throws IOException {
        Path filler = dir.resolve("filler");
        byte[] block = new byte[4096];
        try (var out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException full) {
            assertThat(full).hasMessageContaining("No space left on device");
        }
        return filler;
    }
}
