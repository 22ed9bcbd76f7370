package org.fleettelemetry.streams.topology;

import java.time.Duration;
import org.fleettelemetry.schemas.Topics;
import org.fleettelemetry.streams.domain.DetectionParams;

/** Everything the topology needs, and nothing it must not know (no addresses, no secrets). */
public record TopologyParams(
        String eventsTopic,
        String heartbeatsTopic,
        String alertsTopic,
        String deadLetterTopic,
        String actionsTopic,
        Duration windowSize,
        Duration windowRetention,
        Duration grace,
        Duration dedupRetention,
        Duration evaluateInterval,
        DetectionParams detection) {

    public TopologyParams {
        if (windowSize.isZero() || windowSize.isNegative()) {
            throw new IllegalArgumentException("window.size must be positive");
        }
        if (windowRetention.compareTo(windowSize.plus(grace)) < 0) {
            throw new IllegalArgumentException("window.retention must be at least window.size + window.grace");
        }
        if (evaluateInterval.isZero() || evaluateInterval.isNegative()) {
            throw new IllegalArgumentException("evaluate.interval must be positive");
        }
        if (dedupRetention.isZero() || dedupRetention.isNegative()) {
            throw new IllegalArgumentException("dedup.retention must be positive");
        }
    }

    public static TopologyParams defaults() {
        return new TopologyParams(
                Topics.EVENTS,
                Topics.HEARTBEATS,
                Topics.ALERTS,
                Topics.DEAD_LETTER,
                Topics.ACTIONS,
                Duration.ofMinutes(1),
                Duration.ofHours(24),
                Duration.ofMinutes(10),
                Duration.ofHours(24),
                Duration.ofSeconds(10),
                DetectionParams.defaults());
    }

    public TopologyParams withDetection(DetectionParams d) {
        return new TopologyParams(
                eventsTopic,
                heartbeatsTopic,
                alertsTopic,
                deadLetterTopic,
                actionsTopic,
                windowSize,
                windowRetention,
                grace,
                dedupRetention,
                evaluateInterval,
                d);
    }
}
