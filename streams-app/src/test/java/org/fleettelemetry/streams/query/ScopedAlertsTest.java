package org.fleettelemetry.streams.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fleettelemetry.schemas.avro.AlertScope;
import org.fleettelemetry.schemas.avro.AlertStatus;
import org.fleettelemetry.schemas.avro.OutageScope;
import org.fleettelemetry.schemas.avro.Severity;
import org.fleettelemetry.streams.domain.AlertSnapshot;
import org.fleettelemetry.streams.domain.ClassSummary;
import org.fleettelemetry.streams.domain.DetectionParams;
import org.fleettelemetry.streams.domain.ErrorClass;
import org.fleettelemetry.streams.domain.FleetState;
import org.fleettelemetry.streams.domain.ProxySummary;
import org.fleettelemetry.streams.domain.SiteEntry;
import org.fleettelemetry.streams.domain.SiteSummary;
import org.junit.jupiter.api.Test;

class ScopedAlertsTest {
    private static final DetectionParams PARAMS = DetectionParams.defaults();
    private static final SiteFilter ACME = new SiteFilter() {
        @Override
        public boolean allows(String site) {
            return site != null && site.startsWith("acme-");
        }

        @Override
        public boolean all() {
            return false;
        }
    };

    @Test
    void shouldKeepTheWholeFiguresButNoSamplesWhenNoFleetStateIsAtHand() {
        AlertSnapshot fleet = alert(null, null, List.of("acme-a", "acme-b", "zeta"), OutageScope.FLEET);

        AlertSnapshot seen = ScopedAlerts.view(fleet, ACME, () -> null, PARAMS);

        assertThat(seen.sites()).containsExactly("acme-a", "acme-b");
        assertThat(seen.sampleEndpoints()).isEmpty();
        assertThat(seen.alertId()).isEqualTo(fleet.alertId());
        assertThat(seen.outageScope()).isEqualTo(OutageScope.FLEET);
        assertThat(List.of(seen.silencedBy(), seen.acknowledgedBy(), seen.acknowledgeComment()))
                .as("the silences and the acknowledgement stay with the scoped view")
                .containsExactly(List.of("silence-1"), "operator-1", "on it");
        assertThat(ScopedAlerts.view(seen, ACME, () -> null, PARAMS))
                .as("idempotent")
                .isEqualTo(seen);
    }

    @Test
    void shouldRecomputeAFleetAlertsFiguresOverTheSitesInScopeFromTheFleetState() {
        AlertSnapshot fleet = alert(null, null, List.of("acme-a", "acme-b", "zeta"), OutageScope.FLEET);
        FleetState state = new FleetState();
        site(state, "acme-a", 4, Map.of(), refused(3, 4, "acme-a-pc-1"));
        site(state, "acme-b", 10, Map.of(), refused(2, 10, "acme-b-pc-7"));
        site(state, "zeta", 50, Map.of(), refused(40, 50, "zeta-pc-1"));
        site(state, "acme-c", 5, Map.of(), null);

        AlertSnapshot seen = ScopedAlerts.view(fleet, ACME, () -> state, PARAMS);

        assertThat(seen.sites()).containsExactly("acme-a", "acme-b");
        assertThat(seen.affectedEndpoints()).isEqualTo(5);
        assertThat(seen.activeEndpoints()).isEqualTo(14);
        assertThat(seen.ratio()).isEqualTo(5.0 / 14);
        assertThat(seen.sampleEndpoints()).containsExactly("acme-a-pc-1", "acme-b-pc-7");
        assertThat(seen.severity()).as("the whole outage's").isEqualTo(fleet.severity());
        assertThat(seen.toString()).doesNotContain("zeta");
    }

