package org.fleettelemetry.streams.query;

/**
 * How instances ask each other: internal routes that answer from the local stores only (never forwarded again), and
 * the headers every answer carries.
 */
public final class QueryProtocol {
    /** {@code GET /internal/v1/key/{op}?key=...}: one key, read here (active copy, or a copy within maxLag). */
    public static final String KEY_PATH = "/internal/v1/key/";

    /** {@code GET /internal/v1/share/{op}}: this instance's part of a collection. */
    public static final String SHARE_PATH = "/internal/v1/share/";

    /** Set on forwarded requests: the instance that forwarded it. A request carrying it is answered locally. */
    public static final String HOP_HEADER = "X-Fleet-Hop";

    /** On every key answer: the instance whose store answered. */
    public static final String SERVED_BY_HEADER = "X-Fleet-Served-By";

    /** On a key answer read from a standby or restoring copy: that copy's changelog lag in records. */
    public static final String STALE_LAG_HEADER = "X-Fleet-Stale-Lag";

    public static final String KEY_PARAM = "key";
    public static final String MAX_LAG_PARAM = "maxLag";

    private QueryProtocol() {}
}
