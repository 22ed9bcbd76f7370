package org.fleettelemetry.streams.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.fleettelemetry.schemas.avro.AlertScope;
import org.fleettelemetry.schemas.avro.AlertStatus;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.schemas.avro.Severity;
import org.junit.jupiter.api.Test;

class FleetRulesTest {
    private static final long T0 = 1_636_735_230_152L;
    private static final String DOORMAN = "doorman.sc.fsapi.com";
    private static final Duration TEN_S = Duration.ofSeconds(10);

    private final DetectionParams params = DetectionParams.defaults();

    @Test
    void shouldPublishOneFleetAlertAndNoSiteAlertWhenTheSameErrorHitsFourSites() {
        FleetDriver fleet = new FleetDriver(params, T0, "a", "b", "c", "d", "e", "f");
        fleet.sites.values().forEach(s -> s.activity("DIRECT", 0, 10));
        for (String name : List.of("a", "b", "c", "d")) {
            fleet.site(name).fail("DIRECT", 0, 5, "curl:28", DOORMAN);
        }

        List<ConnectivityAlert> first = fleet.tick();

        assertThat(first).singleElement().satisfies(open -> {
            assertThat(open.getScope()).isEqualTo(AlertScope.FLEET);
            assertThat(open.getStatus()).isEqualTo(AlertStatus.OPEN);
            assertThat(open.getAlertId()).isEqualTo("fleet:TIMEOUT:" + T0);
            assertThat(open.getSite()).isNull();
            assertThat(open.getProxy()).isNull();
            assertThat(open.getSites()).containsExactly("a", "b", "c", "d");
            assertThat(open.getAffectedEndpoints()).isEqualTo(20);
            assertThat(open.getActiveEndpoints()).isEqualTo(40);
            assertThat(open.getSeverity()).isEqualTo(Severity.CRITICAL);
            assertThat(open.getTargetHosts()).containsExactly(DOORMAN);
            assertThat(open.getCause()).contains("vendor's cloud or the internet path rather than a local proxy");
        });
        assertThat(fleet.candidates).as("each site raised its own candidate").hasSize(4);

        // the failures go on for a while, then stop everywhere
        for (int i = 0; i < 12; i++) {
            fleet.advance(TEN_S).sites.values().forEach(s -> s.activity("DIRECT", 0, 10));
            for (String name : List.of("a", "b", "c", "d")) {
                fleet.site(name).fail("DIRECT", 0, 5, "curl:28", DOORMAN);
            }
            fleet.tick();
        }
        for (int minute = 0; minute < 30; minute++) {
            fleet.advance(Duration.ofMinutes(1)).sites.values().forEach(s -> s.activity("DIRECT", 0, 10));
            fleet.tick();
        }

        assertThat(fleet.published).allMatch(a -> a.getScope() == AlertScope.FLEET);
        assertThat(fleet.published)
                .extracting(ConnectivityAlert::getStatus)
                .containsExactly(AlertStatus.OPEN, AlertStatus.RESOLVED);
        assertThat(fleet.candidates)
                .filteredOn(a -> a.getStatus() == AlertStatus.RESOLVED)
                .hasSize(4);
        assertThat(fleet.fleet.getSwallowed())
                .as("swallowed RESOLVEDs are forgotten")
                .isEmpty();
        assertThat(fleet.fleet.getPublished()).isEmpty();
    }

