package org.fleettelemetry.streams.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
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

    @Test
    void shouldGiveTheProducers64KiBBatchesUnlessSetUnderKafkaStreams() {
        assertThat(producerSetting(base(), ProducerConfig.BATCH_SIZE_CONFIG)).isEqualTo(64 * 1024);
        // Kafka Streams' own linger (the commit interval), which the comment on the batch size relies on
        assertThat(producerSetting(base(), ProducerConfig.LINGER_MS_CONFIG)).isEqualTo("100");

        Map<String, String> c = base();
        c.put("kafka.streams.producer.batch.size", "16384");
        assertThat(producerSetting(c, ProducerConfig.BATCH_SIZE_CONFIG)).isEqualTo("16384");
    }

    @Test
    void shouldCompressTheProducersBatchesWithLz4UnlessSetUnderKafkaStreams() {
        assertThat(producerSetting(base(), ProducerConfig.COMPRESSION_TYPE_CONFIG))
                .isEqualTo("lz4");

        Map<String, String> c = base();
        c.put("kafka.streams.producer.compression.type", "none");
        assertThat(producerSetting(c, ProducerConfig.COMPRESSION_TYPE_CONFIG)).isEqualTo("none");
    }

    /** What Kafka Streams hands its producers for {@code key}, from the app config {@code c}. */
    private static Object producerSetting(Map<String, String> c, String key) {
        return new StreamsConfig(StreamsProperties.of(StreamsAppConfig.from(c)))
                .getProducerConfigs("client")
                .get(key);
    }

    @Test
    void shouldBoundRocksDbWithTheAppsSetterAndSizesWhenNothingIsOverridden() {
        Map<String, String> c = base();
        c.put("state.memory", "96m");
        c.put("state.memory.write.buffer.ratio", "0.4");

        Properties p = StreamsProperties.of(StreamsAppConfig.from(c));

        assertThat(p.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG))
                .isEqualTo(BoundedRocksDbConfig.class.getName());
        assertThat(p.get(BoundedRocksDbConfig.MEMORY_CONFIG)).isEqualTo(96L * 1024 * 1024);
        assertThat(p.get(BoundedRocksDbConfig.WRITE_BUFFER_RATIO_CONFIG)).isEqualTo(0.4);
        // what a store's setter is handed: the app config's originals, as Kafka passes them to setConfig
        assertThat(BoundedRocksDbConfig.Sizes.from(new StreamsConfig(p).originals()))
                .isEqualTo(new BoundedRocksDbConfig.Sizes(96L * 1024 * 1024, 0.4));
    }

    @Test
    void shouldUseTheUsersSetterWhenOneIsSetUnderKafkaStreams() {
        Map<String, String> c = base();
        c.put("kafka.streams.rocksdb.config.setter", "com.example.TheirSetter");

        Properties p = StreamsProperties.of(StreamsAppConfig.from(c));

        assertThat(p.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG)).isEqualTo("com.example.TheirSetter");
    }

    private Map<String, String> base() {
        Map<String, String> c = new HashMap<>();
        c.put("kafka.bootstrap.servers", "127.0.0.1:1");
        c.put("schema.registry.url", "http://127.0.0.1:1");
        c.put("state.dir", dir.resolve("state").toString());
        return c;
    }
}
