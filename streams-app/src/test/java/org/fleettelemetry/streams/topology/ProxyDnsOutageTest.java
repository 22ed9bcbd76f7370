package org.fleettelemetry.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.fleettelemetry.schemas.avro.AlertScope;
import org.fleettelemetry.schemas.avro.AlertStatus;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
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
                    .contains("net stop fsulnethoster")
                    .contains("*.fsapi.com");
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
}
