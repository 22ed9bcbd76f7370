package org.fleettelemetry.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.fleettelemetry.schemas.avro.AlertStatus;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.streams.domain.DetectionParams;
import org.fleettelemetry.streams.domain.OutageTrack;
import org.junit.jupiter.api.Test;

/**
 * An outage that opens and resolves again and again: the open that makes more than flapThreshold opens within
 * flapWindow is published flapping, and is then held open until calm for a full flapWindow (AlertLifecycle).
 */
class FlappingOutageTest {
    private static final String SITE = "mad";
    private static final String PROXY = "proxy.mad.example:3128";

    @Test
    void shouldMarkFlappingAndHoldOpenUntilCalmForTheFlapWindowWhenAnOutageOpensAndResolvesRepeatedly() {
        // a 20-minute flap window instead of the hour keeps the calm phase short; the rules are the same
        DetectionParams d = DetectionParams.defaults().toBuilder()
                .set(DetectionParams.FLAP_WINDOW, Duration.ofMinutes(20))
                .build();
        try (TopologyFixture f = new TopologyFixture(TopologyParams.defaults().withDetection(d))) {
            List<String> pcs = f.fleet(SITE, PROXY, 10);
            List<String> failing = pcs.subList(0, 5);
            Duration heldFor = d.groupWait().plusSeconds(10);
            List<String> ids = new ArrayList<>();

            for (int cycle = 1; cycle <= d.flapThreshold(); cycle++) {
                f.advanceBeating(Duration.ofSeconds(60), Duration.ofSeconds(30), SITE, PROXY, pcs);
                failing.forEach(pc -> f.proxyDnsFailure(SITE, PROXY, pc));
                f.advance(heldFor);
                failing.forEach(pc -> f.healthy(SITE, PROXY, pc));
                f.advance(Duration.ofSeconds(5));

                List<ConnectivityAlert> alerts = f.readAlerts();
                assertThat(alerts)
                        .as("cycle %d", cycle)
                        .extracting(ConnectivityAlert::getStatus)
                        .containsExactly(AlertStatus.OPEN, AlertStatus.RESOLVED);
                assertThat(alerts)
                        .as("cycle %d", cycle)
                        .extracting(ConnectivityAlert::getFlapping)
                        .containsOnly(false);
                assertThat(alerts.get(1).getAlertId()).isEqualTo(alerts.get(0).getAlertId());
                ids.add(alerts.get(0).getAlertId());
            }
            assertThat(ids).as("a new alert per open").doesNotHaveDuplicates();

            f.advanceBeating(Duration.ofSeconds(60), Duration.ofSeconds(30), SITE, PROXY, pcs);
            failing.forEach(pc -> f.proxyDnsFailure(SITE, PROXY, pc));
            f.advance(heldFor);
            failing.forEach(pc -> f.healthy(SITE, PROXY, pc));
            f.advanceBeating(Duration.ofSeconds(60), Duration.ofSeconds(30), SITE, PROXY, pcs);

            List<ConnectivityAlert> flapped = f.readAlerts();
            assertThat(flapped)
                    .as("the open beyond flapThreshold is published flapping and NOT resolved")
                    .extracting(ConnectivityAlert::getStatus)
                    .containsExactly(AlertStatus.OPEN);
            ConnectivityAlert open = flapped.get(0);
            assertThat(open.getFlapping()).isTrue();
            assertThat(ids).doesNotContain(open.getAlertId());
            assertThat(f.openAlerts().get(open.getAlertId())).isEqualTo(open);
            OutageTrack track = f.siteState().get(SITE).getOutages().get(PROXY + "|PROXY_DNS");
            assertThat(track.getAlert().isFlapping()).isTrue();
            assertThat(track.getOpenTimes()).hasSize(d.flapThreshold() + 1);

            f.advanceBeating(d.flapWindow().minus(Duration.ofMinutes(3)), Duration.ofSeconds(60), SITE, PROXY, pcs);
            assertThat(f.readAlerts())
                    .as("held open while calm for less than the flap window")
                    .isEmpty();
            assertThat(f.openAlerts().get(open.getAlertId())).isNotNull();

            f.advanceBeating(Duration.ofMinutes(4), Duration.ofSeconds(60), SITE, PROXY, pcs);
            List<ConnectivityAlert> resolved = f.readAlerts();
            assertThat(resolved).extracting(ConnectivityAlert::getStatus).containsExactly(AlertStatus.RESOLVED);
            assertThat(resolved.get(0).getAlertId()).isEqualTo(open.getAlertId());
            assertThat(resolved.get(0).getFlapping()).isTrue();
            assertThat(resolved.get(0).getRevision()).isGreaterThan(open.getRevision());
            assertThat(resolved.get(0).getResolvedAt())
                    .isAfterOrEqualTo(open.getOpenedAt().plus(d.flapWindow()));
            assertThat(f.openAlerts().all()).toIterable().isEmpty();
        }
    }
}
