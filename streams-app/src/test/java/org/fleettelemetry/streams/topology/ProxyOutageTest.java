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
import org.fleettelemetry.schemas.avro.EventKind;
import org.fleettelemetry.schemas.avro.OutageScope;
import org.fleettelemetry.streams.domain.DetectionParams;
import org.fleettelemetry.streams.domain.ErrorClass;
import org.fleettelemetry.streams.domain.FleetRules;
import org.fleettelemetry.streams.domain.FleetState;
import org.fleettelemetry.streams.domain.OutageTrack;
import org.junit.jupiter.api.Test;

/**
 * A proxy that several sites share (hub and spoke): when it fails for its endpoints at several sites, ONE proxy alert
 * (outageScope PROXY, scope FLEET for readers of the first schema) names it, and neither the sites' alerts nor a FLEET
 * alert go out. FLEET stays for the same class at several sites through different paths; a shared proxy failing at
 * one site only is that site's alert.
 */
class ProxyOutageTest {
    private static final String HUB = "proxy.hub.example:8080";
    private static final List<String> SPOKES = List.of("ber", "hel", "osl");
    private static final List<String> OTHERS = List.of("mad", "nyc", "rom");

    /** The sites and their endpoints, by proxy: what the fixture needs to beat for them. */
    private static final class Fleet {
        final TopologyFixture f;
        final Map<String, Map<String, List<String>>> bySite = new LinkedHashMap<>();

        Fleet(TopologyFixture f) {
            this.f = f;
        }

        List<String> add(String site, String proxy, int count, int first) {
            List<String> ids = new ArrayList<>();
            for (int i = first; i < first + count; i++) {
                String id = site + "-pc-" + String.format("%03d", i);
                ids.add(id);
                f.heartbeat(site, proxy, id);
            }
            bySite.computeIfAbsent(site, s -> new LinkedHashMap<>())
                    .computeIfAbsent(proxy, p -> new ArrayList<>())
                    .addAll(ids);
            return ids;
        }

        List<String> of(String site, String proxy) {
            return bySite.get(site).get(proxy);
        }

        /** Every endpoint beats every 30 s for {@code d}; {@code failing} (site, proxy, endpoints) refuse again. */
        void run(Duration d, Map<String, List<String>> failing) {
            for (long s = 0; s < d.toSeconds(); s += 30) {
                f.advance(Duration.ofSeconds(Math.min(30, d.toSeconds() - s)), TopologyFixture.COARSE_STEP);
                bySite.forEach((site, proxies) ->
                        proxies.forEach((proxy, pcs) -> pcs.forEach(pc -> f.heartbeat(site, proxy, pc))));
                failing.forEach((site, pcs) -> pcs.forEach(pc -> refused(f, site, proxyOf(site, pc), pc)));
            }
        }

        String proxyOf(String site, String pc) {
            return bySite.get(site).entrySet().stream()
                    .filter(e -> e.getValue().contains(pc))
                    .findFirst()
                    .orElseThrow()
                    .getKey();
        }

        void refuse(Map<String, List<String>> failing) {
            failing.forEach((site, pcs) -> pcs.forEach(pc -> refused(f, site, proxyOf(site, pc), pc)));
        }

        /** Healthy contacts a second after the last failures (a contact at the failure's own instant heals nothing). */
        void heal(Map<String, List<String>> healed) {
            f.advance(Duration.ofSeconds(1));
            healed.forEach((site, pcs) -> pcs.forEach(pc -> f.healthy(site, proxyOf(site, pc), pc)));
        }
    }

    /** curl 7 through the proxy: the proxy refuses the connection. */
    static void refused(TopologyFixture f, String site, String proxy, String pc) {
        f.send(f.event(site, proxy, pc, EventKind.CONNECTION_FAILURE, "curl:7")
                .setCurlCode(7)
                .setMessage("handle 0000023C45E27C50 failed with 7: Failed to connect to " + proxy.split(":")[0]
                        + " port " + proxy.split(":")[1] + ": Connection refused")
                .build());
    }