    @Test
    void shouldKeepASiteAlertPublishedBeforeTheFleetAlertOpened() {
        FleetDriver fleet = new FleetDriver(params, T0, "a", "b", "c", "d");
        fleet.sites.values().forEach(s -> s.activity("DIRECT", 0, 10));
        fleet.site("a").fail("DIRECT", 0, 5, "curl:28", DOORMAN);
        assertThat(fleet.tick()).as("held for the group wait").isEmpty();
        fleet.advance(Duration.ofSeconds(30));
        fleet.sites.values().forEach(s -> s.activity("DIRECT", 0, 10));
        fleet.site("a").fail("DIRECT", 0, 5, "curl:28", DOORMAN);
        ConnectivityAlert siteOpen = fleet.tick().get(0);
        assertThat(siteOpen.getScope()).isEqualTo(AlertScope.SITE);
        assertThat(siteOpen.getStatus()).isEqualTo(AlertStatus.OPEN);

        fleet.advance(Duration.ofMinutes(1));
        fleet.sites.values().forEach(s -> s.activity("DIRECT", 0, 10));
        fleet.sites.values().forEach(s -> s.fail("DIRECT", 0, 8, "curl:28", DOORMAN));
        List<ConnectivityAlert> out = fleet.tick();

        assertThat(out).singleElement().satisfies(open -> {
            assertThat(open.getScope()).isEqualTo(AlertScope.FLEET);
            assertThat(open.getStatus()).isEqualTo(AlertStatus.OPEN);
            assertThat(open.getSites()).containsExactly("a", "b", "c", "d");
        });
        for (int minute = 0; minute < 5; minute++) {
            fleet.advance(Duration.ofMinutes(1)).sites.values().forEach(s -> s.activity("DIRECT", 0, 10));
            fleet.sites.values().forEach(s -> s.fail("DIRECT", 0, 8, "curl:28", DOORMAN));
            fleet.tick();
        }
        assertThat(fleet.published)
                .filteredOn(a -> a.getAlertId().equals(siteOpen.getAlertId()))
                .last()
                .satisfies(update -> {
                    assertThat(update.getStatus()).isEqualTo(AlertStatus.UPDATE);
                    assertThat(update.getRevision()).isEqualTo(2);
                    assertThat(update.getAffectedEndpoints()).isEqualTo(8);
                });

        for (int minute = 0; minute < 30; minute++) {
            fleet.advance(Duration.ofMinutes(1)).sites.values().forEach(s -> s.activity("DIRECT", 0, 10));
            fleet.tick();
        }
        assertThat(fleet.published)
                .filteredOn(a -> a.getAlertId().equals(siteOpen.getAlertId()))
                .extracting(ConnectivityAlert::getStatus)
                .containsExactly(AlertStatus.OPEN, AlertStatus.UPDATE, AlertStatus.RESOLVED);
        assertThat(fleet.published)
                .filteredOn(
                        a -> a.getScope() == AlertScope.SITE && !a.getAlertId().equals(siteOpen.getAlertId()))
                .isEmpty();
    }

    @Test
    void shouldPublishAHeldOpenWithItsLatestFiguresWhenTheGroupWaitEnds() {
        FleetState state = new FleetState();
        FleetRules.onSiteAlert(state, candidate("x", AlertStatus.OPEN, 1, 3), T0, params);
        assertThat(FleetRules.onSiteAlert(state, candidate("x", AlertStatus.UPDATE, 2, 6), T0 + 10_000, params))
                .isEmpty();
        assertThat(FleetRules.evaluate(state, T0 + 29_999, params)).isEmpty();

        assertThat(FleetRules.evaluate(state, T0 + 30_000, params))
                .singleElement()
                .satisfies(open -> {
                    assertThat(open.getStatus()).isEqualTo(AlertStatus.OPEN);
                    assertThat(open.getRevision()).isEqualTo(1);
                    assertThat(open.getAffectedEndpoints()).isEqualTo(6);
                });
        assertThat(FleetRules.onSiteAlert(state, candidate("x", AlertStatus.UPDATE, 3, 9), T0 + 40_000, params))
                .singleElement()
                .satisfies(u -> {
                    assertThat(u.getStatus()).isEqualTo(AlertStatus.UPDATE);
                    assertThat(u.getRevision()).as("renumbered after the merge").isEqualTo(2);
                });
    }

