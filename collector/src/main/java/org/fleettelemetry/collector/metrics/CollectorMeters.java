package org.fleettelemetry.collector.metrics;

/** Meter names of the collector, in one place (they are part of the dashboards' contract). */
public final class CollectorMeters {
    public static final String LINES_READ = "collector.lines.read";
    public static final String BYTES_READ = "collector.bytes.read";
    public static final String EVENTS_PARSED = "collector.events.parsed";
    public static final String EVENTS_UNPARSED = "collector.events.unparsed";
    public static final String EVENTS_SENT = "collector.events.sent";
    public static final String EVENTS_SPOOLED = "collector.events.spooled";
    public static final String EVENTS_REJECTED = "collector.events.rejected";
    public static final String SEND_ERRORS = "collector.send.errors";
    public static final String UNACKED_EVENTS = "collector.unacked.events";
    public static final String UNACKED_AGE = "collector.unacked.age.seconds";
    public static final String SPOOL_BYTES = "collector.spool.bytes";
    public static final String FILE_LAG = "collector.file.lag.bytes";
    public static final String HEARTBEATS_SENT = "collector.heartbeats.sent";
    public static final String HEARTBEATS_FAILED = "collector.heartbeats.failed";
    /** 1 while the spool or the checkpoints cannot be written to {@code state.dir} (a full disk), else 0. */
    public static final String STATE_WRITE_FAILING = "collector.state.write.failing";
    /** Failed writes to {@code state.dir} since the start (each retry counts). */
    public static final String STATE_WRITE_FAILURES = "collector.state.write.failures";
    /** Bytes the agent truncated away before the collector read them (a copytruncate while reading was stopped). */
    public static final String UNREAD_TRUNCATED_BYTES = "collector.unread.truncated.bytes";
    /** Files found shorter than their checkpoint at start: an unknown unread tail was removed meanwhile. */
    public static final String FILES_TRUNCATED_WHILE_STOPPED = "collector.files.truncated.while.stopped";
    /** Spooled events kept in memory because the spool's disk refused them. */
    public static final String SPOOL_MEMORY_BYTES = "collector.spool.memory.bytes";

    /** Probe outcomes shipped, by {@code verdict} (OK or the failure class). */
    public static final String PROBE_RESULTS = "collector.probe.results";
    /** When the last probe started, seconds since the epoch (0 before the first). */
    public static final String PROBE_LAST_SECONDS = "collector.probe.last.seconds";

    public static final String TAG_ERROR_TYPE = "type";
    public static final String TAG_ERROR_KIND = "kind";
    public static final String TAG_FILE = "file";

    private CollectorMeters() {}
}
