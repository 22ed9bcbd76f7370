package org.fleettelemetry.streams.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;

/**
 * One instance's meters, in Prometheus exposition: Kafka Streams' own metrics (Micrometer's binder), the JVM's, and
 * the app's (HTTP requests here; the query service's routing counters register themselves on the same registry).
 */
public final class AppMetrics implements AutoCloseable {
    /** Requests served by the HTTP API, by method, route template and status. */
    public static final String HTTP_REQUESTS = "fleet.http.requests";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final KafkaStreamsMetrics streamsMetrics;
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private final ConcurrentMap<String, Timer> requestTimers = new ConcurrentHashMap<>();

    public AppMetrics(KafkaStreams streams) {
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The text Prometheus scrapes. */
    public String scrape() {
        return registry.scrape();
    }

    /** @param route the route template (e.g. {@code /api/v1/sites/{site}}), so that ids do not explode the series */
    public void request(String method, String route, int status, long nanos) {
        String key = method + ' ' + route + ' ' + status;
        Timer timer = requestTimers.get(key);
        if (timer == null) {
            timer = requestTimers.computeIfAbsent(
                    key,
                    k -> Timer.builder(HTTP_REQUESTS)
                            .description("Requests served by the query API")
                            .tag("method", method)
                            .tag("route", route)
                            .tag("status", Integer.toString(status))
                            .register(registry));
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        streamsMetrics.close();
        gcMetrics.close();
        registry.close();
    }
}
