package org.fleettelemetry.collector.tail;

import java.time.Instant;
import java.util.Objects;

/**
 * What the tailer remembers about one file.
 *
 * @param identity the file
 * @param path where the file was last seen
 * @param offset committed byte offset: every line before it was shipped and acknowledged
 * @param updatedAt when this entry last changed or its file was last seen
 */
public record Checkpoint(FileIdentity identity, String path, long offset, Instant updatedAt) {

    public Checkpoint {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, got " + offset);
        }
    }
}
