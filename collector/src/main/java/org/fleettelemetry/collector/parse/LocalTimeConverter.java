package org.fleettelemetry.collector.parse;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Objects;

/**
 * Turns the agent's local timestamps (no zone) into UTC with the endpoint's zone.
 *
 * <ul>
 *   <li>Outside DST transitions a local time has one offset and maps to one instant.
 *   <li><b>Gap</b> (clocks jump forward, the local time never existed): the time is shifted forward by
 *       the gap's length, i.e. read with the offset before the gap (as {@code ZonedDateTime.ofLocal}).
 *   <li><b>Overlap</b> (clocks go back, the hour repeats): the earlier offset (the one in force before
 *       the transition, the first pass through the hour), UNLESS that would put the entry more than
 *       {@link #BACKWARDS_TOLERANCE} before the previous entry of the same file while the later offset
 *       would not: then the log is in the second pass of the repeated hour and the later offset is used.
 *       The tolerance absorbs the small disorder of entries written by several threads. Without a
 *       previous entry (first entry of a file, or a collector started inside the repeated hour) the
 *       earlier offset is used, so such an entry may be placed an hour early: the log holds no
 *       information to do better.
 * </ul>
 *
 * <p>Pure in its results; it memoises the last span of local time with a single offset (the ZoneRules
 * lookup is the costly part), so an instance is not thread-safe: use one per file.
 */
public final class LocalTimeConverter {

    /** Pass as the previous entry's time when there is none. */
    public static final long NO_PREVIOUS = Long.MIN_VALUE;

    static final Duration BACKWARDS_TOLERANCE = Duration.ofMinutes(5);
    private static final long TOLERANCE_MILLIS = BACKWARDS_TOLERANCE.toMillis();

    private final ZoneRules rules;
    private long cachedFrom = 1;
    private long cachedUntil = 0;
    private long cachedOffsetMillis;

    public LocalTimeConverter(ZoneId zone) {
        this.rules = Objects.requireNonNull(zone, "zone").getRules();
    }

    public Instant toInstant(LocalDateTime local, Instant previous) {
        long localMillis = local.toInstant(ZoneOffset.UTC).toEpochMilli();
        long previousMillis = previous == null ? NO_PREVIOUS : previous.toEpochMilli();
        return Instant.ofEpochMilli(toEpochMillis(localMillis, previousMillis));
    }

    /**
     * @param localEpochMillis the local date-time as milliseconds since 1970-01-01T00:00 local
     * @param previousEpochMillis the UTC time of the previous entry of the same file, or {@link #NO_PREVIOUS}
     * @return UTC milliseconds since the epoch
     */
    public long toEpochMillis(long localEpochMillis, long previousEpochMillis) {
        if (localEpochMillis >= cachedFrom && localEpochMillis < cachedUntil) {
            return localEpochMillis - cachedOffsetMillis;
        }
        LocalDateTime local = LocalDateTime.ofEpochSecond(
                Math.floorDiv(localEpochMillis, 1000L),
                (int) Math.floorMod(localEpochMillis, 1000L) * 1_000_000,
                ZoneOffset.UTC);
        ZoneOffsetTransition transition = rules.getTransition(local);
        if (transition == null) {
            long offsetMillis = rules.getOffset(local).getTotalSeconds() * 1000L;
            remember(localEpochMillis, offsetMillis);
            return localEpochMillis - offsetMillis;
        }
        long earlier = localEpochMillis - transition.getOffsetBefore().getTotalSeconds() * 1000L;
        if (transition.isGap()) {
            return earlier;
        }
        long later = localEpochMillis - transition.getOffsetAfter().getTotalSeconds() * 1000L;
        boolean secondPass = previousEpochMillis != NO_PREVIOUS
                && previousEpochMillis - earlier > TOLERANCE_MILLIS
                && previousEpochMillis - later <= TOLERANCE_MILLIS;
        return secondPass ? later : earlier;
    }

    /** Remembers the span of local time around this one that has exactly this one offset. */
    private void remember(long localEpochMillis, long offsetMillis) {
        Instant instant = Instant.ofEpochMilli(localEpochMillis - offsetMillis);
        ZoneOffsetTransition previous = rules.previousTransition(instant.plusMillis(1));
        ZoneOffsetTransition next = rules.nextTransition(instant);
        long from = previous == null
                ? Long.MIN_VALUE
                : Math.max(localMillis(previous.getDateTimeBefore()), localMillis(previous.getDateTimeAfter()));
        long until = next == null
                ? Long.MAX_VALUE
                : Math.min(localMillis(next.getDateTimeBefore()), localMillis(next.getDateTimeAfter()));
        if (localEpochMillis >= from && localEpochMillis < until) {
            cachedFrom = from;
            cachedUntil = until;
            cachedOffsetMillis = offsetMillis;
        }
    }

    private static long localMillis(LocalDateTime local) {
        return local.toEpochSecond(ZoneOffset.UTC) * 1000L + local.getNano() / 1_000_000;
    }
}
