package org.fleettelemetry.streams.query;

/**
 * Who asks and how fresh the answer must be.
 *
 * @param authorization the caller's Authorization header, passed on when a query is forwarded
 * @param maxLag the largest changelog lag (records) of a standby or restoring copy the caller accepts
 * @param hopFrom the instance that forwarded this query, null when it came from a client: a forwarded query is
 *     answered locally, never forwarded again
 */
public record QueryContext(String authorization, long maxLag, String hopFrom) {
    public static final long DEFAULT_MAX_LAG = 0;

    public boolean forwarded() {
        return hopFrom != null;
    }
}
