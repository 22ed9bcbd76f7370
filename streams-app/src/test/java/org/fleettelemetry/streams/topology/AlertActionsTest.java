package org.fleettelemetry.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.fleettelemetry.schemas.avro.ActionKind;
import org.fleettelemetry.schemas.avro.AlertAction;
import org.fleettelemetry.schemas.avro.AlertStatus;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.schemas.avro.Matcher;
import org.fleettelemetry.schemas.avro.Silence;
import org.fleettelemetry.streams.domain.ActionRules;
import org.junit.jupiter.api.Test;

/**
 * Silences and acknowledgements from the actions topic, applied by the fleet stage: what it publishes carries the
 * silences covering it and the acknowledgement, and a change of either while the outage is open is an UPDATE.
 */
class AlertActionsTest {
    private static final String PROXY = "proxy.hel.example:3128";

    /** One SITE outage at hel, open; returns its OPEN record. */
    private static ConnectivityAlert openOutage(TopologyFixture f) {
        List<String> pcs = f.fleet("hel", PROXY, 10);
        f.advance(Duration.ofSeconds(5));
        pcs.subList(0, 5).forEach(pc -> f.proxyDnsFailure("hel", PROXY, pc));
        f.advance(Duration.ofSeconds(40));
        List<ConnectivityAlert> opened = f.readAlerts();
        assertThat(opened).extracting(ConnectivityAlert::getStatus).containsExactly(AlertStatus.OPEN);
        return opened.get(0);
    }

    private static AlertAction silence(String id, String site, Instant startsAt, Instant endsAt, Instant at) {
        Silence s = Silence.newBuilder()
                .setSilenceId(id)
                .setMatchers(List.of(new Matcher("site", site, false, true)))
                .setStartsAt(startsAt)
                .setEndsAt(endsAt)
                .setCreatedBy("alice")
                .setCreatedAt(at)
                .setComment("proxy maintenance")
                .build();
        return action(ActionRules.silenceKey(id), ActionKind.SILENCE_CREATED, at, "proxy maintenance")
                .setSilence(s)
                .build();
    }

    private static AlertAction.Builder action(String subject, ActionKind kind, Instant at, String comment) {
        return AlertAction.newBuilder()
                .setActionId(UUID.randomUUID().toString())
                .setSubject(subject)
                .setKind(kind)
                .setActor("alice")
                .setActorRole("OPERATOR")
                .setAt(at)
                .setComment(comment);
    }

    private static void write(TopologyFixture f, AlertAction a) {
        f.actions.pipeInput(a.getSubject(), a);
    }

    @Test
    void shouldCarryTheSilenceIdsWhenAnActiveSilenceCoversTheOutageAsItOpens() {
        try (TopologyFixture f = new TopologyFixture()) {
            write(f, silence("s-1", "hel", f.wall(), f.wall().plusSeconds(3600), f.wall()));
            write(f, silence("s-other", "ber", f.wall(), f.wall().plusSeconds(3600), f.wall()));

            ConnectivityAlert open = openOutage(f);

            assertThat(open.getSilencedBy()).containsExactly("s-1");
            assertThat(open.getRevision()).isEqualTo(1);
            assertThat(f.openAlerts().get(open.getAlertId()).getSilencedBy()).containsExactly("s-1");
        }
    }

    @Test
    void shouldPublishAnUnsilencedUpdateWhenTheSilenceEndsWhileTheOutageIsOpen() {
        try (TopologyFixture f = new TopologyFixture()) {
            write(f, silence("s-1", "hel", f.wall(), f.wall().plusSeconds(60), f.wall()));
            ConnectivityAlert open = openOutage(f);
            assertThat(open.getSilencedBy()).containsExactly("s-1");

            f.advance(Duration.ofSeconds(20));

            List<ConnectivityAlert> after = f.readAlerts();
            assertThat(after).hasSize(1);
            assertThat(after.get(0).getStatus()).isEqualTo(AlertStatus.UPDATE);
            assertThat(after.get(0).getRevision()).isEqualTo(open.getRevision() + 1);
            assertThat(after.get(0).getSilencedBy()).isEmpty();
            assertThat(f.openAlerts().get(open.getAlertId()).getSilencedBy()).isEmpty();
        }
    }

