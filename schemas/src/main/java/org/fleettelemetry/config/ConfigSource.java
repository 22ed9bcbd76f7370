package org.fleettelemetry.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Builds the flat key map a config class validates: a properties file, then environment overrides
 * ({@code <PREFIX>_KAFKA_BOOTSTRAP_SERVERS} -> {@code kafka.bootstrap.servers}), then explicit
 * {@code --set key=value} pairs, later ones winning.
 */
public final class ConfigSource {
    private ConfigSource() {}

    public static Map<String, String> load(
            Path file, Map<String, String> environment, String envPrefix, Map<String, String> overrides) {
        Map<String, String> values = new TreeMap<>();
        if (file != null) {
            values.putAll(readProperties(file));
        }
        values.putAll(fromEnvironment(environment, envPrefix));
        values.putAll(overrides);
        return values;
    }

    public static Map<String, String> readProperties(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigException(java.util.List.of("cannot read config file " + file + ": " + e.getMessage()));
        }
        Map<String, String> values = new TreeMap<>();
        properties
                .stringPropertyNames()
                .forEach(k -> values.put(k.trim(), properties.getProperty(k).trim()));
        return values;
    }

    /** Variables named {@code <prefix>_A_B_C} become key {@code a.b.c}; others are ignored. */
    public static Map<String, String> fromEnvironment(Map<String, String> environment, String envPrefix) {
        String prefix = envPrefix + "_";
        Map<String, String> values = new TreeMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith(prefix) && name.length() > prefix.length()) {
                values.put(
                        name.substring(prefix.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        return values;
    }

    /** {@code key=value} (the first '=' splits) into a map; a pair without '=' is an error naming it. */
    public static Map<String, String> parsePairs(java.util.List<String> pairs) {
        Map<String, String> values = new TreeMap<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException(java.util.List.of("--set expects key=value, got '" + pair + "'"));
            }
            values.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return values;
    }
}