    @Test
    void shouldRecomputeAProxyAlertsActiveOverEverySiteInScopeThatUsesTheProxy() {
        AlertSnapshot hub = alert(null, "hub:8080", List.of("acme-a", "zeta"), OutageScope.PROXY);
        FleetState state = new FleetState();
        site(state, "acme-a", 6, Map.of("hub:8080", new ProxySummary(6, classes(refused(4, 6, "acme-a-pc-2")))), null);
        // uses the hub without failing through it: its endpoints count as active behind the proxy
        site(
                state,
                "acme-b",
                9,
                Map.of("hub:8080", new ProxySummary(3, classes(null)), "DIRECT", new ProxySummary(6, classes(null))),
                null);
        site(state, "zeta", 20, Map.of("hub:8080", new ProxySummary(20, classes(refused(15, 20, "zeta-pc-3")))), null);

        AlertSnapshot seen = ScopedAlerts.view(hub, ACME, () -> state, PARAMS);

        assertThat(seen.sites()).containsExactly("acme-a");
        assertThat(seen.affectedEndpoints()).isEqualTo(4);
        assertThat(seen.activeEndpoints()).isEqualTo(9);
        assertThat(seen.sampleEndpoints()).containsExactly("acme-a-pc-2");
    }

    private static ClassSummary refused(int affected, int active, String sample) {
        return new ClassSummary(
                affected, active, true, "curl:7", List.of(sample), List.of("doorman.sc.fsapi.com"), List.of(), 1L);
    }

    private static TreeMap<ErrorClass, ClassSummary> classes(ClassSummary refused) {
        TreeMap<ErrorClass, ClassSummary> c = new TreeMap<>();
        if (refused != null) {
            c.put(ErrorClass.CONNECT_REFUSED, refused);
        }
        return c;
    }

    private static void site(
            FleetState state, String site, int active, Map<String, ProxySummary> proxies, ClassSummary refused) {
        state.getSites()
                .put(
                        site,
                        new SiteEntry(
                                new SiteSummary(site, active, 0, 0, classes(refused), new TreeMap<>(proxies)), 0, 0));
    }

    @Test
    void shouldHideAnAlertWhenNoneOfItsSitesIsInScope() {
        assertThat(ScopedAlerts.view(
                        alert(null, "hub:8080", List.of("zeta", "hel"), OutageScope.PROXY), ACME, () -> null, PARAMS))
                .isNull();
        assertThat(ScopedAlerts.view(alert("zeta", "p:1", List.of("zeta"), OutageScope.SITE), ACME, () -> null, PARAMS))
                .isNull();
    }

    @Test
    void shouldShowAnAlertWholeWhenAllItsSitesAreInScopeOrTheScopeIsAll() {
        AlertSnapshot site = alert("acme-a", "p:1", List.of("acme-a"), OutageScope.SITE);
        AlertSnapshot fleet = alert(null, null, List.of("acme-a", "zeta"), OutageScope.FLEET);

        assertThat(ScopedAlerts.view(site, ACME, () -> null, PARAMS)).isSameAs(site);
        assertThat(ScopedAlerts.view(fleet, SiteFilter.ALL, () -> null, PARAMS)).isSameAs(fleet);
    }

    private static AlertSnapshot alert(String site, String proxy, List<String> sites, OutageScope scope) {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        return new AlertSnapshot(
                "alert-" + scope + "-" + sites.size(),
                AlertStatus.OPEN,
                1,
                Severity.HIGH,
                scope == OutageScope.SITE ? AlertScope.SITE : AlertScope.FLEET,
                site,
                proxy,
                "curl:7",
                "CONNECT_REFUSED",
                "cause",
                9,
                12,
                0.75,
                List.of("zeta-pc-1", "acme-a-pc-1"),
                List.of("doorman.sc.fsapi.com"),
                sites,
                List.of("impact"),
                List.of("step"),
                null,
                false,
                t,
                t,
                t,
                null,
                scope,
                List.of("silence-1"),
                "operator-1",
                t,
                "on it",
                null,
                null,
                null,
                null);
    }
}
