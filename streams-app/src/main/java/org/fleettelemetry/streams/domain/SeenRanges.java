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

    /**
     * The ranges as pairs, {@code [start0, end0, start1, end1, ...]}: sorted, disjoint, non-touching (start(i) <
     * end(i) < start(i + 1)). One array, not one for the starts and one for the ends: a file shipped in order is one
     * range, and an instance keeps one of these per file of each of its endpoints.
     */
    private long[] bounds;

    private int size;
    private long lastEventTime;

    public SeenRanges() {
        this(new long[2], 0, Long.MIN_VALUE);
    }

    private SeenRanges(long[] bounds, int size, long lastEventTime) {
        this.bounds = bounds;
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
        if (i >= 0 && start < end(i)) {
            return Outcome.SEEN;
        }
        lastEventTime = Math.max(lastEventTime, eventTime);
        // insert after i, then merge with the neighbours it touches or overlaps
        int at = i + 1;
        if (i >= 0 && end(i) >= start) {
            setEnd(i, Math.max(end(i), end));
            at = i;
        } else {
            insert(at, start, end);
        }
        while (at + 1 < size && start(at + 1) <= end(at)) {
            setEnd(at, Math.max(end(at), end(at + 1)));
            remove(at + 1);
        }
        if (size > MAX_RANGES) {
            setEnd(0, end(1));
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
        return bounds[2 * i];
    }

    public long end(int i) {
        return bounds[2 * i + 1];
    }

    private void setEnd(int i, long end) {
        bounds[2 * i + 1] = end;
    }

    /** Rebuilds ranges as {@link #start}/{@link #end} listed them (the store's codec). */
    public static SeenRanges of(long[] starts, long[] ends, long lastEventTime) {
        if (starts.length != ends.length) {
            throw new IllegalArgumentException("starts and ends differ in length");
        }
        long[] bounds = new long[Math.max(2, 2 * starts.length)];
        for (int i = 0; i < starts.length; i++) {
            bounds[2 * i] = starts[i];
            bounds[2 * i + 1] = ends[i];
        }
        return new SeenRanges(bounds, starts.length, lastEventTime);
    }

    /** Index of the last range whose start is <= offset, or -1. */
    private int floor(long offset) {
        int lo = 0;
        int hi = size - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (start(mid) <= offset) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    private void insert(int at, long start, long end) {
        if (2 * size == bounds.length) {
            bounds = Arrays.copyOf(bounds, 4 * size);
        }
        System.arraycopy(bounds, 2 * at, bounds, 2 * at + 2, 2 * (size - at));
        bounds[2 * at] = start;
        bounds[2 * at + 1] = end;
        size++;
    }

    private void remove(int at) {
        System.arraycopy(bounds, 2 * at + 2, bounds, 2 * at, 2 * (size - at - 1));
        size--;
    }
}
