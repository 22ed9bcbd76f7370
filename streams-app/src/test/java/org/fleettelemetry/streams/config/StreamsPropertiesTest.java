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
        Properties p = StreamsProperties.of(StreamsAppConfig.from(base()));
        StreamsConfig defaults = new StreamsConfig(p);
        assertThat(defaults.getProducerConfigs("client").get(ProducerConfig.BATCH_SIZE_CONFIG))
                .isEqualTo(64 * 1024);
        // Kafka Streams' own linger (the commit interval), which the comment on the batch size relies on
        assertThat(defaults.getProducerConfigs("client").get(ProducerConfig.LINGER_MS_CONFIG))
                .isEqualTo("100");

        Map<String, String> c = base();
        c.put("kafka.streams.producer.batch.size", "16384");
        StreamsConfig overridden = new StreamsConfig(StreamsProperties.of(StreamsAppConfig.from(c)));
        assertThat(overridden.getProducerConfigs("client").get(ProducerConfig.BATCH_SIZE_CONFIG))
                .isEqualTo("16384");
    }

    @Test
    void shouldCompressTheProducersBatchesWithLz4UnlessSetUnderKafkaStreams() {
        StreamsConfig defaults = new StreamsConfig(StreamsProperties.of(StreamsAppConfig.from(base())));
        assertThat(defaults.getProducerConfigs("client").get(ProducerConfig.COMPRESSION_TYPE_CONFIG))
                .isEqualTo("lz4");

        Map<String, String> c = base();
        c.put("kafka.streams.producer.compression.type", "none");
        StreamsConfig overridden = new StreamsConfig(StreamsProperties.of(StreamsAppConfig.from(c)));
        assertThat(overridden.getProducerConfigs("client").get(ProducerConfig.COMPRESSION_TYPE_CONFIG))
                .isEqualTo("none");
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