    private static String own(String site) {
        return "proxy." + site + ".example:3128";
    }

    /** Three spokes with 10 endpoints each through the hub, three other sites through their own proxies. */
    private static Fleet hubAndSpokes(TopologyFixture f) {
        Fleet fleet = new Fleet(f);
        SPOKES.forEach(site -> fleet.add(site, HUB, 10, 1));
        OTHERS.forEach(site -> fleet.add(site, own(site), 10, 1));
        return fleet;
    }

    private static Map<String, List<String>> firstSeven(Fleet fleet, List<String> sites, String proxy) {
        Map<String, List<String>> failing = new LinkedHashMap<>();
        sites.forEach(site -> failing.put(
                site, fleet.of(site, proxy == null ? own(site) : proxy).subList(0, 7)));
        return failing;
    }

    @Test
    void shouldPublishOneProxyAlertAndNoSiteOrFleetAlertWhenASharedProxyFailsAtThreeSites() {
        try (TopologyFixture f = new TopologyFixture()) {
            Fleet fleet = hubAndSpokes(f);
            f.advance(Duration.ofSeconds(5));
            Map<String, List<String>> failing = firstSeven(fleet, SPOKES, HUB);
            fleet.refuse(failing);
            fleet.run(Duration.ofSeconds(90), Map.of());

            List<ConnectivityAlert> opened = f.readAlerts();
            assertThat(opened).as("one alert, for the proxy").hasSize(1);
            ConnectivityAlert alert = opened.get(0);
            assertThat(alert.getStatus()).isEqualTo(AlertStatus.OPEN);
            assertThat(alert.getOutageScope()).isEqualTo(OutageScope.PROXY);
            assertThat(alert.getScope())
                    .as("what readers of the first schema see: many sites")
                    .isEqualTo(AlertScope.FLEET);
            assertThat(alert.getAlertId()).startsWith("proxy:" + HUB + ":CONNECT_REFUSED:");
            assertThat(alert.getProxy()).isEqualTo(HUB);
            assertThat(alert.getSite()).isNull();
            assertThat(alert.getSites()).containsExactlyElementsOf(SPOKES);
            assertThat(alert.getErrorClass()).isEqualTo("CONNECT_REFUSED");
            assertThat(alert.getErrorCode()).isEqualTo("curl:7");
            assertThat(alert.getAffectedEndpoints()).isEqualTo(21);
            assertThat(alert.getActiveEndpoints())
                    .as("every endpoint that uses the hub, wherever it is")
                    .isEqualTo(30);
            assertThat(alert.getCause()).contains(HUB).doesNotContain("vendor's cloud or the internet path rather");
            assertThat(alert.getRemediationSteps().get(0).getText()).startsWith("Check the proxy " + HUB);
            assertThat(alert.getRemediationSteps())
                    .extracting(s -> s.getText())
                    .noneMatch(t -> t.contains("vendor's service status"));
            assertThat(alert.getImpact()).isNotEmpty();
            assertThat(f.openAlerts().get(alert.getAlertId())).isEqualTo(alert);

            FleetState state = f.fleetState().get(FleetStage.KEY);
            assertThat(FleetRules.fleetOpen(state, ErrorClass.CONNECT_REFUSED)).isFalse();
            assertThat(FleetRules.proxyOpen(state, HUB, ErrorClass.CONNECT_REFUSED))
                    .isTrue();
            assertThat(state.getSwallowed().values())
                    .as("the three spokes' site alerts, inhibited")
                    .extracting(h -> h.latest().site())
                    .containsExactlyInAnyOrderElementsOf(SPOKES);
            assertThat(state.getPublished()).isEmpty();
            assertThat(state.getHeld()).isEmpty();

            fleet.heal(failing);
            fleet.run(Duration.ofSeconds(60), Map.of());
            List<ConnectivityAlert> after = f.readAlerts();
            assertThat(after).extracting(ConnectivityAlert::getStatus).containsExactly(AlertStatus.RESOLVED);
            assertThat(after.get(0).getAlertId()).isEqualTo(alert.getAlertId());
            assertThat(after.get(0).getOutageScope()).isEqualTo(OutageScope.PROXY);
            assertThat(f.openAlerts().all()).toIterable().isEmpty();
            FleetState calm = f.fleetState().get(FleetStage.KEY);
            assertThat(calm.getSwallowed()).isEmpty();
            assertThat(calm.getPublished()).isEmpty();
        }
    }

