package org.fleettelemetry.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.fleettelemetry.schemas.avro.AlertScope;
import org.fleettelemetry.schemas.avro.AlertStatus;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.streams.domain.DetectionParams;
import org.fleettelemetry.streams.domain.Diagnosis;
import org.fleettelemetry.streams.domain.EndpointState;
import org.fleettelemetry.streams.domain.EndpointStatus;
import org.fleettelemetry.streams.domain.ErrorClass;
import org.junit.jupiter.api.Test;

class ProxyDnsOutageTest {
    private static final String PROXY = "proxy.hel.example:3128";

    @Test
    void shouldOpenOneSiteAlertWithProxyRemediationThenResolveWhenEndpointsAreHealthy() {
        try (TopologyFixture f = new TopologyFixture()) {
            List<String> pcs = f.fleet("hel", PROXY, 10);
            f.advance(Duration.ofSeconds(5));
            for (String pc : pcs.subList(0, 5)) {
                f.proxyDnsFailure("hel", PROXY, pc);
            }
            f.advance(Duration.ofSeconds(40));

            List<ConnectivityAlert> opened = f.readAlerts();
            assertThat(opened).hasSize(1);
            ConnectivityAlert open = opened.get(0);
            assertThat(open.getStatus()).isEqualTo(AlertStatus.OPEN);
            assertThat(open.getScope()).isEqualTo(AlertScope.SITE);
            assertThat(open.getSite()).isEqualTo("hel");
            assertThat(open.getProxy()).isEqualTo(PROXY);
            assertThat(open.getErrorCode()).isEqualTo("curl:5");
            assertThat(open.getErrorClass()).isEqualTo("PROXY_DNS");
            assertThat(open.getAffectedEndpoints()).isEqualTo(5);
            assertThat(open.getActiveEndpoints()).isEqualTo(10);
            assertThat(String.join("\n", open.getRemediation()))
                    .contains("HKEY_LOCAL_MACHINE\\SOFTWARE\\F-Secure\\Ultralight\\Settings\\proxy")
                    .contains("net stop fsulnethoster");
            assertThat(open.getRemediation().get(0))
                    .as("the proxy's own fix first")
                    .startsWith("Fix DNS for the proxy " + PROXY);
            assertThat(open.getRemediation())
                    .as("allow-listing does not fix a proxy name")
                    .doesNotContain(Diagnosis.ALLOW_LIST);
            assertThat(open.getRemediationSteps())
                    .as("the cache clean-up is one step with its commands")
                    .contains(Diagnosis.CACHE_CLEAN_UP.toAvro())
                    .hasSameSizeAs(open.getRemediation());
            assertThat(f.openAlerts().get(open.getAlertId())).isEqualTo(open);

            for (String pc : pcs.subList(0, 5)) {
                f.healthy("hel", PROXY, pc);
            }
            f.advance(Duration.ofSeconds(5));
            List<ConnectivityAlert> after = f.readAlerts();
            assertThat(after).extracting(ConnectivityAlert::getStatus).containsExactly(AlertStatus.RESOLVED);
            assertThat(after.get(0).getAlertId()).isEqualTo(open.getAlertId());
            assertThat(f.openAlerts().get(open.getAlertId())).isNull();
        }
    }

    /**
     * No endpoint ever reports a healthy contact: the failures age out of the evaluation period, and the outage
     * resolves once it stayed calm for resolveAfter (the SOC defaults: 5 + 10 minutes).
     */
    @Test
    void shouldResolveOnceWhenFailuresStopAndResolveAfterPasses() {
        DetectionParams d = DetectionParams.defaults();
        try (TopologyFixture f = new TopologyFixture()) {
            List<String> pcs = f.fleet("hel", PROXY, 10);
            List<String> failing = pcs.subList(0, 5);
            f.advance(Duration.ofSeconds(5));
            Instant failedAt = f.wall();
            failing.forEach(pc -> f.proxyDnsFailure("hel", PROXY, pc));
            f.advanceBeating(Duration.ofSeconds(40), Duration.ofSeconds(20), "hel", PROXY, pcs);

            List<ConnectivityAlert> opened = f.readAlerts();
            assertThat(opened).extracting(ConnectivityAlert::getStatus).containsExactly(AlertStatus.OPEN);
            ConnectivityAlert open = opened.get(0);
            assertThat(open.getRevision()).isEqualTo(1);
            assertThat(f.openAlerts().get(open.getAlertId())).isEqualTo(open);
            for (String pc : failing) {
                EndpointStatus status = f.endpointStatus().get(pc);
                assertThat(status.state()).as(pc).isEqualTo(EndpointState.FAILING);
                assertThat(status.lastErrorCode()).isEqualTo("curl:5");
                assertThat(status.lastErrorClass()).isEqualTo(ErrorClass.PROXY_DNS);
                assertThat(status.lastFailure()).isEqualTo(failedAt.toEpochMilli());
            }
            assertThat(f.endpointStatus().get(pcs.get(9)).state()).isEqualTo(EndpointState.HEALTHY);

            Duration calmFrom = d.evaluationPeriod().plus(d.resolveAfter());
            f.advanceBeating(calmFrom.minus(Duration.ofSeconds(70)), Duration.ofSeconds(30), "hel", PROXY, pcs);
            assertThat(f.readAlerts())
                    .as("nothing before the failures aged out and resolveAfter passed")
                    .isEmpty();
            assertThat(f.openAlerts().get(open.getAlertId())).isNotNull();

            f.advanceBeating(Duration.ofMinutes(1), Duration.ofSeconds(30), "hel", PROXY, pcs);
            List<ConnectivityAlert> after = f.readAlerts();
            assertThat(after).extracting(ConnectivityAlert::getStatus).containsExactly(AlertStatus.RESOLVED);
            ConnectivityAlert resolved = after.get(0);
            assertThat(resolved.getAlertId()).isEqualTo(open.getAlertId());
            assertThat(resolved.getRevision()).isGreaterThan(open.getRevision());
            assertThat(resolved.getScope()).isEqualTo(AlertScope.SITE);
            assertThat(resolved.getResolvedAt()).isAfterOrEqualTo(failedAt.plus(calmFrom));
            assertThat(f.openAlerts().all()).toIterable().isEmpty();
            for (String pc : failing) {
                EndpointStatus status = f.endpointStatus().get(pc);
                assertThat(status.state()).as(pc).isEqualTo(EndpointState.HEALTHY);
                assertThat(status.lastErrorCode())
                        .as("the last failure stays on record")
                        .isEqualTo("curl:5");
            }
            assertThat(f.siteState().get("hel").getOutages().values())
                    .allSatisfy(t -> assertThat(t.getAlert()).isNull());

            f.advanceBeating(Duration.ofMinutes(2), Duration.ofSeconds(30), "hel", PROXY, pcs);
            assertThat(f.readAlerts()).as("RESOLVED exactly once").isEmpty();
        }
    }
}
