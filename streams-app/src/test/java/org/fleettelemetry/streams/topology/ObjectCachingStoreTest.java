package org.fleettelemetry.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.fleettelemetry.streams.domain.EndpointRecord;
import org.fleettelemetry.streams.serde.EndpointRecordCodec;
import org.junit.jupiter.api.Test;

/**
 * The endpoint-state store keeps values as objects and encodes them at commit: what a commit covers must be in the
 * changelog (a restored task starts from it), one record per changed endpoint, the newest value.
 */
class ObjectCachingStoreTest {
    private static final String SITE = "hel";
    private static final String PROXY = "proxy.hel.example:3128";

    @Test
    void shouldWriteEachChangedEndpointToTheChangelogWhenTheTaskCommits() {
        try (TopologyFixture f = new TopologyFixture()) {
            TestOutputTopic<String, EndpointRecord> changelog = f.driver.createOutputTopic(
                    "topology-test-" + StoreNames.ENDPOINT_STATE + "-changelog",
                    Serdes.String().deserializer(),
                    EndpointRecordCodec.SERDE.deserializer());
            List<String> pcs = f.fleet(SITE, PROXY, 3);
            f.advance(Duration.ofSeconds(1));
            // each endpoint's value at the commit of its first heartbeat, then again at the commit after the track
            // flush that sent it to the site stage (the value says so): the driver commits after every record
            assertThat(changelog.readKeyValuesToList())
                    .extracting(kv -> kv.key)
                    .containsExactlyInAnyOrderElementsOf(
                            List.of(pcs.get(0), pcs.get(1), pcs.get(2), pcs.get(0), pcs.get(1), pcs.get(2)));

            f.curlTimeout(SITE, PROXY, pcs.get(0));
            List<KeyValue<String, EndpointRecord>> written = changelog.readKeyValuesToList();
            assertThat(written).extracting(kv -> kv.key).contains(pcs.get(0));
            EndpointRecord latest = written.get(written.size() - 1).value;
            assertThat(written.get(written.size() - 1).key).isEqualTo(pcs.get(0));
            assertThat(latest.status().lastErrorCode())
                    .as("the value as of the commit")
                    .isEqualTo("curl:28");
            assertThat(latest.track().failures()).isNotEmpty();
        }
    }
}