    @Test
    void shouldPublishFleetAsBeforeWhenThreeSitesFailTheSameWayThroughTheirOwnProxies() {
        try (TopologyFixture f = new TopologyFixture()) {
            Fleet fleet = hubAndSpokes(f);
            f.advance(Duration.ofSeconds(5));
            fleet.refuse(firstSeven(fleet, OTHERS, null));
            fleet.run(Duration.ofSeconds(90), Map.of());

            List<ConnectivityAlert> opened = f.readAlerts();
            assertThat(opened).hasSize(1);
            ConnectivityAlert alert = opened.get(0);
            assertThat(alert.getScope()).isEqualTo(AlertScope.FLEET);
            assertThat(alert.getOutageScope()).isEqualTo(OutageScope.FLEET);
            assertThat(alert.getProxy()).isNull();
            assertThat(alert.getSites()).containsExactlyInAnyOrderElementsOf(OTHERS);
            assertThat(alert.getAffectedEndpoints()).isEqualTo(21);
            assertThat(alert.getActiveEndpoints()).isEqualTo(30);
            assertThat(alert.getCause()).contains("through different paths").contains("vendor's cloud");
            assertThat(alert.getRemediationSteps().get(0).getText()).contains("vendor's service status");
            FleetState state = f.fleetState().get(FleetStage.KEY);
            assertThat(FleetRules.fleetOpen(state, ErrorClass.CONNECT_REFUSED)).isTrue();
            assertThat(state.getProxyOutages().values())
                    .as("no proxy outage: each site has its own proxy")
                    .allSatisfy(t -> assertThat(t.getAlert()).isNull());
        }
    }

    @Test
    void shouldPublishOneFleetAlertAndNoProxyAlertWhenTheClassFailsThroughEveryPathTheHubAmongThem() {
        try (TopologyFixture f = new TopologyFixture()) {
            Fleet fleet = hubAndSpokes(f);
            f.advance(Duration.ofSeconds(5));
            // the failures do not concentrate on the hub: the other sites fail alike through their own proxies
            fleet.refuse(firstSeven(fleet, SPOKES, HUB));
            fleet.refuse(firstSeven(fleet, OTHERS, null));
            fleet.run(Duration.ofSeconds(90), Map.of());

            List<ConnectivityAlert> opened = f.readAlerts();
            assertThat(opened).hasSize(1);
            ConnectivityAlert alert = opened.get(0);
            assertThat(alert.getOutageScope()).isEqualTo(OutageScope.FLEET);
            assertThat(alert.getSites()).containsExactlyInAnyOrder("ber", "hel", "osl", "mad", "nyc", "rom");
            assertThat(alert.getAffectedEndpoints()).isEqualTo(42);
            FleetState state = f.fleetState().get(FleetStage.KEY);
            assertThat(FleetRules.proxyOpen(state, HUB, ErrorClass.CONNECT_REFUSED))
                    .isFalse();
            assertThat(state.getSwallowed()).hasSize(6);
        }
    }

