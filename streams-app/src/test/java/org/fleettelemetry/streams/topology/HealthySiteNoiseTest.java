package org.fleettelemetry.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.fleettelemetry.streams.domain.EndpointState;
import org.fleettelemetry.streams.domain.EndpointStatus;
import org.fleettelemetry.streams.domain.ErrorClass;
import org.fleettelemetry.streams.domain.FailureWindow;
import org.fleettelemetry.streams.domain.SiteState;
import org.junit.jupiter.api.Test;

/** Failures that are noise, not an outage: the alert topic stays empty, the stores still show them. */
class HealthySiteNoiseTest {
    private static final String PROXY = "proxy.osl.example:3128";

    @Test
    void shouldRaiseNoAlertButShowTheHostFailingWhenOneHostOfAHealthySiteFailsRepeatedly() {
        try (TopologyFixture f = new TopologyFixture()) {
            List<String> pcs = f.fleet("osl", PROXY, 20);
            String flaky = pcs.get(7);
            for (int i = 0; i < 30; i++) {
                f.advance(Duration.ofSeconds(10));
                f.proxyDnsFailure("osl", PROXY, flaky);
                if (i % 3 == 0) {
                    pcs.stream().filter(pc -> !pc.equals(flaky)).forEach(pc -> f.healthy("osl", PROXY, pc));
                }
            }
            f.advance(Duration.ofSeconds(40));

            assertThat(f.readAlerts()).isEmpty();
            EndpointStatus status = f.endpointStatus().get(flaky);
            assertThat(status.state()).isEqualTo(EndpointState.FAILING);
            assertThat(status.lastErrorClass()).isEqualTo(ErrorClass.PROXY_DNS);
            assertThat(f.endpointStatus().get(pcs.get(0)).state()).isEqualTo(EndpointState.HEALTHY);
            SiteState site = f.siteState().get("osl");
            assertNoOutage(site);
            assertThat(site.getSummary().active()).isEqualTo(20);
            assertThat(site.getSummary().failing()).isEqualTo(1);
            assertThat(site.getSummary().holds(ErrorClass.PROXY_DNS)).isFalse();
            assertThat(f.fleetState().get(FleetStage.KEY).getHeld()).isEmpty();
            assertThat(f.openAlerts().all()).toIterable().isEmpty();
        }
    }

    @Test
    void shouldRaiseNoAlertWhenTwoOfTwentyHostsTimeOut() {
        try (TopologyFixture f = new TopologyFixture()) {
            List<String> pcs = f.fleet("osl", PROXY, 20);
            f.advance(Duration.ofSeconds(5));
            f.curlTimeout("osl", PROXY, pcs.get(3));
            f.advance(Duration.ofSeconds(20));
            f.curlTimeout("osl", PROXY, pcs.get(11));
            f.advance(Duration.ofSeconds(5));
            f.curlTimeout("osl", PROXY, pcs.get(3));
            f.advance(Duration.ofSeconds(60));

            assertThat(f.readAlerts()).isEmpty();
            assertThat(f.siteState().get("osl").getSummary().failing()).isEqualTo(2);
            assertNoOutage(f.siteState().get("osl"));
            FailureWindow window = f.failureWindow("osl", PROXY, "curl:28", TopologyFixture.T0.plusSeconds(5));
            assertThat(window.count()).isEqualTo(3);
            assertThat(window.distinctEndpoints()).isEqualTo(2);
        }
    }

    @Test
    void shouldRaiseNoAlertWhenThreeOfAHundredHostsTimeOutAboveMinAffectedButBelowTheRatio() {
        try (TopologyFixture f = new TopologyFixture()) {
            List<String> pcs = f.fleet("osl", PROXY, 100);
            f.advance(Duration.ofSeconds(5));
            for (int i : new int[] {4, 47, 93}) {
                f.curlTimeout("osl", PROXY, pcs.get(i));
                f.advance(Duration.ofSeconds(7));
            }
            f.advance(Duration.ofSeconds(60));

            assertThat(f.readAlerts()).isEmpty();
            SiteState site = f.siteState().get("osl");
            assertThat(site.getSummary().failing()).isEqualTo(3);
            assertThat(site.getSummary().classes().get(ErrorClass.TIMEOUT).affected())
                    .as("at least minAffected")
                    .isGreaterThanOrEqualTo(f.params().detection().minAffected());
            assertNoOutage(site);
            assertThat(f.openAlerts().all()).toIterable().isEmpty();
        }
    }

    private static void assertNoOutage(SiteState site) {
        assertThat(site.getOutages().values())
                .allSatisfy(t -> assertThat(t.getAlert()).isNull());
        assertThat(site.getSilent()).isNull();
        assertThat(site.getSummary().classes().values()).noneMatch(c -> c.holds());
    }
}
