package org.fleettelemetry.streams.query;

import java.time.Duration;
import java.time.Instant;

/** A half-open time range [from, to) no longer than a bound (the failure windows' retention). */
public record TimeRange(Instant from, Instant to) {
    /**
     * @throws BadParameterException when from is not before to, or the range is longer than {@code max}
     */
    public static TimeRange of(Instant from, Instant to, Duration max) {
        if (!from.isBefore(to)) {
            throw new BadParameterException("from", "must be before 'to' (" + from + " is not before " + to + ")");
        }
        Duration length = Duration.between(from, to);
        if (length.compareTo(max) > 0) {
            throw new BadParameterException(
                    "to",
                    "the range " + length + " is longer than the maximum " + max + " (the failure windows' retention)");
        }
        return new TimeRange(from, to);
    }
}
