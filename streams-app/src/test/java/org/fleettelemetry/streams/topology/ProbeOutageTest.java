package org.fleettelemetry.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fleettelemetry.schemas.avro.AlertScope;
import org.fleettelemetry.schemas.avro.AlertStatus;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.OutageScope;
import org.fleettelemetry.streams.ProbeRecords;
import org.fleettelemetry.streams.domain.DetectionParams;
import org.fleettelemetry.streams.domain.EndpointState;
import org.fleettelemetry.streams.domain.EndpointTrack;
import org.fleettelemetry.streams.domain.ErrorClass;
import org.junit.jupiter.api.Test;

/**
 * The collectors' active probe (#18) through the whole topology: a failed probe is a failure of its class, a passed
 * probe a healthy contact, and the alert says how many of its affected endpoints the probe confirms and at which step.
 */
class ProbeOutageTest {
    private static final String SITE = "hel";
    private static final String PROXY = "proxy.hel.example:3128";

    private final Map<String, Long> sequences = new HashMap<>();

    private long next(String pc) {
        return sequences.merge(pc, 1L, Long::sum);
    }

    private void probeFails(TopologyFixture f, String pc) {
        f.send(ProbeRecords.proxyAuthRequired(pc, SITE, PROXY, next(pc), f.wall()));
    }

    private void probePasses(TopologyFixture f, String pc) {
        f.send(ProbeRecords.passed(pc, SITE, PROXY, next(pc), f.wall()));
    }

    @Test
    void shouldOpenAConfirmedSiteAlertNamingTheStepThenResolveWhenAnOutageIsOnlyInProbesAndTheyPassAgain() {
        try (TopologyFixture f = new TopologyFixture()) {
            List<String> pcs = f.fleet(SITE, PROXY, 10);
            f.advance(Duration.ofSeconds(5));
            pcs.subList(5, 10).forEach(pc -> probePasses(f, pc));
            pcs.subList(0, 5).forEach(pc -> probeFails(f, pc));
            f.advance(Duration.ofSeconds(40));

            List<ConnectivityAlert> opened = f.readAlerts();
            assertThat(opened).extracting(ConnectivityAlert::getStatus).containsExactly(AlertStatus.OPEN);
            ConnectivityAlert open = opened.get(0);
            assertThat(open.getScope()).isEqualTo(AlertScope.SITE);
            assertThat(open.getProxy()).isEqualTo(PROXY);
            assertThat(open.getErrorClass()).isEqualTo("PROXY_AUTH");
            assertThat(open.getErrorCode()).isEqualTo("proxy:407");
            assertThat(open.getAffectedEndpoints()).isEqualTo(5);
            assertThat(open.getActiveEndpoints()).isEqualTo(10);
            assertThat(open.getProbeConfirmed()).isEqualTo(5);
            assertThat(open.getProbeEndpoints())
                    .as("M: the affected endpoints that probed (the passing five are not affected)")
                    .isEqualTo(5);
            assertThat(open.getProbeFailedStep()).isEqualTo("PROXY_TUNNEL");
            assertThat(open.getProbeDetail()).isEqualTo("PROXY_TUNNEL answered 407");
            assertThat(open.getCause())
                    .startsWith("Proxy requires authentication")
                    .endsWith("; confirmed by active probe at 5 of 5 endpoints (failing step: PROXY_TUNNEL answered"
                            + " 407)");
            assertThat(open.getTargetHosts()).containsExactly(ProbeRecords.TARGET_HOST);
            assertThat(open.getRemediation().get(0))
                    .startsWith(
                            "Exempt *.f-secure.com and *.fsapi.com from proxy authentication on the proxy " + PROXY);
            assertThat(f.openAlerts().get(open.getAlertId())).isEqualTo(open);
            assertThat(f.endpointStatus().get(pcs.get(0)).state()).isEqualTo(EndpointState.FAILING);
            assertThat(f.endpointStatus().get(pcs.get(0)).lastErrorClass()).isEqualTo(ErrorClass.PROXY_AUTH);

            f.advance(Duration.ofSeconds(30));
            assertThat(f.readAlerts())
                    .as("the probes failing again change nothing")
                    .isEmpty();
            pcs.subList(0, 5).forEach(pc -> probeFails(f, pc));
            f.advance(Duration.ofSeconds(30));
            assertThat(f.readAlerts()).isEmpty();

            // the fix: the probes pass; the agent logs nothing (its cache answers for 2 hours)
            pcs.subList(0, 5).forEach(pc -> probePasses(f, pc));
            f.advance(Duration.ofSeconds(5));
            List<ConnectivityAlert> after = f.readAlerts();
            assertThat(after).extracting(ConnectivityAlert::getStatus).containsExactly(AlertStatus.RESOLVED);
            ConnectivityAlert resolved = after.get(0);
            assertThat(resolved.getAlertId()).isEqualTo(open.getAlertId());
            assertThat(resolved.getResolvedAt())
                    .as("at once, not after resolveAfter")
                    .isBefore(f.wall().plus(Duration.ofSeconds(1)));
            assertThat(resolved.getProbeFailedStep())
                    .as("the RESOLVED says what the outage was confirmed by")
                    .isEqualTo("PROXY_TUNNEL");
            assertThat(f.openAlerts().get(open.getAlertId())).isNull();
            assertThat(f.endpointStatus().get(pcs.get(0)).state()).isEqualTo(EndpointState.HEALTHY);
        }
    }

