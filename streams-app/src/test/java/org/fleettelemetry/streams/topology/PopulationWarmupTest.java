package org.fleettelemetry.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.fleettelemetry.schemas.avro.AlertStatus;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.schemas.avro.EventKind;
import org.fleettelemetry.streams.domain.DetectionParams;
import org.junit.jupiter.api.Test;

/**
 * A fresh app hears of a site's endpoints one heartbeat interval at a time: the first to report must not make the
 * site's ratio. Three of twenty endpoints fail (15 %, below the 20 % that opens); their records come first, the other
 * seventeen collectors' heartbeats over the next 25 s, live.
 */
class PopulationWarmupTest {
    private static final String SITE = "oul";
    private static final String PROXY = "proxy.oul.example:8080";

    @Test
    void shouldNotOpenOnAPartlyKnownSiteWhileItsCollectorsReportForTheFirstTime() {
        try (TopologyFixture f = new TopologyFixture()) {
            List<ConnectivityAlert> alerts = scenario(f);
            assertThat(alerts).as("3 of 20 is below the ratio").isEmpty();
        }
    }

    @Test
    void shouldOpenFalselyWithoutTheWarmUp() {
        DetectionParams noWarmup = DetectionParams.defaults().toBuilder()
                .set(DetectionParams.POPULATION_WARMUP, Duration.ZERO)
                .build();
        try (TopologyFixture f = new TopologyFixture(TopologyParams.defaults().withDetection(noWarmup))) {
            List<ConnectivityAlert> alerts = scenario(f);
            assertThat(alerts)
                    .as("3 of the 8 heard of when the settle ran out")
                    .extracting(ConnectivityAlert::getStatus)
                    .contains(AlertStatus.OPEN);
        }
    }

    /**
     * The site's OPEN is made when the warm-up ends (30 s), as of its crossing, so the group wait has run by then;
     * the fleet stage still holds it for the settle past its arrival, as it holds every OPEN, so that the other sites
     * of a backlog, heard of at about the same time, can make it a FLEET outage first: published at 40 s.
     */
    @Test
    void shouldPublishARealOutageOfANewSiteOnceItsPopulationIsKnownAndTheSettleHasRun() {
        try (TopologyFixture f = new TopologyFixture()) {
            List<String> pcs = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                pcs.add(SITE + "-pc-" + i);
            }
            pcs.forEach(pc -> f.heartbeat(SITE, PROXY, pc));
            pcs.subList(0, 5).forEach(pc -> refused(f, pc));
            f.advance(Duration.ofSeconds(39));
            assertThat(f.readAlerts())
                    .as("held: warm-up, then the settle past the OPEN arrival")
                    .isEmpty();
            f.advance(Duration.ofSeconds(3));
            List<ConnectivityAlert> alerts = f.readAlerts();
            assertThat(alerts).extracting(ConnectivityAlert::getStatus).containsExactly(AlertStatus.OPEN);
            assertThat(alerts.get(0).getAffectedEndpoints()).isEqualTo(5);
            assertThat(alerts.get(0).getOpenedAt())
                    .as("as of its crossing, when the failures arrived, not of the end of the warm-up")
                    .isBetween(TopologyFixture.T0, TopologyFixture.T0.plusSeconds(5));
        }
    }

    private static List<ConnectivityAlert> scenario(TopologyFixture f) {
        List<String> failing = List.of(SITE + "-pc-00", SITE + "-pc-01", SITE + "-pc-02");
        for (String pc : failing) {
            f.heartbeat(SITE, PROXY, pc);
            refused(f, pc);
        }
        for (int i = 3; i < 20; i++) {
            f.advance(Duration.ofSeconds(i < 8 ? 1 : 2));
            f.heartbeat(SITE, PROXY, SITE + "-pc-" + String.format("%02d", i));
            failing.forEach(pc -> refused(f, pc));
        }
        f.advance(Duration.ofSeconds(90));
        return f.readAlerts();
    }

    private static void refused(TopologyFixture f, String pc) {
        f.send(f.event(SITE, PROXY, pc, EventKind.CONNECTION_FAILURE, "curl:7")
                .setCurlCode(7)
                .build());
    }
}
