package org.fleettelemetry.collector.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fleettelemetry.collector.tail.CheckpointStore;

/**
 * The collector's checkpoints as a restart would find them: read from {@code checkpoints.json} in the
 * state directory (written atomically by the collector, so it can be read while the collector runs).
 */
final class CheckpointFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One file's committed offset. */
    record Entry(String identity, String path, long offset) {}

    private CheckpointFile() {}

    static List<Entry> read(Path stateDir) {
        Path file = stateDir.resolve(CheckpointStore.FILE_NAME);
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<Entry> entries = new ArrayList<>();
            for (JsonNode node : JSON.readTree(file.toFile()).path("checkpoints")) {
                entries.add(new Entry(
                        node.path("identity").asText(),
                        node.path("path").asText(),
                        node.path("offset").asLong()));
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The checkpoint of the file at {@code log}, if the collector has written one. */
    static Optional<Entry> of(Path stateDir, Path log) {
        String path = log.toAbsolutePath().toString();
        return read(stateDir).stream().filter(e -> e.path().equals(path)).findFirst();
    }

    /** The committed offset of {@code log}, 0 when there is no checkpoint yet (a restart reads from the start). */
    static long offset(Path stateDir, Path log) {
        return of(stateDir, log).map(Entry::offset).orElse(0L);
    }
}
