package org.fleettelemetry.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.fleettelemetry.schemas.avro.AlertStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up warm-up takes the failure paths (outages open and resolve) and leaves nothing behind. */
class StartupWarmupTest {
    @TempDir
    Path stateDir;

    private Properties appProperties() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "fleet-connectivity");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName());
        return p;
    }

    @Test
    void shouldOpenAndResolveOutagesOfEveryKindWithoutDeadLettersAndRemoveItsState() throws Exception {
        // the registry the app would use does not exist: nothing may ask it
        Map<String, Object> serde = Map.of("schema.registry.url", "http://127.0.0.1:1/none");
        StartupWarmup.Result result =
                StartupWarmup.run(TopologyParams.defaults(), appProperties(), serde, StartupWarmup.DEFAULT_EVENTS);

        assertThat(result.events()).isGreaterThanOrEqualTo(StartupWarmup.DEFAULT_EVENTS);
        assertThat(result.heartbeats()).isPositive();
        assertThat(result.processCpu()).as("HotSpot reports the process's CPU").isPositive();
        assertThat(result.deadLetters()).as("every synthetic record decodes").isZero();
        int opened = result.alerts().getOrDefault(AlertStatus.OPEN, 0);
        assertThat(opened).as("outages opened: " + result).isGreaterThanOrEqualTo(5);
        assertThat(result.alerts().getOrDefault(AlertStatus.RESOLVED, 0))
                .as("and every one resolved: " + result)
                .isEqualTo(opened);
        assertThat(stateDir.resolve(".warmup")).doesNotExist();
        try (var left = Files.list(stateDir)) {
            assertThat(left).as("nothing left in the app's state dir").isEmpty();
        }
    }

    @Test
    void shouldRemoveALeftoverOfAnEarlierRunFirst() throws Exception {
        Path leftover =
                stateDir.resolve(".warmup").resolve("fleet-connectivity-warmup").resolve("0_0");
        Files.createDirectories(leftover);
        Files.writeString(leftover.resolve("junk"), "from a killed start");
        StartupWarmup.run(TopologyParams.defaults(), appProperties(), Map.of("schema.registry.url", "x"), 100);
        assertThat(stateDir.resolve(".warmup")).doesNotExist();
    }

    @Test
    void shouldRefuseAnEmptyBudget() {
        assertThatThrownBy(() -> StartupWarmup.run(TopologyParams.defaults(), appProperties(), Map.of(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one event");
    }
}
