package org.fleettelemetry.config;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Typed reads over a flat key map that collect every problem (not just the first) and remember which
 * keys were used, so unknown keys can be reported by name.
 */
public final class ConfigReader {
    private final Map<String, String> values;
    private final Set<String> used = new HashSet<>();
    private final List<String> problems = new ArrayList<>();

    public ConfigReader(Map<String, String> values) {
        this.values = new TreeMap<>(values);
    }

    public String string(String key, String defaultValue) {
        used.add(key);
        String v = values.get(key);
        return v == null || v.isBlank() ? defaultValue : v;
    }

    public String required(String key) {
        String v = string(key, null);
        if (v == null) {
            problems.add(key + " is required");
        }
        return v;
    }

    public long longValue(String key, long defaultValue, long min, long max) {
        return parse(key, defaultValue, s -> {
            long v = parseSize(s);
            if (v < min || v > max) {
                throw new IllegalArgumentException("must be between " + min + " and " + max);
            }
            return v;
        });
    }

    public int intValue(String key, int defaultValue, int min, int max) {
        return (int) longValue(key, defaultValue, min, max);
    }

    public double doubleValue(String key, double defaultValue, double min, double max) {
        return parse(key, defaultValue, s -> {
            double v = Double.parseDouble(s);
            if (!(v >= min && v <= max)) {
                throw new IllegalArgumentException("must be between " + min + " and " + max);
            }
            return v;
        });
    }

    /** {@code 30s}, {@code 500ms}, {@code 5m}, {@code 2h}, {@code 1d}, a bare number of milliseconds, or ISO-8601 {@code PT30S}. */
    public Duration duration(String key, Duration defaultValue) {
        return parse(key, defaultValue, ConfigReader::parseDuration);
    }

    public ZoneId zone(String key, ZoneId defaultValue) {
        return parse(key, defaultValue, ZoneId::of);
    }

    public boolean bool(String key, boolean defaultValue) {
        return parse(key, defaultValue, s -> switch (s.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException("must be true or false");
        });
    }

    public <E extends Enum<E>> E enumValue(String key, Class<E> type, E defaultValue) {
        return parse(
                key,
                defaultValue,
                s -> Enum.valueOf(type, s.trim().toUpperCase(Locale.ROOT).replace('-', '_')));
    }

    public List<String> list(String key, List<String> defaultValue) {
        return parse(
                key,
                defaultValue,
                s -> java.util.Arrays.stream(s.split(","))
                        .map(String::trim)
                        .filter(p -> !p.isEmpty())
                        .toList());
    }

    /** Every key under {@code prefix}, without the prefix, all marked used. */
    public Map<String, String> prefixed(String prefix) {
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix) && k.length() > prefix.length()) {
                used.add(k);
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    public void problem(String message) {
        problems.add(message);
    }

    /** Throws a {@link ConfigException} listing every problem and every unknown key. */
    public void finish() {
        for (String key : values.keySet()) {
            if (!used.contains(key)) {
                problems.add("unknown key " + key);
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    private <T> T parse(String key, T defaultValue, Function<String, T> parser) {
        used.add(key);
        String raw = values.get(key);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        try {
            return parser.apply(raw.trim());
        } catch (RuntimeException e) {
            problems.add(key + "='" + raw + "' is invalid: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return defaultValue;
        }
    }

    static Duration parseDuration(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        if (v.startsWith("p")) {
            return Duration.parse(v.toUpperCase(Locale.ROOT));
        }
        int split = 0;
        while (split < v.length() && (Character.isDigit(v.charAt(split)) || v.charAt(split) == '.')) {
            split++;
        }
        if (split == 0) {
            throw new IllegalArgumentException("expected a duration such as 30s, 500ms, 5m");
        }
        double amount = Double.parseDouble(v.substring(0, split));
        String unit = v.substring(split).trim();
        long millis = switch (unit) {
            case "", "ms" -> Math.round(amount);
            case "s" -> Math.round(amount * 1000);
            case "m", "min" -> Math.round(amount * 60_000);
            case "h" -> Math.round(amount * 3_600_000);
            case "d" -> Math.round(amount * 86_400_000);
            default -> throw new IllegalArgumentException("unknown duration unit '" + unit + "' (ms, s, m, h, d)");
        };
        if (millis < 0) {
            throw new IllegalArgumentException("must not be negative");
        }
        return Duration.ofMillis(millis);
    }

    /** A byte size or count: {@code 1048576}, {@code 256k}, {@code 64MiB}, {@code 1g}. */
    static long parseSize(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT).replace("ib", "").replace("b", "");
        long factor = 1;
        if (v.endsWith("k")) {
            factor = 1024;
        } else if (v.endsWith("m")) {
            factor = 1024 * 1024;
        } else if (v.endsWith("g")) {
            factor = 1024L * 1024 * 1024;
        }
        if (factor != 1) {
            v = v.substring(0, v.length() - 1).trim();
        }
        return Math.multiplyExact(Long.parseLong(v), factor);
    }
}