    /**
     * N of M: M counts the affected endpoints that have a probe result, N those whose latest probe failed with the
     * outage's class. Four fail by the log and by the probe; one fails by the log after its probe passed (the probe
     * disagrees: in M, not in N); one fails by the log and never probed (not in M).
     */
    @Test
    void shouldCountTheAffectedEndpointsThatProbedAndThoseTheProbeConfirms() {
        try (TopologyFixture f = new TopologyFixture()) {
            List<String> pcs = f.fleet(SITE, PROXY, 10);
            f.advance(Duration.ofSeconds(5));
            probePasses(f, pcs.get(4));
            f.advance(Duration.ofSeconds(2));
            for (String pc : pcs.subList(0, 6)) {
                f.curlTimeout(SITE, PROXY, pc);
            }
            for (String pc : pcs.subList(0, 4)) {
                f.send(ProbeRecords.failed(
                        pc,
                        SITE,
                        PROXY,
                        next(pc),
                        f.wall(),
                        "TIMEOUT",
                        "PROXY_TUNNEL",
                        "curl:28",
                        28,
                        null,
                        "no answer to CONNECT in 10 s"));
            }
            f.advance(Duration.ofSeconds(40));

            List<ConnectivityAlert> opened = f.readAlerts();
            assertThat(opened).extracting(ConnectivityAlert::getStatus).containsExactly(AlertStatus.OPEN);
            ConnectivityAlert open = opened.get(0);
            assertThat(open.getErrorClass()).isEqualTo("TIMEOUT");
            assertThat(open.getAffectedEndpoints()).isEqualTo(6);
            assertThat(open.getProbeConfirmed()).isEqualTo(4);
            assertThat(open.getProbeEndpoints()).isEqualTo(5);
            assertThat(open.getProbeFailedStep()).isEqualTo("PROXY_TUNNEL");
            assertThat(open.getProbeDetail()).as("no status or issuer to add").isNull();
            assertThat(open.getCause())
                    .endsWith("; confirmed by active probe at 4 of 5 endpoints (failing step: PROXY_TUNNEL)");
        }
    }

    @Test
    void shouldLeaveTheProbeFieldsOutWhenNoAffectedEndpointProbed() {
        try (TopologyFixture f = new TopologyFixture()) {
            List<String> pcs = f.fleet(SITE, PROXY, 10);
            f.advance(Duration.ofSeconds(5));
            pcs.subList(5, 10).forEach(pc -> probePasses(f, pc));
            pcs.subList(0, 5).forEach(pc -> f.proxyDnsFailure(SITE, PROXY, pc));
            f.advance(Duration.ofSeconds(40));

            ConnectivityAlert open = f.readAlerts().get(0);
            assertThat(open.getErrorClass()).isEqualTo("PROXY_DNS");
            assertThat(open.getProbeConfirmed()).isNull();
            assertThat(open.getProbeEndpoints()).isNull();
            assertThat(open.getProbeFailedStep()).isNull();
            assertThat(open.getCause()).doesNotContain("probe");
        }
    }

