package org.fleettelemetry.streams.domain;

import java.util.Iterator;
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
 */
public final class EndpointFiles {
    public static final int MAX_FILES = 32;

    private final Map<String, SeenRanges> files;

    public EndpointFiles() {
        this(new LinkedHashMap<>());
    }

    private EndpointFiles(Map<String, SeenRanges> files) {
        this.files = files;
    }

    /** The files in the order the store keeps them (read-only use). */
    public Map<String, SeenRanges> files() {
        return files;
    }

    public static EndpointFiles of(Map<String, SeenRanges> files) {
        return new EndpointFiles(new LinkedHashMap<>(files));
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
        String key;
        if (start < 0) {
            key = eventId;
            start = 0;
            endOffset = null;
        } else {
            int from = eventId.startsWith(endpointId)
                            && colon > endpointId.length()
                            && eventId.charAt(endpointId.length()) == ':'
                    ? endpointId.length() + 1
                    : 0;
            key = eventId.substring(from, colon);
        }
        SeenRanges ranges = files.get(key);
        if (ranges == null) {
            forget(eventTime - retentionMs);
            ranges = new SeenRanges();
            files.put(key, ranges);
        }
        return ranges.add(start, endOffset == null ? start + 1 : endOffset, eventTime);
    }

    private void forget(long before) {
        files.values().removeIf(r -> r.lastEventTime() < before);
        while (files.size() >= MAX_FILES) {
            Iterator<Map.Entry<String, SeenRanges>> it = files.entrySet().iterator();
            Map.Entry<String, SeenRanges> oldest = it.next();
            for (Map.Entry<String, SeenRanges> e : files.entrySet()) {
                if (e.getValue().lastEventTime() < oldest.getValue().lastEventTime()) {
                    oldest = e;
                }
            }
            files.remove(oldest.getKey());
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
