package org.fleettelemetry.collector.tail;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One file's content as the tailer follows it: its identity, where it is now, and the tracker the
 * consumer uses to say which of its lines are shipped. A file truncated in place continues as a new
 * {@code TailedFile} with a new identity.
 *
 * <p>Getters are safe from any thread (metrics); the state is written by the tailer's thread.
 */
public final class TailedFile {

    private final OffsetTracker offsets;
    private volatile FileIdentity identity;
    private volatile Path path;
    private volatile long size;
    private volatile long readOffset;
    private volatile boolean closed;

    /** Last offset handed to the checkpoint store; tailer thread only. */
    private long lastCommitted = -1;

    TailedFile(FileIdentity identity, Path path, OffsetTracker offsets, long startOffset) {
        this.identity = Objects.requireNonNull(identity, "identity");
        this.path = Objects.requireNonNull(path, "path");
        this.offsets = Objects.requireNonNull(offsets, "offsets");
        this.readOffset = startOffset;
    }

    public FileIdentity identity() {
        return identity;
    }

    /** Where the file was last seen; changes when it is renamed to another matching name. */
    public Path path() {
        return path;
    }

    /** Register emitted events and acknowledge shipped ones here. */
    public OffsetTracker offsets() {
        return offsets;
    }

    /** Size of the file at the last poll. */
    public long size() {
        return size;
    }

    /** Offset after the last line delivered to the sink. */
    public long readOffset() {
        return readOffset;
    }

    public long committedOffset() {
        return offsets.committable();
    }

    /** Bytes of the file not yet shipped and acknowledged: size minus committed offset. */
    public long lagBytes() {
        return Math.max(0, size - offsets.committable());
    }

    /** True once the tailer finished this file: no more lines of it will be delivered. */
    public boolean isClosed() {
        return closed;
    }

    void identity(FileIdentity grown) {
        this.identity = grown;
    }

    void path(Path moved) {
        this.path = moved;
    }

    void size(long observed) {
        this.size = observed;
    }

    void readOffset(long delivered) {
        this.readOffset = delivered;
    }

    void markClosed() {
        this.closed = true;
    }

    long lastCommitted() {
        return lastCommitted;
    }

    void lastCommitted(long offset) {
        this.lastCommitted = offset;
    }

    @Override
    public String toString() {
        return path + " [" + identity.asString() + "]";
    }
}