    /**
     * An outage first seen in the agent's logs, confirmed later by the probe: one UPDATE when the confirmation comes
     * (within the update interval's limit, as affected-count changes), none when a single probe flips.
     */
    @Test
    void shouldPublishOneUpdateWhenTheProbeConfirmsAnOpenOutageAndNoneForAWobble() {
        DetectionParams d = DetectionParams.defaults();
        try (TopologyFixture f = new TopologyFixture()) {
            List<String> pcs = f.fleet(SITE, PROXY, 10);
            List<String> failing = pcs.subList(0, 5);
            f.advance(Duration.ofSeconds(5));
            failing.forEach(pc -> f.curlTimeout(SITE, PROXY, pc));
            f.advanceBeating(Duration.ofSeconds(40), Duration.ofSeconds(20), SITE, PROXY, pcs);
            ConnectivityAlert open = f.readAlerts().get(0);
            assertThat(open.getStatus()).isEqualTo(AlertStatus.OPEN);
            assertThat(open.getProbeConfirmed()).isNull();

            for (int minute = 0; minute < d.updateInterval().toMinutes() + 1; minute++) {
                failing.forEach(pc -> f.curlTimeout(SITE, PROXY, pc));
                failing.forEach(pc -> f.send(timeoutProbe(pc, f)));
                f.advanceBeating(Duration.ofMinutes(1), Duration.ofSeconds(20), SITE, PROXY, pcs);
            }
            List<ConnectivityAlert> updates = f.readAlerts();
            assertThat(updates).extracting(ConnectivityAlert::getStatus).containsExactly(AlertStatus.UPDATE);
            ConnectivityAlert update = updates.get(0);
            assertThat(update.getProbeConfirmed()).isEqualTo(5);
            assertThat(update.getProbeEndpoints()).isEqualTo(5);
            assertThat(update.getCause()).contains("confirmed by active probe at 5 of 5 endpoints");

            List<EndpointEvent> wobble = new ArrayList<>();
            for (int minute = 0; minute < d.updateInterval().toMinutes() + 1; minute++) {
                failing.forEach(pc -> f.curlTimeout(SITE, PROXY, pc));
                failing.subList(1, 5).forEach(pc -> f.send(timeoutProbe(pc, f)));
                // one endpoint's probe passes before its next log failure: 4 of 5, a step of one
                EndpointEvent pass = ProbeRecords.passed(failing.get(0), SITE, PROXY, next(failing.get(0)), f.wall());
                wobble.add(pass);
                f.send(pass);
                f.advance(Duration.ofSeconds(1));
                f.curlTimeout(SITE, PROXY, failing.get(0));
                f.advanceBeating(Duration.ofMinutes(1), Duration.ofSeconds(20), SITE, PROXY, pcs);
            }
            assertThat(wobble).isNotEmpty();
            assertThat(f.readAlerts())
                    .as("a probe flipping at one endpoint is not news")
                    .isEmpty();
        }
    }

    /** A shared proxy asking every site's endpoints for credentials: one PROXY alert, its probe figures summed. */
    @Test
    void shouldSumTheProbeFiguresOfTheSitesWhenASharedProxyAsksForCredentials() {
        String hub = "proxy.hub.example:8080";
        try (TopologyFixture f = new TopologyFixture()) {
            List<String> ber = f.fleet("ber", hub, 10);
            List<String> osl = f.fleet("osl", hub, 10);
            for (int round = 0; round < 4; round++) {
                f.advance(Duration.ofSeconds(30), TopologyFixture.COARSE_STEP);
                ber.forEach(pc -> f.heartbeat("ber", hub, pc));
                osl.forEach(pc -> f.heartbeat("osl", hub, pc));
                ber.subList(0, 4)
                        .forEach(pc -> f.send(ProbeRecords.proxyAuthRequired(pc, "ber", hub, next(pc), f.wall())));
                osl.subList(0, 6)
                        .forEach(pc -> f.send(ProbeRecords.proxyAuthRequired(pc, "osl", hub, next(pc), f.wall())));
            }
            f.advance(Duration.ofSeconds(40), TopologyFixture.COARSE_STEP);

            List<ConnectivityAlert> alerts = f.readAlerts();
            assertThat(alerts)
                    .as("one proxy alert, no site alert")
                    .extracting(ConnectivityAlert::getOutageScope)
                    .containsExactly(OutageScope.PROXY);
            ConnectivityAlert proxy = alerts.get(0);
            assertThat(proxy.getErrorClass()).isEqualTo("PROXY_AUTH");
            assertThat(proxy.getAffectedEndpoints()).isEqualTo(10);
            assertThat(proxy.getProbeConfirmed()).isEqualTo(10);
            assertThat(proxy.getProbeEndpoints()).isEqualTo(10);
            assertThat(proxy.getProbeFailedStep()).isEqualTo("PROXY_TUNNEL");
            assertThat(proxy.getCause()).contains("confirmed by active probe at 10 of 10 endpoints");
        }
    }

