package org.fleettelemetry.streams.domain;

import java.util.Arrays;

/**
 * The byte ranges of one log file whose events this app has counted: what recognises a collector's re-send without
 * keeping every event id.
 *
 * <p>Why it is exact: an event covers the bytes {@code [start, end)} of its file (start from its eventId, end from
 * {@code endOffset}), entries of a file never overlap, and a collector re-sends an entry with the same start. An
 * event is a re-send exactly when its start lies in a range already counted. The ranges merge where they touch, so
 * a file shipped in order is one range whatever its length, and events that arrive out of order (a send that failed
 * into the spool while later ones went through, a spool replay interleaved with new events) leave a gap that the
 * late event fills. Nothing assumes arrival order.
 *
 * <p>Where it is bounded: at most {@link #MAX_RANGES} separate ranges per file. Past that, the two lowest ranges are
 * joined, declaring the gap between them seen; a late event that later starts inside such a gap is taken for a
 * re-send ({@link #add} reports the join so that it is counted in a metric). Events from collectors that do not send
 * {@code endOffset} cover {@code [start, start + 1)}: they never touch, so for them this is exact for the last
 * {@link #MAX_RANGES} starts and a high-water mark below that.
 */
public final class SeenRanges {
    public static final int MAX_RANGES = 64;

    /** Sorted, disjoint, non-touching: starts[i] < ends[i] < starts[i + 1]. */
    private long[] starts;

    private long[] ends;
    private int size;
    private long lastEventTime;

    public SeenRanges() {
        this(new long[2], new long[2], 0, Long.MIN_VALUE);
    }

    private SeenRanges(long[] starts, long[] ends, int size, long lastEventTime) {
        this.starts = starts;
        this.ends = ends;
        this.size = size;
        this.lastEventTime = lastEventTime;
    }

    /** The outcome of {@link #add}. */
    public enum Outcome {
        /** First sight of this entry: count it. */
        NEW,
        /** First sight, and the range cap joined two old ranges to make room. */
        NEW_GAP_CLOSED,
        /** Its start was counted before: a re-send. */
        SEEN
    }

    /** Records {@code [start, end)} (end <= start is taken as start + 1) unless its start was seen. */
    public Outcome add(long start, long end, long eventTime) {
        if (end <= start) {
            end = start + 1;
        }
        int i = floor(start);
        if (i >= 0 && start < ends[i]) {
            return Outcome.SEEN;
        }
        lastEventTime = Math.max(lastEventTime, eventTime);
        // insert after i, then merge with the neighbours it touches or overlaps
        int at = i + 1;
        if (i >= 0 && ends[i] >= start) {
            ends[i] = Math.max(ends[i], end);
            at = i;
        } else {
            insert(at, start, end);
        }
        while (at + 1 < size && starts[at + 1] <= ends[at]) {
            ends[at] = Math.max(ends[at], ends[at + 1]);
            remove(at + 1);
        }
        if (size > MAX_RANGES) {
            ends[0] = ends[1];
            remove(1);
            return Outcome.NEW_GAP_CLOSED;
        }
        return Outcome.NEW;
    }

    /** Newest event time of this file's events (for forgetting files not written for the dedup retention). */
    public long lastEventTime() {
        return lastEventTime;
    }

    public int size() {
        return size;
    }

    public long start(int i) {
        return starts[i];
    }

    public long end(int i) {
        return ends[i];
    }

    /** Rebuilds ranges as {@link #start}/{@link #end} listed them (the store's codec). */
    public static SeenRanges of(long[] starts, long[] ends, long lastEventTime) {
        if (starts.length != ends.length) {
            throw new IllegalArgumentException("starts and ends differ in length");
        }
        return new SeenRanges(
                Arrays.copyOf(starts, Math.max(2, starts.length)),
                Arrays.copyOf(ends, Math.max(2, ends.length)),
                starts.length,
                lastEventTime);
    }

    /** Index of the last range whose start is <= offset, or -1. */
    private int floor(long offset) {
        int lo = 0;
        int hi = size - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (starts[mid] <= offset) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    private void insert(int at, long start, long end) {
        if (size == starts.length) {
            starts = Arrays.copyOf(starts, size * 2);
            ends = Arrays.copyOf(ends, size * 2);
        }
        System.arraycopy(starts, at, starts, at + 1, size - at);
        System.arraycopy(ends, at, ends, at + 1, size - at);
        starts[at] = start;
        ends[at] = end;
        size++;
    }

    private void remove(int at) {
        System.arraycopy(starts, at + 1, starts, at, size - at - 1);
        System.arraycopy(ends, at + 1, ends, at, size - at - 1);
        size--;
    }
}
