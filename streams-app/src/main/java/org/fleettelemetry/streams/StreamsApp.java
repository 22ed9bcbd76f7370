package org.fleettelemetry.streams;

import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.fleettelemetry.streams.config.StreamsAppConfig;
import org.fleettelemetry.streams.config.StreamsProperties;
import org.fleettelemetry.streams.topology.ConnectivityTopology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running instance: the Kafka Streams app and, around it, what serves its state. */
public final class StreamsApp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamsApp.class);

    private final StreamsAppConfig config;
    private final KafkaStreams streams;

    private StreamsApp(StreamsAppConfig config, KafkaStreams streams) {
        this.config = config;
        this.streams = streams;
    }

    public static StreamsApp start(StreamsAppConfig config) {
        Topology topology = ConnectivityTopology.build(config.topology(), StreamsProperties.serdeConfig(config));
        KafkaStreams streams = new KafkaStreams(topology, StreamsProperties.of(config));
        streams.setUncaughtExceptionHandler(e -> {
            log.error("stream thread failed; replacing it (the task's input is read again)", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((now, before) -> log.info("streams state {} -> {}", before, now));
        StreamsApp app = new StreamsApp(config, streams);
        streams.start();
        return app;
    }

    public KafkaStreams streams() {
        return streams;
    }

    public StreamsAppConfig config() {
        return config;
    }

    public void close(Duration timeout) {
        streams.close(timeout);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
