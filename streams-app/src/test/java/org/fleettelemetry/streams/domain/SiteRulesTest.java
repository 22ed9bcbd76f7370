package org.fleettelemetry.streams.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.List;
import org.fleettelemetry.schemas.avro.AlertScope;
import org.fleettelemetry.schemas.avro.AlertStatus;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.EventKind;
import org.fleettelemetry.schemas.avro.LogFile;
import org.fleettelemetry.schemas.avro.Severity;
import org.junit.jupiter.api.Test;

class SiteRulesTest {
    private static final long T0 = 1_636_735_230_152L;
    private static final String PROXY = "proxy.example.intern:3128";
    private static final String DOORMAN = "doorman.sc.fsapi.com";
    private static final Duration THIRTY_S = Duration.ofSeconds(30);

    private final DetectionParams params = DetectionParams.defaults();

    @Test
    void shouldOpenUpdateAndResolveOneProxyDnsAlertWhenHalfTheEndpointsCannotResolveTheirProxy() {
        SiteDriver site = new SiteDriver("hq", params, T0).activity(PROXY, 0, 10);
        site.fail(PROXY, 0, 5, "curl:5", "proxy.example.intern");

        List<ConnectivityAlert> opened = site.evaluate();

        assertThat(opened).hasSize(1);
        ConnectivityAlert open = opened.get(0);
        assertThat(open.getStatus()).isEqualTo(AlertStatus.OPEN);
        assertThat(open.getRevision()).isEqualTo(1);
        assertThat(open.getAlertId()).isEqualTo("site:hq:" + PROXY + ":PROXY_DNS:" + T0);
        assertThat(open.getScope()).isEqualTo(AlertScope.SITE);
        assertThat(open.getSite()).isEqualTo("hq");
        assertThat(open.getProxy()).isEqualTo(PROXY);
        assertThat(open.getErrorClass()).isEqualTo("PROXY_DNS");
        assertThat(open.getErrorCode()).isEqualTo("curl:5");
        assertThat(open.getAffectedEndpoints()).isEqualTo(5);
        assertThat(open.getActiveEndpoints()).isEqualTo(10);
        assertThat(open.getRatio()).isEqualTo(0.5);
        assertThat(open.getSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(open.getSampleEndpoints()).containsExactly("ep-000", "ep-001", "ep-002", "ep-003", "ep-004");
        assertThat(open.getSites()).containsExactly("hq");
        assertThat(open.getCause()).contains("Proxy name does not resolve", PROXY);
        assertThat(open.getRemediationSteps()).contains(Diagnosis.CACHE_CLEAN_UP.toAvro());
        assertThat(open.getRemediation()).anySatisfy(step -> assertThat(step).contains(Diagnosis.PROXY_REGISTRY_KEY));
        assertThat(open.getImpact()).contains(Impact.BROWSING_PROTECTION, Impact.DEEPGUARD);
        assertThat(open.getFlapping()).isFalse();
        assertThat(open.getResolvedAt()).isNull();

        site.advance(THIRTY_S).activity(PROXY, 0, 10).fail(PROXY, 0, 5, "curl:5", "proxy.example.intern");
        assertThat(site.evaluate()).as("same figures: nothing to say").isEmpty();

        site.advance(THIRTY_S).fail(PROXY, 0, 7, "curl:5", "proxy.example.intern");
        assertThat(site.evaluate())
                .as("growth without a severity rise waits for the update interval")
                .isEmpty();
        site.advance(Duration.ofMinutes(4)).activity(PROXY, 0, 10).fail(PROXY, 0, 7, "curl:5", "proxy.example.intern");
        List<ConnectivityAlert> grown = site.evaluate();
        assertThat(grown).singleElement().satisfies(u -> {
            assertThat(u.getStatus()).isEqualTo(AlertStatus.UPDATE);
            assertThat(u.getRevision()).isEqualTo(2);
            assertThat(u.getAlertId()).isEqualTo(open.getAlertId());
            assertThat(u.getAffectedEndpoints()).isEqualTo(7);
        });

        // the failures stop; the collectors keep reporting
        long lastFailure = site.now;
        for (int minute = 1; minute <= 30; minute++) {
            site.advance(Duration.ofMinutes(1)).activity(PROXY, 0, 10);
            List<ConnectivityAlert> out = site.evaluate();
            long sinceLastFailure = site.now - lastFailure;
            if (sinceLastFailure < Duration.ofMinutes(15).toMillis() + 1) {
                assertThat(out)
                        .as("minute %d: calm for less than resolveAfter", minute)
                        .isEmpty();
            }
        }
        List<ConnectivityAlert> resolved = site.emitted.stream()
                .filter(a -> a.getStatus() == AlertStatus.RESOLVED)
                .toList();
        assertThat(resolved).singleElement().satisfies(r -> {
            assertThat(r.getRevision()).isEqualTo(3);
            assertThat(r.getAlertId()).isEqualTo(open.getAlertId());
            assertThat(r.getResolvedAt().toEpochMilli())
                    .isEqualTo(lastFailure + Duration.ofMinutes(16).toMillis());
            assertThat(r.getLastSeen().toEpochMilli()).isEqualTo(lastFailure);
            assertThat(r.getSampleEndpoints()).as("still names who was hit").isNotEmpty();
        });
        assertThat(site.emitted).hasSize(3);
    }

    @Test
    void shouldResolveAtOnceWhenEveryAffectedEndpointReportsAHealthyContact() {
        SiteDriver site = new SiteDriver("hq", params, T0).activity(PROXY, 0, 10);
        site.fail(PROXY, 0, 4, "curl:5", null);
        assertThat(site.evaluate())
                .singleElement()
                .extracting(ConnectivityAlert::getStatus)
                .isEqualTo(AlertStatus.OPEN);

        site.advance(THIRTY_S).healthy(PROXY, 0, 3);
        assertThat(site.evaluate())
                .as("one endpoint has not recovered yet")
                .noneMatch(a -> a.getStatus() == AlertStatus.RESOLVED);

        site.advance(THIRTY_S).healthy(PROXY, 3, 4);
        assertThat(site.evaluate()).singleElement().satisfies(r -> {
            assertThat(r.getStatus()).isEqualTo(AlertStatus.RESOLVED);
            assertThat(r.getAffectedEndpoints()).isZero();
        });
        site.advance(THIRTY_S);
        assertThat(site.evaluate()).isEmpty();
    }

    @Test
    void shouldNameTheTargetHostWhenAFirewallLetsConnectionsTimeOut() {
        SiteDriver site = new SiteDriver("branch", params, T0).activity("DIRECT", 0, 10);
        site.fail("DIRECT", 0, 3, "curl:28", DOORMAN);
        site.fail("DIRECT", 3, 4, "wait:258", DOORMAN);

        assertThat(site.evaluate()).singleElement().satisfies(open -> {
            assertThat(open.getErrorClass()).isEqualTo("TIMEOUT");
            assertThat(open.getErrorCode()).isEqualTo("curl:28");
            assertThat(open.getAffectedEndpoints()).isEqualTo(4);
            assertThat(open.getTargetHosts()).containsExactly(DOORMAN);
            assertThat(open.getCause()).contains("firewall", DOORMAN);
            assertThat(open.getRemediation().get(0))
                    .startsWith("Check that the firewall or proxy forwards HTTPS to " + DOORMAN);
            assertThat(open.getRemediation().get(1)).isEqualTo(Diagnosis.ALLOW_LIST);
        });
    }

    @Test
    void shouldNotAlertAndShowTheHostFailingWhenOneHostIsFlaky() {
        SiteDriver site = new SiteDriver("hq", params, T0);
        for (int minute = 0; minute < 60; minute++) {
            site.activity(PROXY, 0, 10).fail(PROXY, 7, 8, "curl:28", DOORMAN);
            assertThat(site.evaluate()).isEmpty();
            site.advance(Duration.ofMinutes(1));
        }
        assertThat(site.hostStates())
                .containsEntry("ep-007", EndpointState.FAILING)
                .containsEntry("ep-000", EndpointState.HEALTHY)
                .hasSize(10);
        assertThat(SiteRules.summary(site.state).failing()).isEqualTo(1);
        assertThat(SiteRules.summary(site.state).holds(ErrorClass.TIMEOUT)).isFalse();
    }

    @Test
    void shouldNotAlertWhenTimeoutsAreScatteredBelowTheRatio() {
        SiteDriver site = new SiteDriver("hq", params, T0).activity(PROXY, 0, 20);
        site.fail(PROXY, 4, 5, "curl:28", DOORMAN).fail(PROXY, 13, 14, "curl:28", DOORMAN);
        assertThat(site.evaluate()).isEmpty();
        assertThat(SiteRules.summary(site.state)
                        .classes()
                        .get(ErrorClass.TIMEOUT)
                        .affected())
                .isEqualTo(2);
    }

    @Test
    void shouldNotAlertWhenThreeOfAHundredFail() {
        SiteDriver site = new SiteDriver("hq", params, T0).activity(PROXY, 0, 100);
        site.fail(PROXY, 0, 3, "curl:5", null);
        assertThat(site.evaluate()).isEmpty();
    }

    @Test
    void shouldKeepTheAlertOpenWhileTheRatioStaysBetweenTheCloseAndTheOpenRatio() {
        SiteDriver site = new SiteDriver("hq", params, T0).activity(PROXY, 0, 20);
        site.fail(PROXY, 0, 5, "curl:7", DOORMAN);
        assertThat(site.evaluate())
                .singleElement()
                .extracting(ConnectivityAlert::getStatus)
                .isEqualTo(AlertStatus.OPEN);

        // 2 of 20 keep failing for an hour: 0.1, below the open ratio, above the close ratio
        for (int minute = 1; minute <= 60; minute++) {
            site.advance(Duration.ofMinutes(1)).activity(PROXY, 0, 20).fail(PROXY, 0, 2, "curl:7", DOORMAN);
            site.evaluate();
        }
        assertThat(site.emitted).noneMatch(a -> a.getStatus() == AlertStatus.RESOLVED);
        assertThat(site.emitted)
                .filteredOn(a -> a.getStatus() == AlertStatus.UPDATE)
                .singleElement()
                .satisfies(u -> {
                    assertThat(u.getAffectedEndpoints()).isEqualTo(2);
                    assertThat(u.getSeverity()).isEqualTo(Severity.MEDIUM);
                });

        for (int minute = 1; minute <= 20; minute++) {
            site.advance(Duration.ofMinutes(1)).activity(PROXY, 0, 20);
            site.evaluate();
        }
        assertThat(site.emitted)
                .filteredOn(a -> a.getStatus() == AlertStatus.RESOLVED)
                .hasSize(1);
    }

    @Test
    void shouldOpenFlappingAndHoldItOpenWhenItOpensMoreThanThreeTimesInAnHour() {
        SiteDriver site = new SiteDriver("hq", params, T0);
        for (int cycle = 1; cycle <= 4; cycle++) {
            site.activity(PROXY, 0, 10).fail(PROXY, 0, 4, "curl:5", null);
            assertThat(site.evaluate()).singleElement().satisfies(open -> {
                assertThat(open.getStatus()).isEqualTo(AlertStatus.OPEN);
            });
            site.advance(Duration.ofMinutes(2)).healthy(PROXY, 0, 10);
            List<ConnectivityAlert> out = site.evaluate();
            if (out.isEmpty()) {
                break;
            }
            assertThat(out)
                    .singleElement()
                    .extracting(ConnectivityAlert::getStatus)
                    .isEqualTo(AlertStatus.RESOLVED);
            site.advance(Duration.ofMinutes(5));
        }
        List<ConnectivityAlert> opens = site.emitted.stream()
                .filter(a -> a.getStatus() == AlertStatus.OPEN)
                .toList();
        assertThat(opens).hasSize(4);
        assertThat(opens.subList(0, 3)).noneMatch(ConnectivityAlert::getFlapping);
        ConnectivityAlert flapping = opens.get(3);
        assertThat(flapping.getFlapping()).isTrue();

        // healthy everywhere, yet held open until calm for a full hour
        long calmSince = site.now;
        while (site.now - calmSince < Duration.ofMinutes(59).toMillis()) {
            site.advance(Duration.ofMinutes(1)).healthy(PROXY, 0, 10);
            assertThat(site.evaluate())
                    .as("held open at +%d ms", site.now - calmSince)
                    .isEmpty();
        }
        site.advance(Duration.ofMinutes(1)).healthy(PROXY, 0, 10);
        assertThat(site.evaluate()).singleElement().satisfies(r -> {
            assertThat(r.getStatus()).isEqualTo(AlertStatus.RESOLVED);
            assertThat(r.getAlertId()).isEqualTo(flapping.getAlertId());
            assertThat(r.getFlapping()).isTrue();
        });
    }

    @Test
    void shouldRaiseSilentWhenMostCollectorsStopReportingAndResolveWhenTheyReturn() {
        SiteDriver site = new SiteDriver("plant", params, T0);
        for (int minute = 0; minute < 5; minute++) {
            site.activity(PROXY, 0, 10);
            assertThat(site.evaluate()).isEmpty();
            site.advance(Duration.ofMinutes(1));
        }
        // from now on only 3 report; the other 7 turn inactive once the active window has passed
        List<ConnectivityAlert> silent = List.of();
        for (int minute = 0; minute < 15 && silent.isEmpty(); minute++) {
            site.activity(PROXY, 0, 3);
            silent = site.evaluate();
            site.advance(Duration.ofMinutes(1));
        }
        assertThat(silent).singleElement().satisfies(open -> {
            assertThat(open.getStatus()).isEqualTo(AlertStatus.OPEN);
            assertThat(open.getErrorClass()).isEqualTo("SILENT");
            assertThat(open.getProxy()).isNull();
            assertThat(open.getAffectedEndpoints()).isEqualTo(7);
            assertThat(open.getActiveEndpoints()).isEqualTo(10);
            assertThat(open.getCause()).contains("Collectors stopped reporting", "cannot reach Kafka either");
            assertThat(open.getSampleEndpoints()).containsExactly("ep-003", "ep-004", "ep-005", "ep-006", "ep-007");
            assertThat(open.getAlertId()).startsWith("site:plant:ALL:SILENT:");
        });
        assertThat(site.hostStates()).containsEntry("ep-009", EndpointState.SILENT);
        assertThat(SiteRules.summary(site.state).holds(ErrorClass.SILENT)).isTrue();

        site.activity(PROXY, 0, 4);
        assertThat(site.evaluate()).as("4 of 10 is not a recovery").isEmpty();
        site.advance(Duration.ofMinutes(1)).activity(PROXY, 0, 10);
        assertThat(site.evaluate()).singleElement().satisfies(r -> {
            assertThat(r.getStatus()).isEqualTo(AlertStatus.RESOLVED);
            assertThat(r.getErrorClass()).isEqualTo("SILENT");
        });
    }

    @Test
    void shouldKeepASuppressedOrspFailureFailingUntilAFastLookup() {
        SiteDriver site = new SiteDriver("hq", params, T0).activity(PROXY, 0, 10);
        site.fail(PROXY, 0, 3, "orsp:suppressed", null);
        assertThat(site.evaluate()).singleElement().satisfies(open -> {
            assertThat(open.getErrorClass()).isEqualTo("CLOUD_LOOKUP");
            assertThat(open.getErrorCode()).isEqualTo("orsp:suppressed");
            assertThat(open.getImpact())
                    .containsExactly(Impact.DEEPGUARD, Impact.APPLICATION_CONTROL, Impact.FILE_SCANNING);
        });
        for (int minute = 1; minute <= 45; minute++) {
            site.advance(Duration.ofMinutes(1)).activity(PROXY, 0, 10);
            assertThat(site.evaluate())
                    .as("no failure logged any more, still failing")
                    .isEmpty();
        }
        assertThat(site.hostState("ep-001")).isEqualTo(EndpointState.FAILING);

        site.healthy(PROXY, 0, 3);
        assertThat(site.evaluate())
                .as("a doorman contact says the path is open, not that lookups work")
                .isEmpty();
        site.lookupOk(PROXY, 0, 3);
        assertThat(site.evaluate())
                .singleElement()
                .extracting(ConnectivityAlert::getStatus)
                .isEqualTo(AlertStatus.RESOLVED);
        assertThat(site.hostState("ep-001")).isEqualTo(EndpointState.HEALTHY);
    }

    @Test
    void shouldNotRaiseACloudLookupOutageForLookupsThatFailBecauseTheProxyIsDown() {
        SiteDriver site = new SiteDriver("hq", params, T0).activity(PROXY, 0, 10);
        site.fail(PROXY, 0, 6, "curl:5", null);
        site.fail(PROXY, 0, 6, "orsp:failed", null);
        assertThat(site.evaluate())
                .as("one outage: the proxy; the failed lookups are its symptom")
                .singleElement()
                .satisfies(open -> assertThat(open.getErrorClass()).isEqualTo("PROXY_DNS"));
        assertThat(SiteRules.summary(site.state).holds(ErrorClass.CLOUD_LOOKUP)).isFalse();
    }

    @Test
    void shouldNotCallItFlappingWhenEachProxyOutageStartsWithFailedLookups() {
        SiteDriver site = new SiteDriver("hq", params, T0).activity(PROXY, 0, 10);
        for (int cycle = 0; cycle < params.flapThreshold() + 2; cycle++) {
            site.fail(PROXY, 0, 6, "orsp:failed", null);
            site.evaluate();
            site.advance(Duration.ofSeconds(10)).fail(PROXY, 0, 6, "curl:5", null);
            site.evaluate();
            site.advance(Duration.ofSeconds(30))
                    .activity(PROXY, 0, 10)
                    .healthy(PROXY, 0, 10)
                    .lookupOk(PROXY, 0, 10);
            site.evaluate();
            site.advance(Duration.ofMinutes(1)).activity(PROXY, 0, 10);
            site.evaluate();
        }
        assertThat(site.state.getOutages().values())
                .filteredOn(t -> t.getErrorClass() == ErrorClass.CLOUD_LOOKUP)
                .allSatisfy(t -> {
                    assertThat(t.getAlert()).as("no lookup outage is left open").isNull();
                    assertThat(t.getOpenTimes())
                            .as("symptom opens are not flaps")
                            .isEmpty();
                });
    }

    @Test
    void shouldResolveALookupOutageAtOnceWhenItsEndpointsTurnOutToBeBehindADownProxy() {
        SiteDriver site = new SiteDriver("hq", params, T0).activity(PROXY, 0, 10);
        // a proxy outage starts: the lookups fail before the next doorman contact shows the proxy is down
        site.fail(PROXY, 0, 6, "orsp:failed", null);
        assertThat(site.evaluate()).singleElement().satisfies(open -> {
            assertThat(open.getErrorClass()).isEqualTo("CLOUD_LOOKUP");
            assertThat(open.getStatus()).isEqualTo(AlertStatus.OPEN);
        });
        site.advance(Duration.ofSeconds(10)).fail(PROXY, 0, 6, "curl:5", null);
        assertThat(site.evaluate())
                .as("the lookups were the proxy's symptom: that outage ends now, the proxy's opens")
                .extracting(ConnectivityAlert::getErrorClass, ConnectivityAlert::getStatus)
                .containsExactlyInAnyOrder(
                        tuple("CLOUD_LOOKUP", AlertStatus.RESOLVED), tuple("PROXY_DNS", AlertStatus.OPEN));
    }

    @Test
    void shouldKeepALookupOutageOpenWhileOnlySomeOfItsEndpointsAreBehindADownProxy() {
        SiteDriver site = new SiteDriver("hq", params, T0).activity(PROXY, 0, 10);
        site.fail(PROXY, 0, 6, "orsp:failed", null);
        assertThat(site.evaluate())
                .singleElement()
                .extracting(ConnectivityAlert::getStatus)
                .isEqualTo(AlertStatus.OPEN);
        site.advance(Duration.ofSeconds(10)).fail(PROXY, 0, 3, "curl:5", null);
        assertThat(site.evaluate())
                .as("three endpoints still fail lookups with their path open")
                .extracting(ConnectivityAlert::getErrorClass)
                .doesNotContain("CLOUD_LOOKUP");
        assertThat(SiteRules.summary(site.state).holds(ErrorClass.CLOUD_LOOKUP)).isTrue();
    }

    @Test
    void shouldKeepASlowCloudOpenWhileTheDoormanStillAnswers() {
        SiteDriver site = new SiteDriver("hq", params, T0).activity(PROXY, 0, 10);
        for (int i = 0; i < 4; i++) {
            site.observe(Observation.of(latency(SiteDriver.id(i), T0, 4200L), params));
        }
        site.healthy(PROXY, 0, 10);
        assertThat(site.evaluate())
                .as("doorman fserr 0 during a slowdown does not heal slow lookups")
                .singleElement()
                .extracting(ConnectivityAlert::getStatus)
                .isEqualTo(AlertStatus.OPEN);
        site.advance(Duration.ofSeconds(30));
        for (int i = 0; i < 4; i++) {
            site.observe(Observation.of(latency(SiteDriver.id(i), site.now, 90L), params));
        }
        assertThat(site.evaluate())
                .singleElement()
                .extracting(ConnectivityAlert::getStatus)
                .isEqualTo(AlertStatus.RESOLVED);
    }

    @Test
    void shouldCountSlowOrspAnswersAsCloudLookupFailures() {
        SiteDriver site = new SiteDriver("hq", params, T0).activity(PROXY, 0, 10);
        for (int i = 0; i < 3; i++) {
            site.observe(Observation.of(latency(SiteDriver.id(i), T0, 3016L), params));
        }
        site.observe(Observation.of(latency(SiteDriver.id(5), T0, 120L), params));

        assertThat(site.evaluate()).singleElement().satisfies(open -> {
            assertThat(open.getErrorClass()).isEqualTo("CLOUD_LOOKUP");
            assertThat(open.getAffectedEndpoints()).isEqualTo(3);
            assertThat(open.getCause()).contains("failing or slow");
        });
    }

    @Test
    void shouldNotFloodUpdatesWhenTheFiguresWobble() {
        SiteDriver site = new SiteDriver("hq", params, T0).activity(PROXY, 0, 100);
        site.fail(PROXY, 0, 30, "curl:28", DOORMAN);
        assertThat(site.evaluate())
                .singleElement()
                .extracting(ConnectivityAlert::getStatus)
                .isEqualTo(AlertStatus.OPEN);

        for (int round = 0; round < 100; round++) {
            site.advance(Duration.ofSeconds(10)).activity(PROXY, 0, 100);
            site.fail(PROXY, 0, 29, "curl:28", DOORMAN);
            if (round % 2 == 0) {
                site.fail(PROXY, 29, 31, "curl:28", DOORMAN);
            } else {
                site.healthy(PROXY, 29, 31);
            }
            assertThat(site.evaluate()).as("round %d", round).isEmpty();
        }
    }

    @Test
    void shouldPublishASeverityRiseAtOnceButOtherChangesAtMostOncePerUpdateInterval() {
        SiteDriver site = new SiteDriver("hq", params, T0).activity(PROXY, 0, 20);
        site.fail(PROXY, 0, 4, "curl:28", DOORMAN);
        assertThat(site.evaluate())
                .singleElement()
                .extracting(ConnectivityAlert::getSeverity)
                .isEqualTo(Severity.HIGH);

        site.advance(THIRTY_S).fail(PROXY, 0, 12, "curl:28", DOORMAN);
        assertThat(site.evaluate()).singleElement().satisfies(u -> {
            assertThat(u.getStatus()).isEqualTo(AlertStatus.UPDATE);
            assertThat(u.getSeverity()).isEqualTo(Severity.CRITICAL);
        });

        site.advance(THIRTY_S).fail(PROXY, 0, 17, "curl:28", DOORMAN);
        assertThat(site.evaluate()).as("bigger, same severity, too soon").isEmpty();
        site.advance(Duration.ofMinutes(5)).activity(PROXY, 0, 20).fail(PROXY, 0, 17, "curl:28", DOORMAN);
        assertThat(site.evaluate())
                .singleElement()
                .extracting(ConnectivityAlert::getAffectedEndpoints)
                .isEqualTo(17);
    }

    @Test
    void shouldJudgeEachProxySeparately() {
        SiteDriver site =
                new SiteDriver("hq", params, T0).activity("DIRECT", 0, 90).activity(PROXY, 90, 100);
        site.fail(PROXY, 90, 96, "curl:5", null);

        assertThat(site.evaluate()).singleElement().satisfies(open -> {
            assertThat(open.getProxy()).isEqualTo(PROXY);
            assertThat(open.getActiveEndpoints()).isEqualTo(10);
        });
    }

    @Test
    void shouldForgetEndpointsNotSeenForTheRetention() {
        SiteDriver site = new SiteDriver("hq", params, T0).activity(PROXY, 0, 3);
        site.evaluate();
        site.advance(Duration.ofHours(25)).activity(PROXY, 0, 1);
        site.evaluate();
        assertThat(site.tracks).containsOnlyKeys("ep-000");
    }

    static EndpointEvent latency(String endpointId, long at, long durationMs) {
        return EndpointEvent.newBuilder()
                .setEventId(endpointId + ":deepguard.log:" + at)
                .setEndpointId(endpointId)
                .setSite("hq")
                .setProxy(PROXY)
                .setProduct(SiteDriver.PRODUCT)
                .setLogFile(LogFile.DEEPGUARD)
                .setTimestamp(java.time.Instant.ofEpochMilli(at))
                .setLevel(".W")
                .setSource("SecurityCloud::Query")
                .setMessage("ORSP query took " + durationMs + " ms")
                .setKind(EventKind.CLOUD_QUERY_LATENCY)
                .setDurationMs(durationMs)
                .build();
    }
}
