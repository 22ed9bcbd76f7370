package org.fleettelemetry.streams.http;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import org.fleettelemetry.schemas.avro.OutageScope;
import org.fleettelemetry.streams.query.BadParameterException;
import org.fleettelemetry.streams.query.QueryContext;
import org.fleettelemetry.streams.query.TimeRange;

/**
 * Request parameters, parsed and checked: a bad one is a {@link BadParameterException} naming it. Pure functions of
 * the raw strings (null when absent), so they are tested without a server.
 */
public final class Params {
    public static final int DEFAULT_LIMIT = 1_000;
    public static final int MAX_LIMIT = 100_000;
    /** The failures range when the caller gives neither end. */
    public static final Duration DEFAULT_RANGE = Duration.ofHours(1);

    private static final int MAX_KEY_LENGTH = 512;

    private Params() {}

    /** The largest changelog lag (records) of a standby copy the caller accepts; default 0. */
    public static long maxLag(String raw) {
        if (raw == null) {
            return QueryContext.DEFAULT_MAX_LAG;
        }
        try {
            long v = Long.parseLong(raw.trim());
            if (v < 0) {
                throw new BadParameterException("maxLag", "must be 0 or more, got " + raw);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new BadParameterException("maxLag", "must be a whole number of records, got '" + raw + "'");
        }
    }

    public static int limit(String raw) {
        if (raw == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int v = Integer.parseInt(raw.trim());
            if (v < 1 || v > MAX_LIMIT) {
                throw new BadParameterException("limit", "must be between 1 and " + MAX_LIMIT + ", got " + raw);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new BadParameterException("limit", "must be a whole number, got '" + raw + "'");
        }
    }

    /** An ISO-8601 instant ({@code 2025-03-01T10:00:00Z}) or date-time with an offset ({@code ...+02:00}). */
    public static Instant instant(String name, String raw) {
        try {
            return Instant.parse(raw.trim());
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(raw.trim()).toInstant();
            } catch (DateTimeParseException again) {
                throw new BadParameterException(
                        name,
                        "must be an ISO-8601 date-time with a zone, like " + "2025-03-01T10:00:00Z, got '" + raw + "'");
            }
        }
    }

    /**
     * [from, to): {@code to} defaults to now, {@code from} to {@link #DEFAULT_RANGE} before {@code to}; from must be
     * before to and the range at most {@code max}.
     */
    public static TimeRange range(String rawFrom, String rawTo, Instant now, Duration max) {
        Instant to = rawTo == null ? now : instant("to", rawTo);
        Instant from = rawFrom == null
                ? to.minus(DEFAULT_RANGE.compareTo(max) > 0 ? max : DEFAULT_RANGE)
                : instant("from", rawFrom);
        return TimeRange.of(from, to, max);
    }

    /** An optional enum value, case-insensitive; null when absent. */
    public static <E extends Enum<E>> E enumValue(String name, String raw, Class<E> type) {
        if (raw == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, raw.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadParameterException(
                    name, "must be one of " + Arrays.toString(type.getEnumConstants()) + ", got '" + raw + "'");
        }
    }

    /**
     * The {@code scope} filter of the outages: HOST, SITE, PROXY or FLEET (the exact scope). UNKNOWN is a symbol of the
     * schema for readers that meet a later scope, never one an outage here has, so it is refused like any other word.
     */
    public static OutageScope scope(String raw) {
        OutageScope scope = enumValue("scope", raw, OutageScope.class);
        if (scope == OutageScope.UNKNOWN) {
            throw new BadParameterException("scope", "must be one of [HOST, SITE, PROXY, FLEET], got '" + raw + "'");
        }
        return scope;
    }

    /** A site, endpoint or alert id from the path: not blank, not absurdly long, no control characters. */
    public static String id(String name, String raw) {
        if (raw == null || raw.isBlank()) {
            throw new BadParameterException(name, "must not be empty");
        }
        if (raw.length() > MAX_KEY_LENGTH) {
            throw new BadParameterException(name, "must be at most " + MAX_KEY_LENGTH + " characters");
        }
        for (int i = 0; i < raw.length(); i++) {
            if (Character.isISOControl(raw.charAt(i))) {
                throw new BadParameterException(name, "must not contain control characters");
            }
        }
        return raw;
    }
}
