package org.fleettelemetry.streams.domain;

import java.util.concurrent.ConcurrentHashMap;

/**
 * One String instance per distinct site, proxy, product, error code and host name. Every decoded event brings fresh
 * copies of these few values, and an endpoint's status and track keep the latest: with 100,000 endpoints in the
 * storm measure the copies were tens of MiB of live heap per stage, and G1 marked concurrently all the time (a sixth
 * of the app's CPU, async-profiler). Sharing them also makes the codecs' string tables and the per-event comparisons
 * hit on identity.
 *
 * <p>Bounded, since the values come from the input: past {@link #MAX} distinct values a string is kept as it is
 * (correct, only not shared). Never used for endpoint ids or messages, which are not few.
 */
public final class SharedStrings {
    static final int MAX = 65_536;
    private static final SharedStrings APP = new SharedStrings(MAX);

    private final int max;
    private final ConcurrentHashMap<String, String> shared = new ConcurrentHashMap<>();

    SharedStrings(int max) {
        this.max = max;
    }

    /** The app-wide shared instance equal to {@code value} (null for null). */
    public static String of(String value) {
        return APP.share(value);
    }

    /** The instance equal to {@code value} that this table shares, or {@code value} itself once the table is full. */
    String share(String value) {
        if (value == null) {
            return null;
        }
        String known = shared.get(value);
        if (known != null) {
            return known;
        }
        if (shared.size() >= max) {
            return value;
        }
        known = shared.putIfAbsent(value, value);
        return known == null ? value : known;
    }
}