    @Test
    void shouldPublishASiteAlertAsBeforeWhenASharedProxyFailsAtOneSiteOnly() {
        try (TopologyFixture f = new TopologyFixture()) {
            Fleet fleet = hubAndSpokes(f);
            f.advance(Duration.ofSeconds(5));
            // 7 of the hub's 30 endpoints: over the open ratio for the hub as a whole, but at one site only
            fleet.refuse(firstSeven(fleet, List.of("ber"), HUB));
            fleet.run(Duration.ofSeconds(90), Map.of());

            List<ConnectivityAlert> opened = f.readAlerts();
            assertThat(opened).hasSize(1);
            ConnectivityAlert alert = opened.get(0);
            assertThat(alert.getScope()).isEqualTo(AlertScope.SITE);
            assertThat(alert.getOutageScope()).isEqualTo(OutageScope.SITE);
            assertThat(alert.getSite()).isEqualTo("ber");
            assertThat(alert.getProxy()).isEqualTo(HUB);
            assertThat(alert.getAffectedEndpoints()).isEqualTo(7);
            assertThat(alert.getActiveEndpoints()).isEqualTo(10);
            assertThat(FleetRules.proxyOpen(f.fleetState().get(FleetStage.KEY), HUB, ErrorClass.CONNECT_REFUSED))
                    .isFalse();
        }
    }

    @Test
    void shouldNameTheFailingProxyWhenASiteHasTwoProxiesAndTheSharedOneFails() {
        try (TopologyFixture f = new TopologyFixture()) {
            Fleet fleet = hubAndSpokes(f);
            // ber also has its own proxy, for 10 more endpoints that keep working
            List<String> local = fleet.add("ber", own("ber"), 10, 11);
            f.advance(Duration.ofSeconds(5));
            Map<String, List<String>> failing = firstSeven(fleet, SPOKES, HUB);
            fleet.refuse(failing);
            fleet.heal(Map.of("ber", local));
            fleet.run(Duration.ofSeconds(90), Map.of());

            List<ConnectivityAlert> opened = f.readAlerts();
            assertThat(opened).hasSize(1);
            ConnectivityAlert alert = opened.get(0);
            assertThat(alert.getOutageScope()).isEqualTo(OutageScope.PROXY);
            assertThat(alert.getProxy()).isEqualTo(HUB);
            assertThat(alert.getCause()).contains(HUB).doesNotContain(own("ber"));
            assertThat(alert.getSites()).containsExactlyElementsOf(SPOKES);
            assertThat(alert.getActiveEndpoints())
                    .as("the hub's endpoints, not ber's others")
                    .isEqualTo(30);
        }
    }

