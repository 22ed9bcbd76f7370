package org.fleettelemetry.collector.it;

import java.util.Map;
import org.fleettelemetry.stack.junit.KafkaStack;
import org.fleettelemetry.stack.junit.TestNames;

/** A test's own event and heartbeat topics, named after the test, created on the shared broker. */
record Topics(String events, String heartbeats) {
    static final int PARTITIONS = 3;

    static Topics create(KafkaStack stack, Class<?> test, String method) {
        Topics topics = new Topics(TestNames.of(test, method, "events"), TestNames.of(test, method, "heartbeats"));
        stack.createTopics(Map.of(topics.events(), PARTITIONS, topics.heartbeats(), 1));
        return topics;
    }
}
