package org.fleettelemetry.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StormBenchTest {

    @Test
    void shouldCrossAtTheOpenRatioWhenTheSiteIsLarge() {
        assertThat(StormBench.crossingCount(500, 3, 0.2)).isEqualTo(100);
        assertThat(StormBench.crossingCount(100, 3, 0.2)).isEqualTo(20);
        assertThat(StormBench.crossingCount(501, 3, 0.2)).isEqualTo(101);
    }

    @Test
    void shouldRefuseANegativeQueryRateAndMoreBackgroundFailuresThanEndpoints() {
        assertThatThrownBy(() -> storm(-1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("query rate");
        assertThatThrownBy(() -> storm(0, 1001))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 to 1000 endpoints");
        assertThatThrownBy(() -> storm(0, -1)).isInstanceOf(IllegalArgumentException.class);
        storm(50, 1000);
    }

    private static StormBench storm(int queryRate, int background) {
        return new StormBench(
                null,
                Path.of("."),
                Path.of("x.jar"),
                List.of(),
                1000,
                10,
                100,
                Duration.ofSeconds(1),
                0,
                queryRate,
                background);
    }

    @Test
    void shouldCrossAtMinAffectedWhenTheSiteIsSmall() {
        assertThat(StormBench.crossingCount(10, 3, 0.2)).isEqualTo(3);
    }

    @Test
    void shouldNotCrossWhenEvenAllEndpointsAreTooFew() {
        assertThat(StormBench.crossingCount(2, 3, 0.2)).isEqualTo(-1);
    }

    @Test
    void shouldTakeTheMaxAsP99WhenThereAreFiveSamples() {
        double[] delays = {0.4, 1.9, 0.2, 3.5, 0.7};

        assertThat(StormBench.percentileWithMissing(delays, 5, 99)).isEqualTo(3.5);
        assertThat(StormBench.percentileWithMissing(delays, 5, 50)).isEqualTo(0.7);
    }

    @Test
    void shouldReportNoPercentileWhenItsRankFallsOnAMissingSample() {
        double[] delays = {0.4, 0.2, 0.7};

        assertThat(StormBench.percentileWithMissing(delays, 5, 99)).isNaN();
        assertThat(StormBench.percentileWithMissing(delays, 5, 50)).isEqualTo(0.7);
        assertThat(StormBench.percentileWithMissing(new double[] {0.4, 0.2}, 5, 50))
                .isNaN();
    }

    @Test
    void shouldSortTheAppsThreadsIntoTheKindsTheFiguresName() {
        String app = "bench-storm-1796601553384";
        assertThat(StormBench.threadKind("C2 CompilerThre", app)).isEqualTo("JIT compiler threads");
        assertThat(StormBench.threadKind("C1 CompilerThre", app)).isEqualTo("JIT compiler threads");
        assertThat(StormBench.threadKind("G1 Conc#0", app)).isEqualTo("GC and VM threads");
        assertThat(StormBench.threadKind("GC Thread#1", app)).isEqualTo("GC and VM threads");
        assertThat(StormBench.threadKind("bench-storm-179", app))
                .as("comm: 15 characters")
                .isEqualTo("Kafka Streams threads");
        assertThat(StormBench.threadKind("kafka-producer-", app)).isEqualTo("producer network thread");
        assertThat(StormBench.threadKind("rocksdb:low", app)).isEqualTo("RocksDB threads");
        assertThat(StormBench.threadKind("main", app)).isEqualTo("other threads");
    }

    @Test
    void shouldReadThisJvmsOwnThreadsByKind() {
        java.util.Map<String, Long> kinds =
                StormBench.threadKinds(ProcessHandle.current().pid(), "no-such-app");
        assertThat(kinds)
                .as("a JVM always has its main thread and its JIT's compiler threads")
                .containsKeys("other threads", "JIT compiler threads");
        assertThat(kinds.values()).allSatisfy(t -> assertThat(t).isNotNegative());
    }
}