    @Test
    void shouldPublishNothingWhenAnOpenResolvesWithinTheGroupWait() {
        FleetState state = new FleetState();
        FleetRules.onSiteAlert(state, candidate("x", AlertStatus.OPEN, 1, 3), T0, params);
        FleetRules.onSiteAlert(state, candidate("x", AlertStatus.RESOLVED, 2, 0), T0 + 5_000, params);

        assertThat(FleetRules.evaluate(state, T0 + Duration.ofMinutes(5).toMillis(), params))
                .isEmpty();
        assertThat(state.getHeld()).isEmpty();
        assertThat(state.getPublished()).isEmpty();
    }

    @Test
    void shouldPublishEachCandidateOnceWhenItIsDeliveredTwice() {
        FleetState state = new FleetState();
        DetectionParams noWait = params.toBuilder()
                .set(DetectionParams.GROUP_WAIT, Duration.ZERO)
                .build();
        assertThat(FleetRules.onSiteAlert(state, candidate("x", AlertStatus.OPEN, 1, 3), T0, noWait))
                .hasSize(1);
        assertThat(FleetRules.onSiteAlert(state, candidate("x", AlertStatus.OPEN, 1, 3), T0, noWait))
                .isEmpty();
        assertThat(FleetRules.onSiteAlert(state, candidate("x", AlertStatus.UPDATE, 2, 6), T0, noWait))
                .hasSize(1);
        assertThat(FleetRules.onSiteAlert(state, candidate("x", AlertStatus.UPDATE, 2, 6), T0, noWait))
                .isEmpty();
        assertThat(FleetRules.onSiteAlert(state, candidate("x", AlertStatus.RESOLVED, 3, 0), T0, noWait))
                .hasSize(1);
        assertThat(FleetRules.onSiteAlert(state, candidate("x", AlertStatus.RESOLVED, 3, 0), T0, noWait))
                .isEmpty();
        assertThat(FleetRules.onSiteAlert(state, candidate("y", AlertStatus.UPDATE, 2, 6), T0, noWait))
                .as("an UPDATE whose OPEN was never seen is not published")
                .isEmpty();
    }

    @Test
    void shouldPublishASwallowedSiteAlertWhenTheFleetAlertResolvesAndItsSiteStillFails() {
        FleetDriver fleet = new FleetDriver(params, T0, "a", "b", "c");
        fleet.sites.values().forEach(s -> s.activity("DIRECT", 0, 10).fail("DIRECT", 0, 5, "curl:6", null));
        assertThat(fleet.tick())
                .singleElement()
                .extracting(ConnectivityAlert::getScope)
                .isEqualTo(AlertScope.FLEET);

        // b and c recover; a keeps failing
        fleet.advance(TEN_S);
        fleet.sites.values().forEach(s -> s.activity("DIRECT", 0, 10));
        fleet.site("b").healthy("DIRECT", 0, 10);
        fleet.site("c").healthy("DIRECT", 0, 10);
        List<ConnectivityAlert> afterRecovery = new java.util.ArrayList<>();
        for (int minute = 0; minute < 15; minute++) {
            fleet.site("a").fail("DIRECT", 0, 5, "curl:6", null);
            afterRecovery.addAll(fleet.tick());
            fleet.advance(Duration.ofMinutes(1));
            fleet.sites.values().forEach(s -> s.activity("DIRECT", 0, 10));
        }

        assertThat(afterRecovery)
                .filteredOn(a -> a.getScope() == AlertScope.FLEET)
                .singleElement()
                .extracting(ConnectivityAlert::getStatus)
                .isEqualTo(AlertStatus.RESOLVED);
        assertThat(afterRecovery)
                .filteredOn(a -> a.getScope() == AlertScope.SITE)
                .singleElement()
                .satisfies(open -> {
                    assertThat(open.getStatus()).isEqualTo(AlertStatus.OPEN);
                    assertThat(open.getSite()).isEqualTo("a");
                    assertThat(open.getRevision()).isEqualTo(1);
                });
        int fleetResolved = indexOf(afterRecovery, AlertScope.FLEET);
        int siteOpen = indexOf(afterRecovery, AlertScope.SITE);
        assertThat(siteOpen).as("the site alert follows the fleet RESOLVED").isGreaterThan(fleetResolved);
    }

