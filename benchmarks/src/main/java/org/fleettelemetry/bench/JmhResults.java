package org.fleettelemetry.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The scores of a JMH run, read from its {@code -rf json} file. */
public final class JmhResults {
    private JmhResults() {}

    /** One benchmark's score: its short name (Class.method), score, error (99.9 %) and unit. */
    public record Score(String benchmark, double score, double error, String unit) {}

    public static List<Score> read(Path json) throws IOException {
        List<Score> scores = new ArrayList<>();
        for (JsonNode run : new ObjectMapper().readTree(json.toFile())) {
            String name = run.get("benchmark").asText();
            String[] parts = name.split("\\.");
            String shortName = parts[parts.length - 2] + "." + parts[parts.length - 1];
            JsonNode metric = run.get("primaryMetric");
            scores.add(new Score(
                    shortName,
                    metric.get("score").asDouble(),
                    metric.get("scoreError").asDouble(),
                    metric.get("scoreUnit").asText()));
        }
        return scores;
    }

    public static Optional<Score> find(List<Score> scores, String shortName) {
        return scores.stream().filter(s -> s.benchmark().equals(shortName)).findFirst();
    }
}
