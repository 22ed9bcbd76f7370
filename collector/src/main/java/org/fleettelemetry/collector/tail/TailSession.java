package org.fleettelemetry.collector.tail;

import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * One open file as the tailer's thread sees it: the channel kept open across renames, the reader,
 * and the timers for idle and close decisions. Confined to the tailer's thread, except the channel's size,
 * {@link #file} and {@link #largestSeenSize}, which {@link LogTailer#observeSizes()} reads and updates.
 */
final class TailSession {

    final FileChannel channel;
    final String fileKey;
    Path path;

    /**
     * Null only while a file truncated to nothing waits for new content. Volatile: {@link LogTailer#observeSizes()}
     * reads it from another thread.
     */
    volatile TailedFile file;

    LineReader reader;
    long lastSize = -1;
    long lastChangeNanos;
    long lastDataNanos;

    /** True when the sink has nothing pending to flush: nothing delivered since the last onIdle. */
    boolean idleNotified = true;

    /** Whether a scan of this poll found the file at a matching path. */
    boolean seen;

    /** When scans stopped finding the file at a matching path; -1 while they find it. */
    long unseenSinceNanos = -1;

    /**
     * The largest size seen of the current content, also by {@link LogTailer#observeSizes()} from another thread
     * while this one waits in the sink: how much a truncation removed unread is known only from it.
     */
    final java.util.concurrent.atomic.AtomicLong largestSeenSize = new java.util.concurrent.atomic.AtomicLong();

    /** Last read failure, so a persistent one is logged once, not every poll. */
    String lastError;

    TailSession(FileChannel channel, String fileKey, Path path, long nowNanos) {
        this.channel = channel;
        this.fileKey = fileKey;
        this.path = path;
        this.lastChangeNanos = nowNanos;
        this.lastDataNanos = nowNanos;
    }
}
