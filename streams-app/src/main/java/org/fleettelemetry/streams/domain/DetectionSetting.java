package org.fleettelemetry.streams.domain;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * One detection setting: its config key, the name its accessor and messages use, its type, default, bounds and
 * meaning. {@link DetectionParams#SETTINGS} is the table of them, the one place a setting is declared: the typed
 * params, the config reader, the {@code config} command and the README's list all come from it.
 *
 * @param <T> {@link Duration}, {@link Integer}, {@link Long} or {@link Double}
 */
public final class DetectionSetting<T> {
    /** The value types a setting can have, each with the way it is read, checked and written. */
    public enum Kind {
        DURATION,
        INT,
        LONG,
        DOUBLE
    }

    private final String key;
    private final String name;
    private final Kind kind;
    private final T defaultValue;
    private final double min;
    private final double max;
    private final boolean minExclusive;
    private final boolean maxExclusive;
    private final String doc;

    private DetectionSetting(
            String key,
            String name,
            Kind kind,
            T defaultValue,
            double min,
            boolean minExclusive,
            double max,
            boolean maxExclusive,
            String doc) {
        this.key = key;
        this.name = name;
        this.kind = kind;
        this.defaultValue = defaultValue;
        this.min = min;
        this.minExclusive = minExclusive;
        this.max = max;
        this.maxExclusive = maxExclusive;
        this.doc = doc;
    }

    /** A duration that must be positive ({@code zeroAllowed} false) or not negative. */
    static DetectionSetting<Duration> duration(
            String key, String name, Duration defaultValue, boolean zeroAllowed, String doc) {
        return new DetectionSetting<>(
                key, name, Kind.DURATION, defaultValue, 0, !zeroAllowed, Double.MAX_VALUE, false, doc);
    }

    /** An int in [min, max]. */
    static DetectionSetting<Integer> integer(String key, String name, int defaultValue, int min, int max, String doc) {
        return new DetectionSetting<>(key, name, Kind.INT, defaultValue, min, false, max, false, doc);
    }

    /** A long in [min, max]. */
    static DetectionSetting<Long> longValue(
            String key, String name, long defaultValue, long min, long max, String doc) {
        return new DetectionSetting<>(key, name, Kind.LONG, defaultValue, min, false, max, false, doc);
    }

    /** A fraction in (0, 1]. */
    static DetectionSetting<Double> fraction(String key, String name, double defaultValue, String doc) {
        return new DetectionSetting<>(key, name, Kind.DOUBLE, defaultValue, 0, true, 1, false, doc);
    }

    /** A fraction in [0, 1). */
    static DetectionSetting<Double> margin(String key, String name, double defaultValue, String doc) {
        return new DetectionSetting<>(key, name, Kind.DOUBLE, defaultValue, 0, false, 1, true, doc);
    }

    /** The config key, {@code detect.*}. */
    public String key() {
        return key;
    }

    /** The accessor's name, used in messages. */
    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    public T defaultValue() {
        return defaultValue;
    }

    /** What it means, one or two sentences. */
    public String doc() {
        return doc;
    }

    /** The lowest value allowed, as the config reader takes bounds (durations: in milliseconds). */
    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    /**
     * The value in the type of this setting, or {@link IllegalArgumentException} naming it when the value has the
     * wrong type or is out of bounds.
     */
    T check(Object value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " (" + key + ") must be set");
        }
        Class<?> type = switch (kind) {
            case DURATION -> Duration.class;
            case INT -> Integer.class;
            case LONG -> Long.class;
            case DOUBLE -> Double.class;
        };
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException(
                    name + " (" + key + ") must be a " + type.getSimpleName() + ", was " + value);
        }
        double v = kind == Kind.DURATION ? ((Duration) value).toMillis() : ((Number) value).doubleValue();
        boolean low = minExclusive ? !(v > min) : !(v >= min);
        boolean high = maxExclusive ? !(v < max) : !(v <= max);
        if (low || high) {
            throw new IllegalArgumentException(name + " (" + key + ") must be " + bounds() + ", was " + format(value));
        }
        @SuppressWarnings("unchecked")
        T typed = (T) value;
        return typed;
    }

    /** The allowed range in words: what the {@code config} command and the messages say. */
    public String bounds() {
        if (kind == Kind.DURATION) {
            return minExclusive ? "a positive duration" : "a duration, not negative";
        }
        String lo = (minExclusive ? "(" : "[") + number(min);
        String hi = number(max) + (maxExclusive ? ")" : "]");
        return "in " + lo + ", " + hi;
    }

    /** A value as the config takes it: {@code 30s}, {@code 5m}, {@code 1h}, {@code 0.2}, {@code 3}. */
    public String format(Object value) {
        if (value instanceof Duration d) {
            long ms = d.toMillis();
            if (ms % 3_600_000 == 0 && ms != 0) {
                return ms / 3_600_000 + "h";
            }
            if (ms % 60_000 == 0 && ms != 0) {
                return ms / 60_000 + "m";
            }
            if (ms % 1000 == 0) {
                return ms / 1000 + "s";
            }
            return ms + "ms";
        }
        return String.valueOf(value);
    }

    private static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%s", v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DetectionSetting<?> s && key.equals(s.key);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key);
    }

    @Override
    public String toString() {
        return key;
    }
}