    @Test
    void shouldOpenAFleetAlertWhenHalfOfTwoSitesHoldTheCondition() {
        FleetDriver fleet = new FleetDriver(params, T0, "a", "b");
        fleet.sites.values().forEach(s -> s.activity("DIRECT", 0, 10).fail("DIRECT", 0, 5, "curl:35", null));
        assertThat(fleet.tick()).singleElement().satisfies(open -> {
            assertThat(open.getScope()).isEqualTo(AlertScope.FLEET);
            assertThat(open.getErrorClass()).isEqualTo("TLS_INSPECTION");
        });
    }

    @Test
    void shouldRejectACandidateThatIsNotSiteScoped() {
        ConnectivityAlert fleetScoped = ConnectivityAlert.newBuilder(candidate("x", AlertStatus.OPEN, 1, 3))
                .setScope(AlertScope.FLEET)
                .build();
        assertThatThrownBy(() -> FleetRules.onSiteAlert(new FleetState(), fleetScoped, T0, params))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SITE");
    }

    private static int indexOf(List<ConnectivityAlert> alerts, AlertScope scope) {
        for (int i = 0; i < alerts.size(); i++) {
            if (alerts.get(i).getScope() == scope) {
                return i;
            }
        }
        return -1;
    }

    static ConnectivityAlert candidate(String site, AlertStatus status, int revision, int affected) {
        return ConnectivityAlert.newBuilder()
                .setAlertId("site:" + site + ":DIRECT:TIMEOUT:" + T0)
                .setStatus(status)
                .setRevision(revision)
                .setSeverity(Severity.HIGH)
                .setScope(AlertScope.SITE)
                .setSite(site)
                .setProxy("DIRECT")
                .setErrorCode("curl:28")
                .setErrorClass("TIMEOUT")
                .setCause("Connections time out")
                .setAffectedEndpoints(affected)
                .setActiveEndpoints(10)
                .setRatio(affected / 10.0)
                .setFirstSeen(Instant.ofEpochMilli(T0))
                .setLastSeen(Instant.ofEpochMilli(T0))
                .setOpenedAt(Instant.ofEpochMilli(T0))
                .setResolvedAt(status == AlertStatus.RESOLVED ? Instant.ofEpochMilli(T0 + 1) : null)
                .build();
    }

    /**
     * During a rolling upgrade the fleet stage may get summaries from a site stage of the previous version, without
     * proxies: each such site counts as a path of its own, so the same class at 3 of them is FLEET as before.
     */
    @Test
    void shouldOpenFleetAsBeforeWhenSiteSummariesOfThePreviousVersionCarryNoProxies() {
        FleetState state = new FleetState();
        for (String site : List.of("a", "b", "c")) {
            ClassSummary timeout =
                    new ClassSummary(5, 10, true, "curl:28", List.of(site + "-pc-1"), List.of(), List.of(), T0);
            FleetRules.onSiteSummary(
                    state,
                    new SiteSummary(
                            site,
                            10,
                            5,
                            0,
                            new java.util.TreeMap<>(java.util.Map.of(ErrorClass.TIMEOUT, timeout)),
                            null),
                    T0);
        }

        List<ConnectivityAlert> out = FleetRules.evaluate(state, T0 + 1_000, params);

        assertThat(out).hasSize(1);
        assertThat(out.get(0).getOutageScope()).isEqualTo(org.fleettelemetry.schemas.avro.OutageScope.FLEET);
        assertThat(out.get(0).getSites()).containsExactly("a", "b", "c");
        assertThat(state.getProxyOutages()).isEmpty();
    }
}
