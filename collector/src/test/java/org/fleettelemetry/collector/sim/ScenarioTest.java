package org.fleettelemetry.collector.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The demo's hub proxy: shared by sites, and an incident that hits exactly the endpoints behind it. */
class ScenarioTest {

    @Test
    void shouldBreakTheHubForItsEndpointsAtEverySiteThatUsesItWhenTheDemoHasFourSites() {
        FleetLayout layout = FleetLayout.of(200, 4, 7);
        assertThat(layout.sitesUsing(FleetLayout.HUB)).containsExactly("nyc", "sgp");

        Incident hub = Scenario.demo(layout, 1).incidents().stream()
                .filter(i -> i.kind() == Incident.Kind.TLS_INSPECTION)
                .findFirst()
                .orElseThrow();

        assertThat(hub.proxy()).isEqualTo(FleetLayout.HUB);
        assertThat(hub.activeAt(Duration.ofSeconds(150))).isTrue();
        assertThat(layout.endpoints())
                .filteredOn(hub::hits)
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.proxy()).isEqualTo(FleetLayout.HUB))
                .extracting(SimEndpoint::site)
                .containsOnly("nyc", "sgp");
        assertThat(layout.endpoints())
                .filteredOn(e -> FleetLayout.HUB.equals(e.proxy()))
                .allSatisfy(e -> assertThat(hub.hits(e)).isTrue());
    }

    @Test
    void shouldLeaveTheHubIncidentOutWhenOnlyOneSiteUsesTheHub() {
        FleetLayout layout = FleetLayout.of(60, 3, 7);
        assertThat(layout.sitesUsing(FleetLayout.HUB)).containsExactly("nyc");

        assertThat(Scenario.demo(layout, 1).incidents())
                .extracting(Incident::kind)
                .doesNotContain(Incident.Kind.TLS_INSPECTION);
    }
}
