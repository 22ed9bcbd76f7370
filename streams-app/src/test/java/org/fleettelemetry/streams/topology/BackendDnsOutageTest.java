package org.fleettelemetry.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.fleettelemetry.schemas.avro.AlertStatus;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.EventKind;
import org.junit.jupiter.api.Test;

/** The backend's name does not resolve (curl 6), as libcurl reports it: with or without the name in the line. */
class BackendDnsOutageTest {
    private static final String SITE = "osl";
    private static final String PROXY = "DIRECT";
    private static final String DOORMAN = "doorman.sc.fsapi.com";

    @Test
    void shouldNameTheHostsTheAgentNeedsWhenTheLinesNameNone() {
        try (TopologyFixture f = new TopologyFixture()) {
            List<String> pcs = f.fleet(SITE, PROXY, 10);
            f.advance(Duration.ofSeconds(5));
            // libcurl's own text for code 6: the collector reads no host from it
            pcs.subList(0, 5).forEach(pc -> f.send(curl6(f, pc, "Couldn't resolve host name", null)));
            f.advance(Duration.ofSeconds(40));

            ConnectivityAlert open = f.readAlerts().get(0);
            assertThat(open.getStatus()).isEqualTo(AlertStatus.OPEN);
            assertThat(open.getErrorClass()).isEqualTo("BACKEND_DNS");
            assertThat(open.getTargetHosts()).isEmpty();
            assertThat(open.getCause())
                    .startsWith("Backend name does not resolve (curl 6 CURLE_COULDNT_RESOLVE_HOST)")
                    .contains("the agent needs doorman.sc.fsapi.com and *.fsapi.com")
                    .doesNotContain(": name", "of name");
            assertThat(open.getRemediation().get(0))
                    .isEqualTo("Fix DNS resolution of doorman.sc.fsapi.com and"
                            + " *.fsapi.com for the endpoints (or for the proxy that resolves for them).");
        }
    }

    @Test
    void shouldNameTheHostTheLinesNameWhenTheyNameOne() {
        try (TopologyFixture f = new TopologyFixture()) {
            List<String> pcs = f.fleet(SITE, PROXY, 10);
            f.advance(Duration.ofSeconds(5));
            pcs.subList(0, 5).forEach(pc -> f.send(curl6(f, pc, "Could not resolve host: " + DOORMAN, DOORMAN)));
            f.advance(Duration.ofSeconds(40));

            ConnectivityAlert open = f.readAlerts().get(0);
            assertThat(open.getTargetHosts()).containsExactly(DOORMAN);
            assertThat(open.getCause()).contains("(curl 6 CURLE_COULDNT_RESOLVE_HOST): " + DOORMAN);
            assertThat(open.getRemediation().get(0)).startsWith("Fix DNS resolution of " + DOORMAN + " for");
        }
    }

    private static EndpointEvent curl6(TopologyFixture f, String pc, String text, String host) {
        return f.event(SITE, PROXY, pc, EventKind.CONNECTION_FAILURE, "curl:6")
                .setCurlCode(6)
                .setTargetHost(host)
                .setMessage("handle 0000023C45E27C50 failed with 6: " + text)
                .build();
    }
}
