package org.fleettelemetry.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.fleettelemetry.collector.config.CollectorConfig;
import org.fleettelemetry.collector.metrics.CollectorMeters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime's meters: Prometheus and {@code /metrics} when {@code metrics.port} is set; with it off (an
 * endpoint's default) the same meters in Micrometer's simple registry, and no Prometheus client loaded for
 * nothing (BENCHMARKS-ANALYSIS.md, "The collector's RSS with the probe").
 */
class CollectorRuntimeMetricsTest {
    @TempDir
    Path dir;

    private final Serializer<SpecificRecord> nothing = (topic, value) -> new byte[0];

    private CollectorConfig config() throws Exception {
        Path log = Files.writeString(dir.resolve("fsscorplug.log"), "");
        Map<String, String> m = new HashMap<>();
        m.put("endpoint.id", "metrics-pc");
        m.put("site", "hel");
        m.put("logs", log.toString());
        m.put("state.dir", dir.resolve("state").toString());
        m.put("probe.enabled", "false");
        m.put("kafka.bootstrap.servers", "127.0.0.1:9");
        m.put("schema.registry.url", "http://127.0.0.1:9/apis/ccompat/v7");
        return CollectorConfig.from(m);
    }

    private CollectorRuntime start(int port) throws Exception {
        return CollectorRuntime.start(
                List.of(config()),
                port,
                (c, r) -> new MockProducer<String, SpecificRecord>(true, null, new StringSerializer(), nothing));
    }

    @Test
    void servesPrometheusMetricsAndHealthWhenThePortIsSet() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        try (CollectorRuntime runtime = start(port)) {
            assertThat(runtime.meters()).isInstanceOf(PrometheusMeterRegistry.class);
            HttpResponse<String> metrics = get(port, "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("collector_lines_read");
            HttpResponse<String> health = get(port, "/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("UP");
        }
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void countsInTheSimpleRegistryWithThePortOff() throws Exception {
        try (CollectorRuntime runtime = start(0)) {
            assertThat(runtime.meters()).isInstanceOf(SimpleMeterRegistry.class);
            assertThat(runtime.meters().find(CollectorMeters.LINES_READ).meters())
                    .isNotEmpty();
        }
    }
}
