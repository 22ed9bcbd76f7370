package org.fleettelemetry.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.fleettelemetry.streams.config.StreamsAppConfig;
import org.fleettelemetry.streams.config.StreamsProperties;
import org.fleettelemetry.streams.http.HttpApi;
import org.fleettelemetry.streams.metrics.AppMetrics;
import org.fleettelemetry.streams.query.QueryService;
import org.fleettelemetry.streams.topology.ConnectivityTopology;

/**
 * The streams app's real HTTP server on a free loopback port, in front of a Kafka Streams instance that is created
 * but never started (state CREATED: alive, not ready). Enough to ask which paths answer a probe without a token.
 */
final class ProbeServer implements AutoCloseable {
    private final KafkaStreams streams;
    private final AppMetrics metrics;
    private final HttpApi api;

    private ProbeServer(KafkaStreams streams, AppMetrics metrics, HttpApi api) {
        this.streams = streams;
        this.metrics = metrics;
        this.api = api;
    }

    static ProbeServer start(Path stateDir) {
        StreamsAppConfig config = StreamsAppConfig.from(Map.of(
                "kafka.bootstrap.servers", "127.0.0.1:1",
                "schema.registry.url", "http://127.0.0.1:1",
                "state.dir", stateDir.toString(),
                "http.port", "0",
                "api.tokens", "probe-test-token"));
        Topology topology = ConnectivityTopology.build(config.topology(), StreamsProperties.serdeConfig(config));
        KafkaStreams streams = new KafkaStreams(topology, StreamsProperties.of(config));
        AppMetrics metrics = new AppMetrics(streams);
        HttpApi api = HttpApi.start(
                config, QueryService.create(streams, topology.describe(), config, metrics.registry()), metrics);
        return new ProbeServer(streams, metrics, api);
    }

    String base() {
        return "http://127.0.0.1:" + api.port();
    }

    @Override
    public void close() {
        api.stop();
        metrics.close();
        streams.close(Duration.ofSeconds(5));
    }
}
