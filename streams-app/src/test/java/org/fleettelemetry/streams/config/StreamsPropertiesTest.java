package org.fleettelemetry.streams.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamsPropertiesTest {
    @TempDir
    Path dir;

    @Test
    void shouldNotIdleTasksAndKeepExactlyOnceWhenNothingIsOverridden() {
        Properties p = StreamsProperties.of(StreamsAppConfig.from(base()));
        assertThat(p.get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG)).isEqualTo(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        assertThat(p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(p).doesNotContainKey(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
    }

    @Test
    void shouldTakeThePassThroughValueWhenTaskIdlingIsSetUnderKafkaStreams() {
        Map<String, String> c = base();
        c.put("kafka.streams.max.task.idle.ms", "0");
        Properties p = StreamsProperties.of(StreamsAppConfig.from(c));
        assertThat(p.get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG)).isEqualTo("0");
    }

    private Map<String, String> base() {
        Map<String, String> c = new HashMap<>();
        c.put("kafka.bootstrap.servers", "127.0.0.1:1");
        c.put("schema.registry.url", "http://127.0.0.1:1");
        c.put("state.dir", dir.resolve("state").toString());
        return c;
    }
}
