package org.fleettelemetry.collector.it;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.fleettelemetry.collector.config.CollectorConfig;
import org.fleettelemetry.stack.junit.KafkaStack;

/**
 * The collector configuration the ITs run with: the stack's broker and registry, the test's own topics,
 * short intervals so that catching up is quick. Endpoint facts are fixed here so the offline parse that
 * gives the expectation stamps the very same values.
 */
final class CollectorSettings {
    static final String PROXY = "proxy.example.intern:3128";
    static final String PRODUCT = "Elements EPP for Computers";
    static final ZoneId ZONE = ZoneId.of("Europe/Helsinki");

    /** Who an endpoint is. */
    record Endpoint(String id, String site) {}

    private final Map<String, String> values = new TreeMap<>();

    private CollectorSettings() {}

    static CollectorSettings of(KafkaStack stack, Endpoint endpoint, Path log, Path stateDir, Topics topics) {
        CollectorSettings s = new CollectorSettings();
        s.values.put("endpoint.id", endpoint.id());
        s.values.put("site", endpoint.site());
        s.values.put("proxy", PROXY);
        s.values.put("product", PRODUCT);
        s.values.put("zone", ZONE.getId());
        s.values.put("logs", log.toAbsolutePath().toString());
        s.values.put("state.dir", stateDir.toAbsolutePath().toString());
        s.values.put("kafka.bootstrap.servers", stack.bootstrapServers());
        s.values.put("schema.registry.url", stack.registryUrl());
        s.values.put("topic.events", topics.events());
        s.values.put("topic.heartbeats", topics.heartbeats());
        s.values.put("heartbeat.interval", "1s");
        s.values.put("poll.interval", "100ms");
        s.values.put("idle.flush", "500ms");
        s.values.put("metrics.log.interval", "0s");
        // PROXY does not exist, and the ITs count every event on the topic: the probe's own IT turns it on
        s.values.put("probe.enabled", "false");
        return s;
    }

    CollectorSettings set(String key, String value) {
        values.put(key, value);
        return this;
    }

    Map<String, String> values() {
        return Map.copyOf(values);
    }

    CollectorConfig config() {
        return CollectorConfig.from(values);
    }

    /** As a properties file, for {@code collector run --config FILE}. */
    Path writeTo(Path file) throws IOException {
        Properties properties = new Properties();
        properties.putAll(values);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(out, "written by " + CollectorSettings.class.getSimpleName());
        }
        return file;
    }
}
