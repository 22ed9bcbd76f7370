package org.fleettelemetry.streams.query;

import java.time.Duration;

/**
 * The state cannot be served right now (rebalancing, restoring, a standby too far behind, the owner unreachable):
 * the caller should retry after {@link #retryAfter()}.
 */
public final class UnavailableException extends QueryException {
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(2);

    private final Duration retryAfter;

    public UnavailableException(String message) {
        this(message, DEFAULT_RETRY_AFTER);
    }

    public UnavailableException(String message, Duration retryAfter) {
        super("unavailable", message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
