package org.fleettelemetry.streams.domain;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files of one endpoint whose events were counted, each with its {@link SeenRanges}: the app's dedup, kept with
 * the endpoint's state instead of one stored id per event.
 *
 * <p>An eventId is {@code endpointId:fileIdentity:startOffset} (see the collector's EntryAssembler). The file key is
 * the part before the last colon, without the endpoint prefix; an id that does not end in a number is its own key
 * with start 0, so such ids are deduplicated exactly while their key is kept. A file is forgotten once none of its
 * events is newer than the dedup retention, and past {@link #MAX_FILES} files the one written longest ago goes: a
 * rotated log's events are re-sent only while it is still being shipped.
 *
 * <p>Kept as two small arrays in the order the files were first seen, not as a map: an instance holds one of these per
 * endpoint (100,000 and more), a map cost about 270 bytes each before its first file (a histogram of the app with
 * 100,000 endpoints: 27 MiB of map, table, entries and views), and an endpoint has a handful of files, so a linear
 * search is as quick as a hash. The key of an event's file is compared in place in its eventId: only a new file's key
 * is cut out of it as a String.
 */
public final class EndpointFiles {
    public static final int MAX_FILES = 32;

    private static final String[] NO_KEYS = new String[0];
    private static final SeenRanges[] NO_RANGES = new SeenRanges[0];

    private String[] keys;
    private SeenRanges[] ranges;
    private int size;

    public EndpointFiles() {
        this.keys = NO_KEYS;
        this.ranges = NO_RANGES;
    }

    /** A copy of the files, in the order they were first seen (for tests and reading; the codec uses the indexes). */
    public Map<String, SeenRanges> files() {
        Map<String, SeenRanges> copy = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            copy.put(keys[i], ranges[i]);
        }
        return Collections.unmodifiableMap(copy);
    }

    public int size() {
        return size;
    }

    public String key(int i) {
        return keys[i];
    }

    public SeenRanges ranges(int i) {
        return ranges[i];
    }

    public static EndpointFiles of(Map<String, SeenRanges> files) {
        EndpointFiles f = new EndpointFiles();
        files.forEach(f::append);
        return f;
    }

    /**
     * Records one event's range unless it was counted before.
     *
     * @param endOffset the event's endOffset, null from collectors that do not send it
     * @param retentionMs files with no event newer than {@code eventTime - retentionMs} are forgotten
     */
    public SeenRanges.Outcome add(String endpointId, String eventId, Long endOffset, long eventTime, long retentionMs) {
        int colon = eventId.lastIndexOf(':');
        long start = colon < 0 ? -1 : parseOffset(eventId, colon + 1);
        int from;
        int to;
        if (start < 0) {
            from = 0;
            to = eventId.length();
            start = 0;
            endOffset = null;
        } else {
            from = eventId.startsWith(endpointId)
                            && colon > endpointId.length()
                            && eventId.charAt(endpointId.length()) == ':'
                    ? endpointId.length() + 1
                    : 0;
            to = colon;
        }
        int at = indexOf(eventId, from, to);
        SeenRanges file;
        if (at < 0) {
            forget(eventTime - retentionMs);
            file = new SeenRanges();
            append(from == 0 && to == eventId.length() ? eventId : eventId.substring(from, to), file);
        } else {
            file = ranges[at];
        }
        return file.add(start, endOffset == null ? start + 1 : endOffset, eventTime);
    }

    /** The index of the file whose key is {@code id[from, to)}, or -1. */
    private int indexOf(String id, int from, int to) {
        int length = to - from;
        for (int i = 0; i < size; i++) {
            String k = keys[i];
            if (k.length() == length && id.regionMatches(from, k, 0, length)) {
                return i;
            }
        }
        return -1;
    }

    private void append(String key, SeenRanges file) {
        if (size == keys.length) {
            // one more slot, not double: a file is added once per log file (a rotation at most), so the copy is rare,
            // and 100,000 endpoints with one file each kept 6 MiB of empty slots when the arrays began at 4
            keys = Arrays.copyOf(keys, size + 1);
            ranges = Arrays.copyOf(ranges, size + 1);
        }
        keys[size] = key;
        ranges[size] = file;
        size++;
    }

    private void remove(int at) {
        System.arraycopy(keys, at + 1, keys, at, size - at - 1);
        System.arraycopy(ranges, at + 1, ranges, at, size - at - 1);
        size--;
        keys[size] = null;
        ranges[size] = null;
    }

    private void forget(long before) {
        for (int i = size - 1; i >= 0; i--) {
            if (ranges[i].lastEventTime() < before) {
                remove(i);
            }
        }
        while (size >= MAX_FILES) {
            int oldest = 0;
            for (int i = 1; i < size; i++) {
                if (ranges[i].lastEventTime() < ranges[oldest].lastEventTime()) {
                    oldest = i;
                }
            }
            remove(oldest);
        }
    }

    /** The decimal number from {@code from} to the end, or -1 when it is not one. */
    private static long parseOffset(String id, int from) {
        int length = id.length();
        if (from >= length || length - from > 18) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < length; i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
