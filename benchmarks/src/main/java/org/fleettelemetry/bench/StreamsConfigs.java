package org.fleettelemetry.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.fleettelemetry.stack.Ports;

/** The streams app's settings for one measure: its own application id, topics and state folder. */
public final class StreamsConfigs {
    private StreamsConfigs() {}

    public record Topics(String events, String heartbeats, String alerts, String deadLetter) {
        public static Topics prefixed(String prefix) {
            return new Topics(prefix + ".events", prefix + ".heartbeats", prefix + ".alerts", prefix + ".dlq");
        }
    }

    public static Map<String, String> of(BenchStack stack, String applicationId, Topics topics, Path stateDir) {
        Map<String, String> c = new HashMap<>();
        c.put("application.id", applicationId);
        c.put("kafka.bootstrap.servers", stack.bootstrap());
        c.put("schema.registry.url", stack.registry().ccompat());
        c.put("state.dir", stateDir.toString());
        c.put("topic.events", topics.events());
        c.put("topic.heartbeats", topics.heartbeats());
        c.put("topic.alerts", topics.alerts());
        c.put("topic.dead-letter", topics.deadLetter());
        c.put("http.port", Integer.toString(Ports.freePort()));
        c.put("kafka.streams.replication.factor", "1");
        return c;
    }
}
