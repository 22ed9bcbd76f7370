package org.fleettelemetry.collector.tail;

/** Where to start reading a file that has no checkpoint yet. */
public enum StartPosition {
    /** Read every line already in the file. */
    BEGINNING,
    /**
     * Skip the complete lines already in the file and read only what is appended. Applies only to
     * files found by the tailer's first scan; files that appear later are new and read from their
     * beginning, as Filebeat's {@code tail_files} does, so a file created by a rotation loses
     * nothing.
     */
    END
}
