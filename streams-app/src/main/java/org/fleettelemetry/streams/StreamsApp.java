package org.fleettelemetry.streams;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.fleettelemetry.streams.config.StreamsAppConfig;
import org.fleettelemetry.streams.config.StreamsProperties;
import org.fleettelemetry.streams.http.HttpApi;
import org.fleettelemetry.streams.metrics.AppMetrics;
import org.fleettelemetry.streams.query.ActionService;
import org.fleettelemetry.streams.query.QueryService;
import org.fleettelemetry.streams.topology.ConnectivityTopology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running instance: the Kafka Streams app and, around it, what serves its state (query API, metrics). */
public final class StreamsApp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamsApp.class);

    private final StreamsAppConfig config;
    private final KafkaStreams streams;
    private final AppMetrics metrics;
    private final HttpApi http;
    private final ActionService actions;

    private StreamsApp(
            StreamsAppConfig config, KafkaStreams streams, AppMetrics metrics, HttpApi http, ActionService actions) {
        this.config = config;
        this.streams = streams;
        this.metrics = metrics;
        this.http = http;
        this.actions = actions;
    }

    public static StreamsApp start(StreamsAppConfig config) {
        Topology topology = ConnectivityTopology.build(config.topology(), StreamsProperties.serdeConfig(config));
        Properties properties = StreamsProperties.of(config);
        LegacyStateCheck.verify(properties);
        RegisteredSchemasCheck.verify(
                StreamsProperties.serdeConfig(config),
                java.util.List.of(
                        config.topology().alertsTopic(), config.topology().actionsTopic()));
        ActionsTopicCheck.ensure(properties, config.topology().actionsTopic());
        KafkaStreams streams = new KafkaStreams(topology, properties);
        streams.setUncaughtExceptionHandler(e -> {
            log.error("stream thread failed; replacing it (the task's input is read again)", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setGlobalStateRestoreListener(new RestoreLog());
        AppMetrics metrics = new AppMetrics(streams);
        QueryService query = QueryService.create(streams, topology.describe(), config, metrics.registry());
        streams.setStateListener((now, before) -> {
            log.info("streams state {} -> {}", before, now);
            query.onStateChange(now);
        });
        ActionService actions = ActionService.create(
                streams,
                query,
                properties,
                StreamsProperties.serdeConfig(config),
                config.topology().actionsTopic(),
                config.silenceMaxDuration());
        HttpApi http;
        try {
            // the API answers (503, not ready) while streams starts: probes and peers see why
            http = HttpApi.start(config, query, actions, metrics);
        } catch (RuntimeException e) {
            actions.close();
            metrics.close();
            streams.close(Duration.ofSeconds(5));
            throw e;
        }
        StreamsApp app = new StreamsApp(config, streams, metrics, http, actions);
        streams.start();
        log.info(
                "query API on {}:{} (advertised as {}:{})",
                config.httpHost(),
                http.port(),
                config.advertisedHost(),
                config.httpPort());
        return app;
    }

    public KafkaStreams streams() {
        return streams;
    }

    public StreamsAppConfig config() {
        return config;
    }

    /** The query API of this instance. */
    public HttpApi http() {
        return http;
    }

    public void close(Duration timeout) {
        http.stop();
        actions.close();
        streams.close(timeout);
        metrics.close();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
