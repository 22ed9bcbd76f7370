package org.fleettelemetry.streams;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class RestoreLogTest {
    private static final TopicPartition CHANGELOG = new TopicPartition("app-endpoint-state-changelog", 3);

    @Test
    void shouldSayWhichStorePartitionHowManyRecordsAndHowLong() {
        assertThat(RestoreLog.summary("endpoint-state", CHANGELOG, 25_012, 1_234_000_000L))
                .isEqualTo("restored endpoint-state (app-endpoint-state-changelog-3): 25,012 records in 1.2 s");
        assertThat(RestoreLog.summary("endpoint-state", CHANGELOG, 7, -1))
                .as("a restore whose start was not seen")
                .isEqualTo("restored endpoint-state (app-endpoint-state-changelog-3): 7 records");
    }
}
