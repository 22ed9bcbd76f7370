package org.fleettelemetry.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.TopologyException;
import org.apache.kafka.streams.kstream.Consumed;
import org.junit.jupiter.api.Test;

/**
 * The topology's description against a golden file, so that any change of processors, stores or internal topics
 * shows up as a diff in review (store and repartition names are part of the upgrade contract). Regenerate with
 * {@code -Dgolden.update=true} after a deliberate change, and commit the file.
 */
class TopologyDescribeTest {
    private static final Path GOLDEN = Path.of("src/test/resources/topology/describe.txt");
    private static final Map<String, Object> SERDE = Map.of("schema.registry.url", "http://registry.invalid:8081");

    @Test
    void shouldMatchTheGoldenDescriptionWhenBuiltWithDefaults() throws IOException {
        String described = describe();
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN.getParent());
            Files.writeString(GOLDEN, described, StandardCharsets.UTF_8);
        }

        assertThat(GOLDEN)
                .as("golden file; create it with -Dgolden.update=true")
                .exists();
        assertThat(described).isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
    }

    @Test
    void shouldNameEveryStoreAndInternalTopicWhenDescribed() {
        String described = describe();

        assertThat(described).doesNotContain("KSTREAM-").doesNotContain("KTABLE-");
        assertThat(described)
                .contains("(topic: " + InternalTopics.BY_SITE + "-repartition)")
                .contains("(topic: " + InternalTopics.TO_FLEET + "-repartition)");
        for (String store : new String[] {
            StoreNames.ENDPOINT_STATE,
            StoreNames.ENDPOINT_STAGE_META,
            StoreNames.SITE_STATE,
            StoreNames.SITE_ENDPOINTS,
            StoreNames.FAILURE_WINDOWS,
            StoreNames.FLEET_STATE,
            StoreNames.OPEN_ALERTS
        }) {
            assertThat(described).containsPattern("stores: \\[[^\\]]*\\b" + store + "\\b");
        }
    }

    @Test
    void shouldBeAcceptedWhenExplicitInternalResourceNamingIsEnforced() {
        Topology topology = ConnectivityTopology.build(TopologyParams.defaults(), SERDE);

        try (TopologyTestDriver driver = new TopologyTestDriver(topology, enforcingNames())) {
            assertThat(driver.getAllStateStores())
                    .containsKeys(
                            StoreNames.ENDPOINT_STATE,
                            StoreNames.ENDPOINT_STAGE_META,
                            StoreNames.SITE_STATE,
                            StoreNames.SITE_ENDPOINTS,
                            StoreNames.FAILURE_WINDOWS,
                            StoreNames.FLEET_STATE,
                            StoreNames.OPEN_ALERTS);
        }
    }

    /**
     * The topology's builder refuses generated names itself: Kafka checks the setting when the topology is built, so
     * the same key in the app's properties (above) would accept an unnamed store with a mere warning.
     */
    @Test
    void shouldRefuseAGeneratedStoreNameWhenTheTopologyBuilderBuildsIt() {
        StreamsBuilder builder = ConnectivityTopology.namingEnforcingBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .groupByKey()
                .count();

        assertThatThrownBy(builder::build)
                .isInstanceOf(TopologyException.class)
                .hasMessageContaining("KSTREAM-AGGREGATE-STATE-STORE");
    }

    private static Properties enforcingNames() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-describe-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        props.put(
                StreamsConfig.STATE_DIR_CONFIG,
                System.getProperty("java.io.tmpdir") + "/topology-describe-" + System.nanoTime());
        return props;
    }

    private static String describe() {
        return ConnectivityTopology.build(TopologyParams.defaults(), SERDE)
                .describe()
                .toString();
    }
}
