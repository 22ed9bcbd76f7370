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

class OutageFilterTest {
    @Test
    void shouldMatchFleetOutagesListingTheSiteWhenFilteringBySite() {
        AlertSnapshot fleet = outage("FLEET", null, List.of("hel", "ber"), "CRITICAL");
        AlertSnapshot other = outage("SITE", "ber", List.of("ber"), "HIGH");

        OutageFilter hel = new OutageFilter("hel", null, null);

        assertThat(hel.matches(fleet)).isTrue();
        assertThat(hel.matches(other)).isFalse();
    }

    @Test
    void shouldMatchOnlyTheScopeAndSeverityWhenGiven() {
        AlertSnapshot site = outage("SITE", "hel", List.of("hel"), "HIGH");

        assertThat(new OutageFilter(null, OutageScope.SITE, Severity.HIGH).matches(site))
                .isTrue();
        assertThat(new OutageFilter(null, OutageScope.FLEET, null).matches(site))
                .isFalse();
        assertThat(new OutageFilter(null, null, Severity.LOW).matches(site)).isFalse();
        assertThat(OutageFilter.ALL.matches(site)).isTrue();
    }

    @Test
    void shouldTellAProxyOutageFromAFleetOneByItsExactScope() {
        AlertSnapshot proxy = outage("FLEET", null, List.of("nyc", "sgp"), "HIGH", OutageScope.PROXY);
        AlertSnapshot fleet = outage("FLEET", null, List.of("hel", "ber"), "HIGH");

        assertThat(new OutageFilter(null, OutageScope.PROXY, null).matches(proxy))
                .isTrue();
        assertThat(new OutageFilter(null, OutageScope.PROXY, null).matches(fleet))
                .isFalse();
        assertThat(new OutageFilter(null, OutageScope.FLEET, null).matches(proxy))
                .isFalse();
        assertThat(new OutageFilter(null, OutageScope.FLEET, null).matches(fleet))
                .isTrue();
        assertThat(new OutageFilter("sgp", null, null).matches(proxy)).isTrue();
    }

    @Test
    void shouldPassOnlyTheGivenFieldsWhenForwarded() {
        assertThat(new OutageFilter("hel", null, Severity.LOW).asParameters())
                .containsExactly(java.util.Map.entry("site", "hel"), java.util.Map.entry("severity", "LOW"));
    }

    private static AlertSnapshot outage(String scope, String site, List<String> sites, String severity) {
        return outage(scope, site, sites, severity, null);
    }

    private static AlertSnapshot outage(
            String scope, String site, List<String> sites, String severity, OutageScope exact) {
        Instant t = Instant.parse("2025-03-01T10:00:00Z");
        return new AlertSnapshot(
                "a-1",
                AlertStatus.OPEN,
                1,
                Severity.valueOf(severity),
                AlertScope.valueOf(scope),
                site,
                null,
                "curl:5",
                "PROXY_DNS",
                "cause",
                5,
                10,
                0.5,
                List.of(),
                List.of(),
                sites,
                List.of(),
                List.of(),
                List.of(),
                false,
                t,
                t,
                t,
                null,
                exact,
                List.of(),
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }
}
