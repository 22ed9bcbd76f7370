package org.fleettelemetry.streams.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.fleettelemetry.schemas.avro.AlertScope;
import org.fleettelemetry.schemas.avro.AlertStatus;
import org.fleettelemetry.schemas.avro.OutageScope;
import org.fleettelemetry.schemas.avro.Severity;
import org.fleettelemetry.streams.domain.AlertSnapshot;
import org.junit.jupiter.api.Test;

class ScopedAlertsTest {
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
    void shouldShowAFleetAlertWithOnlyTheSitesInScopeAndNoSamplesWhenItSpansOthers() {
        AlertSnapshot fleet = alert(null, null, List.of("acme-a", "acme-b", "zeta"), OutageScope.FLEET);

        AlertSnapshot seen = ScopedAlerts.view(fleet, ACME);

        assertThat(seen.sites()).containsExactly("acme-a", "acme-b");
        assertThat(seen.sampleEndpoints()).isEmpty();
        assertThat(seen.alertId()).isEqualTo(fleet.alertId());
        assertThat(seen.outageScope()).isEqualTo(OutageScope.FLEET);
        assertThat(ScopedAlerts.view(seen, ACME)).as("idempotent").isEqualTo(seen);
    }

    @Test
    void shouldHideAnAlertWhenNoneOfItsSitesIsInScope() {
        assertThat(ScopedAlerts.view(alert(null, "hub:8080", List.of("zeta", "hel"), OutageScope.PROXY), ACME))
                .isNull();
        assertThat(ScopedAlerts.view(alert("zeta", "p:1", List.of("zeta"), OutageScope.SITE), ACME))
                .isNull();
    }

    @Test
    void shouldShowAnAlertWholeWhenAllItsSitesAreInScopeOrTheScopeIsAll() {
        AlertSnapshot site = alert("acme-a", "p:1", List.of("acme-a"), OutageScope.SITE);
        AlertSnapshot fleet = alert(null, null, List.of("acme-a", "zeta"), OutageScope.FLEET);

        assertThat(ScopedAlerts.view(site, ACME)).isSameAs(site);
        assertThat(ScopedAlerts.view(fleet, SiteFilter.ALL)).isSameAs(fleet);
    }

    private static AlertSnapshot alert(String site, String proxy, List<String> sites, OutageScope scope) {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        return new AlertSnapshot(
                "alert-" + scope + "-" + sites,
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
                scope);
    }
}
