package org.fleettelemetry.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A topic as a manifest creates it: name, partitions, replicas and topic configs. */
record TopicSpec(String name, int partitions, int replicas, Map<String, String> config) {
    private static final Pattern CREATE = Pattern.compile("(?m)^create (\\S+) (\\d+)((?: +\\S+=\\S+)*) *$");
    private static final Pattern REPLICATION = Pattern.compile("--replication-factor (\\d+)");
    private static final Pattern BASE_CONFIG = Pattern.compile("--config ([a-z.]+)=([^\\s)]+)");

    /**
     * The topics compose's create-topics.sh creates: one {@code create NAME PARTITIONS [k=v]...} line each, with the
     * replication factor and base configs that its {@code create} function adds to every topic.
     */
    static Map<String, TopicSpec> fromCreateScript(Path script) {
        String text;
        try {
            text = Files.readString(script, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int body = text.indexOf("create() {");
        int end = text.indexOf("\n}", body);
        if (body < 0 || end < 0) {
            throw new IllegalArgumentException(script + ": no create() function");
        }
        String function = text.substring(body, end);
        Matcher rf = REPLICATION.matcher(function);
        if (!rf.find()) {
            throw new IllegalArgumentException(script + ": create() passes no --replication-factor");
        }
        Map<String, String> base = new TreeMap<>();
        Matcher b = BASE_CONFIG.matcher(function);
        while (b.find()) {
            base.put(b.group(1), b.group(2));
        }
        Map<String, TopicSpec> topics = new LinkedHashMap<>();
        Matcher m = CREATE.matcher(text.substring(end));
        while (m.find()) {
            Map<String, String> config = new TreeMap<>(base);
            for (String pair : m.group(3).trim().split(" +")) {
                if (!pair.isEmpty()) {
                    config.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
                }
            }
            topics.put(
                    m.group(1),
                    new TopicSpec(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(rf.group(1)), config));
        }
        return topics;
    }

    static Map<String, TopicSpec> fromKafkaTopics(K8sManifests k8s) {
        Map<String, TopicSpec> topics = new LinkedHashMap<>();
        for (K8sManifests.Resource r : k8s.ofKind("KafkaTopic")) {
            Map<String, Object> spec = r.spec();
            String name = spec.containsKey("topicName") ? Node.text(spec, "topicName") : r.name();
            Map<String, String> config = new TreeMap<>();
            Node.mapOrEmpty(spec, "config").forEach((k, v) -> config.put(k, v.toString()));
            topics.put(
                    name,
                    new TopicSpec(
                            name,
                            Integer.parseInt(Node.text(spec, "partitions")),
                            Integer.parseInt(Node.text(spec, "replicas")),
                            config));
        }
        return topics;
    }
}
