package org.fleettelemetry.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.fleettelemetry.schemas.avro.EventKind;
import org.fleettelemetry.schemas.avro.LogFile;
import org.fleettelemetry.streams.domain.FailureWindow;
import org.junit.jupiter.api.Test;

/** The failure-windows store as the query API reads it: by {@link FailureWindow#key} of the code a window holds. */
class FailureWindowStoreTest {
    private static final String SITE = "lis";
    private static final String PROXY = "DIRECT";

    @Test
    void shouldKeyTheWindowByTheCodeItRecordsWhenAFailureHasNoErrorCode() {
        try (TopologyFixture f = new TopologyFixture()) {
            List<String> pcs = f.fleet(SITE, PROXY, 4);
            f.advance(Duration.ofSeconds(5));
            Instant at = f.wall();
            // a deepguard ORSP failure whose code the collector could not extract: classified by its kind
            f.send(f.event(SITE, PROXY, pcs.get(0), EventKind.CLOUD_QUERY_FAILURE, null)
                    .setLevel(".W")
                    .setLogFile(LogFile.DEEPGUARD)
                    .setSource("SecurityCloud::Query")
                    .setMessage("ORSP failed for 0dac68816ae7c09efc24d11c27c3274dfd147dee (0, 0)")
                    .build());
            f.advance(EndpointStage.FLUSH.plusSeconds(1)); // the endpoint stage sends failure sums every FLUSH

            FailureWindow window = f.failureWindow(SITE, PROXY, "cloud_lookup", at);
            assertThat(window).as("found under the code it records").isNotNull();
            assertThat(window.errorCode()).isEqualTo("cloud_lookup");
            assertThat(window.errorClass()).isEqualTo("CLOUD_LOOKUP");
            assertThat(window.count()).isEqualTo(1);
            assertThat(window.endpoints()).containsExactly(pcs.get(0));
        }
    }
}