    @Test
    void shouldStayOpenBetweenTheCloseAndOpenRatiosAndResolveAfterCalmWhenAProxyOutageFades() {
        try (TopologyFixture f = new TopologyFixture()) {
            DetectionParams d = f.params().detection();
            Fleet fleet = hubAndSpokes(f);
            f.advance(Duration.ofSeconds(5));
            Map<String, List<String>> failing = firstSeven(fleet, SPOKES, HUB);
            fleet.refuse(failing);
            fleet.run(Duration.ofSeconds(90), failing);
            List<ConnectivityAlert> opened = f.readAlerts();
            assertThat(opened).extracting(ConnectivityAlert::getOutageScope).containsExactly(OutageScope.PROXY);
            String id = opened.get(0).getAlertId();

            // one endpoint per spoke still fails: 3 of 30, 0.1, below the open ratio and above the close ratio
            Map<String, List<String>> few = new LinkedHashMap<>();
            Map<String, List<String>> healed = new LinkedHashMap<>();
            failing.forEach((site, pcs) -> {
                few.put(site, pcs.subList(0, 1));
                healed.put(site, pcs.subList(1, pcs.size()));
            });
            fleet.heal(healed);
            fleet.run(d.resolveAfter().plusMinutes(2), few);
            List<ConnectivityAlert> held = f.readAlerts();
            assertThat(held)
                    .as("hysteresis: held open (an UPDATE of its figures at most), never resolved")
                    .extracting(ConnectivityAlert::getStatus)
                    .doesNotContain(AlertStatus.RESOLVED, AlertStatus.OPEN);
            assertThat(f.openAlerts().get(id)).isNotNull();
            assertThat(f.openAlerts().get(id).getAffectedEndpoints()).isLessThanOrEqualTo(21);

            // below the close ratio (1 of 30) but not healed: resolves after resolveAfter of calm
            Map<String, List<String>> one = Map.of("ber", few.get("ber"));
            fleet.heal(Map.of("hel", few.get("hel"), "osl", few.get("osl")));
            fleet.run(d.resolveAfter().minusMinutes(1), one);
            assertThat(f.readAlerts()).extracting(ConnectivityAlert::getStatus).doesNotContain(AlertStatus.RESOLVED);
            fleet.run(Duration.ofMinutes(2), one);
            List<ConnectivityAlert> resolved = f.readAlerts();
            assertThat(resolved)
                    .extracting(ConnectivityAlert::getStatus, ConnectivityAlert::getOutageScope)
                    .as("the proxy's outage resolves; ber, where 1 of 10 still fails (above the close ratio of its own"
                            + " outage, inhibited until now), is left in trouble and must not stay invisible")
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(AlertStatus.RESOLVED, OutageScope.PROXY),
                            org.assertj.core.groups.Tuple.tuple(AlertStatus.OPEN, OutageScope.SITE));
            assertThat(resolved.get(0).getAlertId()).isEqualTo(id);
            assertThat(resolved.get(1).getSite()).isEqualTo("ber");
            assertThat(resolved.get(1).getProxy()).isEqualTo(HUB);
        }
    }

    @Test
    void shouldMarkAProxyOutageFlappingAndHoldItOpenWhenItOpensAndResolvesRepeatedly() {
        DetectionParams d = DetectionParams.defaults().toBuilder()
                .set(DetectionParams.FLAP_WINDOW, Duration.ofMinutes(20))
                .build();
        try (TopologyFixture f = new TopologyFixture(TopologyParams.defaults().withDetection(d))) {
            Fleet fleet = hubAndSpokes(f);
            f.advance(Duration.ofSeconds(5));
            Map<String, List<String>> failing = firstSeven(fleet, SPOKES, HUB);
            List<String> ids = new ArrayList<>();
            for (int cycle = 1; cycle <= d.flapThreshold(); cycle++) {
                fleet.refuse(failing);
                fleet.run(Duration.ofSeconds(90), Map.of());
                fleet.heal(failing);
                fleet.run(Duration.ofSeconds(30), Map.of());
                List<ConnectivityAlert> alerts = f.readAlerts();
                assertThat(alerts)
                        .as("cycle %d", cycle)
                        .extracting(ConnectivityAlert::getStatus)
                        .containsExactly(AlertStatus.OPEN, AlertStatus.RESOLVED);
                assertThat(alerts)
                        .as("cycle %d", cycle)
                        .extracting(ConnectivityAlert::getOutageScope, ConnectivityAlert::getFlapping)
                        .containsOnly(org.assertj.core.groups.Tuple.tuple(OutageScope.PROXY, false));
                ids.add(alerts.get(0).getAlertId());
            }
            assertThat(ids).doesNotHaveDuplicates();

            fleet.refuse(failing);
            fleet.run(Duration.ofSeconds(90), Map.of());
            fleet.heal(failing);
            fleet.run(Duration.ofSeconds(60), Map.of());
            List<ConnectivityAlert> flapped = f.readAlerts();
            assertThat(flapped)
                    .as("the open beyond flapThreshold is flapping and NOT resolved")
                    .extracting(ConnectivityAlert::getStatus)
                    .containsExactly(AlertStatus.OPEN);
            assertThat(flapped.get(0).getFlapping()).isTrue();
            assertThat(flapped.get(0).getOutageScope()).isEqualTo(OutageScope.PROXY);
            OutageTrack track =
                    f.fleetState().get(FleetStage.KEY).getProxyOutages().get(HUB + "|CONNECT_REFUSED");
            assertThat(track.getAlert().isFlapping()).isTrue();

            fleet.run(d.flapWindow().minusMinutes(3), Map.of());
            assertThat(f.readAlerts())
                    .as("held open while calm for less than the flap window")
                    .isEmpty();
            fleet.run(Duration.ofMinutes(4), Map.of());
            assertThat(f.readAlerts())
                    .extracting(ConnectivityAlert::getStatus, ConnectivityAlert::getAlertId)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(
                            AlertStatus.RESOLVED, flapped.get(0).getAlertId()));
        }
    }
}
