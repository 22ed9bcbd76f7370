package org.fleettelemetry.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fleettelemetry.schemas.avro.AlertScope;
import org.fleettelemetry.schemas.avro.AlertStatus;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.streams.domain.EndpointState;
import org.fleettelemetry.streams.domain.ErrorClass;
import org.fleettelemetry.streams.domain.FleetRules;
import org.fleettelemetry.streams.domain.FleetState;
import org.junit.jupiter.api.Test;

/** The same failure at several sites at once is one FLEET outage; the sites' own alerts are inhibited. */
class FleetOutageTest {
    private static final List<String> HIT = List.of("ber", "hel", "mad", "osl");
    private static final String CALM = "rom";

    @Test
    void shouldPublishOneFleetAlertAndNoSiteAlertThenResolveWhenTheSameErrorHitsFourSites() {
        try (TopologyFixture f = new TopologyFixture()) {
            Map<String, List<String>> pcs = new LinkedHashMap<>();
            for (String site : HIT) {
                pcs.put(site, f.fleet(site, proxy(site), 10));
            }
            pcs.put(CALM, f.fleet(CALM, proxy(CALM), 10));
            f.advance(Duration.ofSeconds(5));
            List<String> failing = new ArrayList<>();
            for (String site : HIT) {
                for (String pc : pcs.get(site).subList(0, 5)) {
                    f.curlTimeout(site, proxy(site), pc);
                    failing.add(pc);
                }
            }
            Duration wait = f.params().detection().groupWait();
            f.advance(wait.plusSeconds(30));

            List<ConnectivityAlert> opened = f.readAlerts();
            assertThat(opened)
                    .as("one FLEET alert, no SITE alert across the group wait")
                    .hasSize(1);
            ConnectivityAlert fleet = opened.get(0);
            assertThat(fleet.getStatus()).isEqualTo(AlertStatus.OPEN);
            assertThat(fleet.getScope()).isEqualTo(AlertScope.FLEET);
            assertThat(fleet.getSite()).isNull();
            assertThat(fleet.getProxy()).isNull();
            assertThat(fleet.getSites()).containsExactlyInAnyOrderElementsOf(HIT);
            assertThat(fleet.getErrorClass()).isEqualTo("TIMEOUT");
            assertThat(fleet.getErrorCode()).isEqualTo("curl:28");
            assertThat(fleet.getAffectedEndpoints()).isEqualTo(20);
            assertThat(fleet.getActiveEndpoints()).isEqualTo(40);
            assertThat(fleet.getCause()).contains("several sites at once");
            assertThat(fleet.getRevision()).isEqualTo(1);
            assertThat(f.openAlerts().get(fleet.getAlertId())).isEqualTo(fleet);
            assertThat(f.openAlerts().all())
                    .toIterable()
                    .extracting(kv -> kv.key)
                    .containsExactly(fleet.getAlertId());
            FleetState state = f.fleetState().get(FleetStage.KEY);
            assertThat(state.getSwallowed())
                    .as("the four site OPENs, inhibited")
                    .hasSize(4);
            assertThat(state.getSwallowed().values())
                    .allSatisfy(s -> assertThat(s.latest().errorClass()).isEqualTo(ErrorClass.TIMEOUT.name()));
            assertThat(state.getHeld()).isEmpty();
            assertThat(state.getPublished()).isEmpty();
            for (String site : HIT) {
                assertThat(f.siteState().get(site).getSummary().holds(ErrorClass.TIMEOUT))
                        .as(site)
                        .isTrue();
            }
            assertThat(f.siteState().get(CALM).getSummary().holds(ErrorClass.TIMEOUT))
                    .isFalse();
            assertThat(failing)
                    .allSatisfy(
                            pc -> assertThat(f.endpointStatus().get(pc).state()).isEqualTo(EndpointState.FAILING));

            for (String site : HIT) {
                pcs.get(site).subList(0, 5).forEach(pc -> f.healthy(site, proxy(site), pc));
            }
            f.advance(wait.plusSeconds(30));

            List<ConnectivityAlert> after = f.readAlerts();
            assertThat(after).extracting(ConnectivityAlert::getStatus).containsExactly(AlertStatus.RESOLVED);
            ConnectivityAlert resolved = after.get(0);
            assertThat(resolved.getScope()).isEqualTo(AlertScope.FLEET);
            assertThat(resolved.getAlertId()).isEqualTo(fleet.getAlertId());
            assertThat(resolved.getRevision()).isGreaterThan(fleet.getRevision());
            assertThat(f.openAlerts().all()).toIterable().isEmpty();
            FleetState calm = f.fleetState().get(FleetStage.KEY);
            assertThat(calm.getSwallowed())
                    .as("the sites resolved while inhibited: nothing to promote")
                    .isEmpty();
            assertThat(calm.getHeld()).isEmpty();
            assertThat(calm.getPublished()).isEmpty();
            assertThat(FleetRules.fleetOpen(calm, ErrorClass.TIMEOUT)).isFalse();
            assertThat(failing)
                    .allSatisfy(
                            pc -> assertThat(f.endpointStatus().get(pc).state()).isEqualTo(EndpointState.HEALTHY));
        }
    }

    private static String proxy(String site) {
        return "proxy." + site + ".example:3128";
    }
}
