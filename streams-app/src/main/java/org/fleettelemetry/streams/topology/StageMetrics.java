package org.fleettelemetry.streams.topology;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * The app's own counters, registered in Kafka Streams' metrics (so they reach /metrics through the same
 * binder): {@code <name>-rate} and {@code <name>-total} in group {@code stream-fleet-metrics}.
 */
final class StageMetrics {
    static final String SCOPE = "fleet";

    private StageMetrics() {}

    static Sensor sensor(ProcessorContext<?, ?> context, String name) {
        return context.metrics()
                .addRateTotalSensor(SCOPE, context.taskId().toString(), name, Sensor.RecordingLevel.INFO);
    }
}
