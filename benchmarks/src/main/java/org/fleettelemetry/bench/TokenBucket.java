package org.fleettelemetry.bench;

/**
 * Paces an offered load on the wall clock: tokens accrue at {@code ratePerSecond} up to {@code capacity}, one per
 * record. The small capacity is the point: a sender that stalls (a full producer buffer) may catch up only that
 * much, so the offered rate stays steady and a shortfall shows as a lower achieved rate instead of a burst.
 * Starts empty. Not thread-safe.
 */
final class TokenBucket {
    private final double perNano;
    private final double capacity;
    private double tokens;
    private long last;

    TokenBucket(double ratePerSecond, double capacity, long startNanos) {
        if (!(ratePerSecond > 0) || !(capacity >= 1)) {
            throw new IllegalArgumentException(
                    "need a positive rate and a capacity of at least 1, got " + ratePerSecond + "/s and " + capacity);
        }
        this.perNano = ratePerSecond / 1e9;
        this.capacity = capacity;
        this.last = startNanos;
    }

    /** Takes up to {@code max} whole tokens of those accrued by {@code nowNanos}; returns how many were taken. */
    int take(long nowNanos, int max) {
        if (nowNanos > last) {
            tokens = Math.min(capacity, tokens + (nowNanos - last) * perNano);
            last = nowNanos;
        }
        int taken = (int) Math.min(max, Math.floor(tokens));
        tokens -= taken;
        return taken;
    }

    /** Nanoseconds from the last {@link #take} until a whole token is there (0 when one is). */
    long nanosToNext() {
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / perNano);
    }
}
