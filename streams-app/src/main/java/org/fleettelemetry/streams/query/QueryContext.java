package org.fleettelemetry.streams.query;

import java.util.Objects;

/**
 * Who asks and how fresh the answer must be.
 *
 * @param authorization the caller's Authorization header, passed on when a query is forwarded
 * @param maxLag the largest changelog lag (records) of a standby or restoring copy the caller accepts
 * @param hopFrom the instance that forwarded this query, null when it came from a client: a forwarded query is
 *     answered locally, never forwarded again
 * @param sites the sites the caller may see. It is not sent along with a forwarded query: the other instance
 *     authenticates the forwarded Authorization header itself and applies the same scope to what it reads.
 */
public record QueryContext(String authorization, long maxLag, String hopFrom, SiteFilter sites) {
    public static final long DEFAULT_MAX_LAG = 0;

    public QueryContext {
        Objects.requireNonNull(sites, "sites");
    }

    /** A caller that sees every site. */
    public QueryContext(String authorization, long maxLag, String hopFrom) {
        this(authorization, maxLag, hopFrom, SiteFilter.ALL);
    }

    public boolean forwarded() {
        return hopFrom != null;
    }
}
