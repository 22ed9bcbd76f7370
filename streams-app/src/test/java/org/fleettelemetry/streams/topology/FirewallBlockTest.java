package org.fleettelemetry.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.fleettelemetry.schemas.avro.AlertScope;
import org.fleettelemetry.schemas.avro.AlertStatus;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.streams.domain.Diagnosis;
import org.fleettelemetry.streams.domain.EndpointState;
import org.fleettelemetry.streams.domain.FailureWindow;
import org.junit.jupiter.api.Test;

/** A firewall drops the connections to the vendor's cloud: curl 28 and WinSocket wait 258 to the doorman host. */
class FirewallBlockTest {
    private static final String SITE = "ber";
    private static final String PROXY = "proxy.ber.example:8080";
    private static final String DOORMAN = "doorman.sc.fsapi.com";

    @Test
    void shouldOpenTimeoutAlertNamingDoormanAndCountTheWindowsWhenAFirewallDropsTheConnections() {
        try (TopologyFixture f = new TopologyFixture()) {
            List<String> pcs = f.fleet(SITE, PROXY, 20);
            List<String> blocked = pcs.subList(0, 8);
            List<String> alsoSocket = blocked.subList(0, 5);
            f.advance(Duration.ofSeconds(5));
            Instant windowTime = f.wall();
            // one burst, shipped together: each endpoint's curl 28, then (a few hundred ms later) the WinSocket wait
            // 258 to the doorman, then one more curl 28. The site sees the burst in one evaluation, so the OPEN names
            // the doorman; a host first named after the OPENING evaluation only shows in a later UPDATE or the
            // RESOLVED (the lifecycle publishes on meaningful change, and a new host is not one).
            blocked.forEach(pc -> f.curlTimeout(SITE, PROXY, pc));
            alsoSocket.forEach(pc -> f.send(f.socketTimeoutEvent(SITE, PROXY, pc, DOORMAN)
                    .setTimestamp(windowTime.plusMillis(400))
                    .build()));
            f.send(f.curlTimeoutEvent(SITE, PROXY, blocked.get(0))
                    .setTimestamp(windowTime.plusMillis(700))
                    .build());
            f.advance(Duration.ofSeconds(40));

            List<ConnectivityAlert> alerts = f.readAlerts();
            assertThat(alerts).extracting(ConnectivityAlert::getStatus).containsExactly(AlertStatus.OPEN);
            ConnectivityAlert open = alerts.get(0);
            assertThat(open.getScope()).isEqualTo(AlertScope.SITE);
            assertThat(open.getSite()).isEqualTo(SITE);
            assertThat(open.getProxy()).isEqualTo(PROXY);
            assertThat(open.getErrorClass()).isEqualTo("TIMEOUT");
            assertThat(open.getErrorCode()).isIn("curl:28", "wait:258");
            assertThat(open.getAffectedEndpoints()).isEqualTo(8);
            assertThat(open.getActiveEndpoints()).isEqualTo(20);
            assertThat(open.getRatio()).isEqualTo(0.4);
            assertThat(open.getTargetHosts()).contains(DOORMAN);
            assertThat(open.getCause()).contains(DOORMAN).contains("firewall");
            assertThat(open.getRemediation()).contains(Diagnosis.ALLOW_LIST);
            assertThat(String.join("\n", open.getRemediation()))
                    .contains("*.f-secure.com and *.fsapi.com")
                    .contains("forwards HTTPS to " + DOORMAN)
                    .contains(Diagnosis.CACHE_STOP);
            assertThat(open.getImpact()).isNotEmpty();
            assertThat(f.openAlerts().get(open.getAlertId())).isEqualTo(open);

            FailureWindow curl = f.failureWindow(SITE, PROXY, "curl:28", windowTime);
            assertThat(curl).isNotNull();
            assertThat(curl.count())
                    .as("every curl 28 failure, one endpoint twice")
                    .isEqualTo(9);
            assertThat(curl.distinctEndpoints()).isEqualTo(8);
            assertThat(curl.endpoints()).containsExactlyElementsOf(blocked);
            assertThat(curl.errorClass()).isEqualTo("TIMEOUT");
            assertThat(curl.targetHosts()).isEmpty();
            FailureWindow socket = f.failureWindow(SITE, PROXY, "wait:258", windowTime);
            assertThat(socket).isNotNull();
            assertThat(socket.count()).isEqualTo(5);
            assertThat(socket.distinctEndpoints()).isEqualTo(5);
            assertThat(socket.targetHosts()).containsExactly(DOORMAN);
            assertThat(socket.firstSeen()).isEqualTo(windowTime.plusMillis(400).toEpochMilli());
            assertThat(curl.lastSeen()).isEqualTo(windowTime.plusMillis(700).toEpochMilli());
            assertThat(f.failureWindow(
                            SITE, PROXY, "curl:28", windowTime.plus(f.params().windowSize())))
                    .as("nothing counted in the next window")
                    .isNull();

            assertThat(blocked)
                    .allSatisfy(
                            pc -> assertThat(f.endpointStatus().get(pc).state()).isEqualTo(EndpointState.FAILING));
            assertThat(f.endpointStatus().get(alsoSocket.get(1)).lastErrorCode())
                    .isEqualTo("wait:258");
            assertThat(f.endpointStatus().get(blocked.get(0)).lastErrorCode())
                    .as("its curl 28 came last")
                    .isEqualTo("curl:28");
        }
    }
}