    @Test
    void shouldMarkFlappingAndHoldOpenWhenAProbeOnlyOutageComesAndGoes() {
        DetectionParams d = DetectionParams.defaults().toBuilder()
                .set(DetectionParams.FLAP_WINDOW, Duration.ofMinutes(20))
                .build();
        try (TopologyFixture f = new TopologyFixture(TopologyParams.defaults().withDetection(d))) {
            List<String> pcs = f.fleet(SITE, PROXY, 10);
            List<String> failing = pcs.subList(0, 5);
            Duration heldFor = d.groupWait().plusSeconds(10);
            for (int cycle = 1; cycle <= d.flapThreshold(); cycle++) {
                f.advanceBeating(Duration.ofSeconds(60), Duration.ofSeconds(30), SITE, PROXY, pcs);
                failing.forEach(pc -> probeFails(f, pc));
                f.advance(heldFor);
                failing.forEach(pc -> probePasses(f, pc));
                f.advance(Duration.ofSeconds(5));
                assertThat(f.readAlerts())
                        .as("cycle %d", cycle)
                        .extracting(ConnectivityAlert::getStatus)
                        .containsExactly(AlertStatus.OPEN, AlertStatus.RESOLVED);
            }
            f.advanceBeating(Duration.ofSeconds(60), Duration.ofSeconds(30), SITE, PROXY, pcs);
            failing.forEach(pc -> probeFails(f, pc));
            f.advance(heldFor);
            failing.forEach(pc -> probePasses(f, pc));
            f.advanceBeating(Duration.ofSeconds(60), Duration.ofSeconds(30), SITE, PROXY, pcs);

            List<ConnectivityAlert> flapped = f.readAlerts();
            assertThat(flapped)
                    .as("passing probes do not resolve a flapping outage: it is held open")
                    .extracting(ConnectivityAlert::getStatus)
                    .containsExactly(AlertStatus.OPEN);
            ConnectivityAlert open = flapped.get(0);
            assertThat(open.getFlapping()).isTrue();
            assertThat(open.getProbeConfirmed()).isEqualTo(5);

            f.advanceBeating(d.flapWindow().minus(Duration.ofMinutes(3)), Duration.ofSeconds(60), SITE, PROXY, pcs);
            assertThat(f.readAlerts()).isEmpty();
            f.advanceBeating(Duration.ofMinutes(4), Duration.ofSeconds(60), SITE, PROXY, pcs);
            List<ConnectivityAlert> resolved = f.readAlerts();
            assertThat(resolved).extracting(ConnectivityAlert::getStatus).containsExactly(AlertStatus.RESOLVED);
            assertThat(resolved.get(0).getAlertId()).isEqualTo(open.getAlertId());
        }
    }

    /**
     * A probe result re-sent after a collector crash (same eventId, the per-file range dedup with file identity
     * "probe") is counted once; a probe that arrives late (older than the latest) does not replace it in the track.
     */
    @Test
    void shouldCountAReSentProbeOnceAndKeepTheLatestProbeWhenAnOlderOneArrivesLate() {
        try (TopologyFixture f = new TopologyFixture()) {
            List<String> pcs = f.fleet(SITE, PROXY, 10);
            f.advance(Duration.ofSeconds(5));
            String pc = pcs.get(0);
            Instant older = f.wall();
            EndpointEvent first = ProbeRecords.proxyAuthRequired(pc, SITE, PROXY, 7, older);
            f.send(first);
            f.advance(Duration.ofSeconds(3));
            f.send(first);
            f.send(ProbeRecords.passed(pc, SITE, PROXY, 9, f.wall()));
            // sequence 8, written before 9, arrives after it (a spool replay)
            f.send(ProbeRecords.proxyAuthRequired(pc, SITE, PROXY, 8, older.plusSeconds(1)));
            f.send(ProbeRecords.passed(pc, SITE, PROXY, 9, f.wall()));
            f.advance(Duration.ofSeconds(10));

            assertThat(f.failureWindow(SITE, PROXY, "proxy:407", older).count())
                    .as("7 once, and the late 8")
                    .isEqualTo(2);
            assertThat(f.metric("duplicate-events-total")).isEqualTo(2.0);
            EndpointTrack track = f.siteTrack(SITE, pc);
            assertThat(track.probe()).isNotNull();
            assertThat(track.probe().passedProbe())
                    .as("the newest probe passed")
                    .isTrue();
            assertThat(f.endpointStatus().get(pc).state()).isEqualTo(EndpointState.HEALTHY);
        }
    }

    private EndpointEvent timeoutProbe(String pc, TopologyFixture f) {
        return ProbeRecords.failed(
                pc, SITE, PROXY, next(pc), f.wall(), "TIMEOUT", "PROXY_TUNNEL", "curl:28", 28, null, "no answer");
    }
}