    @Test
    void shouldSilenceTheOutageWhenAPendingMaintenanceWindowStarts() {
        try (TopologyFixture f = new TopologyFixture()) {
            Instant startsAt = f.wall().plusSeconds(120);
            write(f, silence("window", "hel", startsAt, startsAt.plusSeconds(3600), f.wall()));
            ConnectivityAlert open = openOutage(f);
            assertThat(open.getSilencedBy()).as("pending: not yet").isEmpty();

            f.advance(Duration.between(f.wall(), startsAt).minusSeconds(2));
            assertThat(f.readAlerts()).isEmpty();
            f.advance(Duration.ofSeconds(3));

            List<ConnectivityAlert> after = f.readAlerts();
            assertThat(after).hasSize(1);
            assertThat(after.get(0).getStatus()).isEqualTo(AlertStatus.UPDATE);
            assertThat(after.get(0).getSilencedBy()).containsExactly("window");
        }
    }

    @Test
    void shouldPublishAnUpdateWithWhoWhenAndCommentWhenAcknowledgedAndAnotherWhenTakenBack() {
        try (TopologyFixture f = new TopologyFixture()) {
            ConnectivityAlert open = openOutage(f);
            Instant at = f.wall();

            write(
                    f,
                    action(ActionRules.ackKey(open.getAlertId()), ActionKind.ACKNOWLEDGED, at, "on it")
                            .setAlertId(open.getAlertId())
                            .build());
            f.advance(Duration.ofSeconds(1));

            List<ConnectivityAlert> acked = f.readAlerts();
            assertThat(acked).hasSize(1);
            ConnectivityAlert ack = acked.get(0);
            assertThat(ack.getStatus()).isEqualTo(AlertStatus.UPDATE);
            assertThat(ack.getRevision()).isEqualTo(open.getRevision() + 1);
            assertThat(ack.getAcknowledgedBy()).isEqualTo("alice");
            assertThat(ack.getAcknowledgedAt()).isEqualTo(at);
            assertThat(ack.getAcknowledgeComment()).isEqualTo("on it");
            assertThat(ack.getAffectedEndpoints()).isEqualTo(open.getAffectedEndpoints());
            assertThat(f.openAlerts().get(open.getAlertId())).isEqualTo(ack);
            f.advance(Duration.ofSeconds(5));
            assertThat(f.readAlerts()).as("published once").isEmpty();

            write(
                    f,
                    action(ActionRules.ackKey(open.getAlertId()), ActionKind.UNACKNOWLEDGED, f.wall(), "")
                            .setAlertId(open.getAlertId())
                            .build());
            f.advance(Duration.ofSeconds(1));

            List<ConnectivityAlert> unacked = f.readAlerts();
            assertThat(unacked).hasSize(1);
            assertThat(unacked.get(0).getRevision()).isEqualTo(open.getRevision() + 2);
            assertThat(unacked.get(0).getAcknowledgedBy()).isNull();
            assertThat(unacked.get(0).getAcknowledgedAt()).isNull();
            assertThat(unacked.get(0).getAcknowledgeComment()).isNull();
        }
    }

    @Test
    void shouldKeepCountingRevisionsAndTheAckWhenTheRulesPublishAfterAnAck() {
        try (TopologyFixture f = new TopologyFixture()) {
            ConnectivityAlert open = openOutage(f);
            write(
                    f,
                    action(ActionRules.ackKey(open.getAlertId()), ActionKind.ACKNOWLEDGED, f.wall(), "on it")
                            .setAlertId(open.getAlertId())
                            .build());
            f.advance(Duration.ofSeconds(1));
            assertThat(f.readAlerts()).hasSize(1);

            for (String pc : List.of("hel-pc-001", "hel-pc-002", "hel-pc-003", "hel-pc-004", "hel-pc-005")) {
                f.healthy("hel", PROXY, pc);
            }
            f.advance(Duration.ofSeconds(5));

            List<ConnectivityAlert> resolved = f.readAlerts();
            assertThat(resolved).extracting(ConnectivityAlert::getStatus).containsExactly(AlertStatus.RESOLVED);
            assertThat(resolved.get(0).getRevision()).isEqualTo(open.getRevision() + 2);
            assertThat(resolved.get(0).getAcknowledgedBy()).isEqualTo("alice");
            assertThat(f.openAlerts().get(open.getAlertId())).isNull();
        }
    }

    @Test
    void shouldKeepTheActionsInTheGlobalStoreByTheirSubject() {
        try (TopologyFixture f = new TopologyFixture()) {
            AlertAction s = silence("s-1", "hel", f.wall(), f.wall().plusSeconds(60), f.wall());
            write(f, s);
            assertThat(f.driver
                            .<String, AlertAction>getKeyValueStore(StoreNames.ALERT_ACTIONS)
                            .get(ActionRules.silenceKey("s-1")))
                    .isEqualTo(s);
        }
    }
}
