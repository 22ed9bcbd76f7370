package org.fleettelemetry.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fleettelemetry.schemas.avro.ActionKind;
import org.fleettelemetry.schemas.avro.AlertAction;
import org.fleettelemetry.schemas.avro.AlertScope;
import org.fleettelemetry.schemas.avro.AlertStatus;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.schemas.avro.OutageScope;
import org.fleettelemetry.schemas.avro.Severity;
import org.fleettelemetry.streams.domain.AlertSnapshot;
import org.fleettelemetry.streams.query.ActionViews.MatcherView;
import org.fleettelemetry.streams.query.ActionViews.SilenceView;
import org.junit.jupiter.api.Test;

/** Who may do what with acknowledgements and silences, and what is refused before anything is recorded. */
class ActionServiceTest {
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    private static final QueryContext CTX = new QueryContext(null, 0, null);

    /** The topic and the global store in one: every append is visible at once, unless the log is down. */
    private static final class FakeActions implements ActionLog, ActionReads {
        final List<AlertAction> appended = new ArrayList<>();
        final Map<String, AlertAction> latest = new TreeMap<>();
        boolean down;

        @Override
        public void append(AlertAction action) {
            if (down) {
                throw new UnavailableException("the action was not recorded", Duration.ofSeconds(5));
            }
            appended.add(action);
            latest.put(action.getSubject(), action);
        }

        @Override
        public void close() {}

        @Override
        public List<AlertAction> latest(String prefix) {
            return latest.entrySet().stream()
                    .filter(e -> e.getKey().startsWith(prefix))
                    .map(Map.Entry::getValue)
                    .toList();
        }

        @Override
        public AlertAction latest(String prefix, String id) {
            return latest.get(prefix + id);
        }

        @Override
        public List<AlertAction> history(Instant from, Instant to, int limit) {
            return appended.stream()
                    .filter(a -> !a.getAt().isBefore(from) && a.getAt().isBefore(to))
                    .sorted(Comparator.comparing(AlertAction::getAt))
                    .limit(limit)
                    .toList();
        }
    }

    private final FakeActions actions = new FakeActions();
    private final Map<String, AlertSnapshot> open = new TreeMap<>();
    private final ActionService service = new ActionService(
            actions,
            actions,
            (id, ctx) -> {
                AlertSnapshot s = open.get(id);
                if (s == null) {
                    throw new NotFoundException("no open outage " + id);
                }
                return s;
            },
            Clock.fixed(NOW, ZoneOffset.UTC),
            Duration.ofDays(7));

    private static Actor admin() {
        return new Actor("root", "ADMIN", true, true, true, s -> true);
    }

    private static Actor operator(String name, String... sites) {
        List<String> scope = List.of(sites);
        return sites.length == 0
                ? new Actor(name, "OPERATOR", true, false, true, s -> true)
                : new Actor(name, "OPERATOR", true, false, false, scope::contains);
    }

    private static Actor viewer() {
        return new Actor("eve", "VIEWER", false, false, true, s -> true);
    }

    private static MatcherView site(String value) {
        return new MatcherView("site", value, false, true);
    }

    private String silence(Actor actor, MatcherView... matchers) {
        return service.createSilence(actor, List.of(matchers), NOW, NOW.plus(Duration.ofHours(2)), "maintenance");
    }

    private void outage(String id, String site, List<String> sites) {
        ConnectivityAlert a = ConnectivityAlert.newBuilder()
                .setAlertId(id)
                .setStatus(AlertStatus.OPEN)
                .setRevision(1)
                .setSeverity(Severity.HIGH)
                .setScope(site == null ? AlertScope.FLEET : AlertScope.SITE)
                .setOutageScope(site == null ? OutageScope.FLEET : OutageScope.SITE)
                .setSite(site)
                .setErrorCode("curl:5")
                .setErrorClass("PROXY_DNS")
                .setCause("c")
                .setAffectedEndpoints(5)
                .setActiveEndpoints(10)
                .setRatio(0.5)
                .setSites(sites)
                .setFirstSeen(NOW)
                .setLastSeen(NOW)
                .setOpenedAt(NOW)
                .build();
        open.put(id, AlertSnapshot.of(a));
    }

    @Test
    void shouldRecordASilenceWithItsCreatorWhenAnOperatorCreatesOne() {
        String id = silence(operator("olga", "osaka"), site("osaka"));

        assertThat(actions.appended).singleElement().satisfies(a -> {
            assertThat(a.getKind()).isEqualTo(ActionKind.SILENCE_CREATED);
            assertThat(a.getSubject()).isEqualTo("silence/" + id);
            assertThat(a.getActor()).isEqualTo("olga");
            assertThat(a.getSilence().getCreatedBy()).isEqualTo("olga");
        });
        SilenceView view = service.silence(operator("olga", "osaka"), id);
        assertThat(view.status().state()).isEqualTo("active");
        assertThat(view.createdBy()).isEqualTo("olga");
    }

    @Test
    void shouldShowAFutureSilenceAsPendingAndAnExpiredOneAsExpired() {
        String window = service.createSilence(
                admin(), List.of(site("hel")), NOW.plus(Duration.ofHours(1)), NOW.plus(Duration.ofHours(3)), "");
        String now = silence(admin(), site("ber"));
        service.expireSilence(admin(), now);

        assertThat(service.silences(admin()))
                .extracting(SilenceView::id, v -> v.status().state())
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(window, "pending"),
                        org.assertj.core.groups.Tuple.tuple(now, "expired"));
        assertThat(service.silence(admin(), now).expiredBy()).isEqualTo("root");

        ActionService later = new ActionService(
                actions,
                actions,
                (id, ctx) -> null,
                Clock.fixed(NOW.plus(ActionService.EXPIRED_LISTED).plusSeconds(1), ZoneOffset.UTC),
                Duration.ofDays(7));
        assertThat(later.silences(admin()))
                .as("expired longer ago than Alertmanager keeps them: no longer listed")
                .extracting(SilenceView::id)
                .containsExactly(window);
        assertThat(later.silence(admin(), now).status().state()).isEqualTo("expired");
    }

    @Test
    void shouldRefuseWithA400AndRecordNothingWhenTheSilenceIsInvalid() {
        Instant end = NOW.plus(Duration.ofHours(1));
        assertThatThrownBy(() -> service.createSilence(admin(), List.of(), NOW, end, ""))
                .isInstanceOf(BadParameterException.class)
                .hasMessageContaining("at least one matcher");
        assertThatThrownBy(() -> service.createSilence(
                        admin(), List.of(new MatcherView("colour", "red", false, true)), NOW, end, ""))
                .isInstanceOf(BadParameterException.class)
                .hasMessageContaining("unknown matcher name 'colour'");
        assertThatThrownBy(() -> service.createSilence(
                        admin(), List.of(new MatcherView("site", "(osa", true, true)), NOW, end, ""))
                .isInstanceOf(BadParameterException.class)
                .hasMessageContaining("bad regular expression");
        assertThatThrownBy(() -> service.createSilence(admin(), List.of(site("hel")), end, NOW, ""))
                .isInstanceOf(BadParameterException.class)
                .hasMessageContaining("endsAt must be after startsAt");
        assertThatThrownBy(() -> service.createSilence(
                        admin(), List.of(site("hel")), NOW.minusSeconds(7200), NOW.minusSeconds(60), ""))
                .isInstanceOf(BadParameterException.class)
                .hasMessageContaining("in the past");
        assertThatThrownBy(() ->
                        service.createSilence(admin(), List.of(site("hel")), NOW, NOW.plus(Duration.ofDays(8)), ""))
                .isInstanceOf(BadParameterException.class)
                .hasMessageContaining("silence.max.duration");
        assertThatThrownBy(() -> service.createSilence(
                        admin(), List.of(new MatcherView("site", ".*", true, true)), NOW, end, ""))
                .isInstanceOf(BadParameterException.class)
                .hasMessageContaining("empty string");
        assertThat(actions.appended).isEmpty();
    }

    @Test
    void shouldForbidAViewerAnyAction() {
        outage("a1", "osaka", List.of("osaka"));
        assertThatThrownBy(() -> silence(viewer(), site("osaka"))).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> service.ack(viewer(), "a1", "", CTX)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> service.unack(viewer(), "a1", CTX)).isInstanceOf(ForbiddenException.class);
        String id = silence(admin(), site("osaka"));
        assertThatThrownBy(() -> service.expireSilence(viewer(), id)).isInstanceOf(ForbiddenException.class);
        assertThat(service.silences(viewer())).hasSize(1);
    }

    @Test
    void shouldLetOperatorsExpireTheirOwnSilencesAndAdminsAnyones() {
        String olgas = silence(operator("olga"), site("osaka"));
        String piets = silence(operator("piet"), site("osaka"));

        assertThatThrownBy(() -> service.expireSilence(operator("olga"), piets))
                .isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("created by piet");
        assertThat(service.expireSilence(operator("olga"), olgas).status().state())
                .isEqualTo("expired");
        assertThat(service.expireSilence(admin(), piets).expiredBy()).isEqualTo("root");
        assertThat(actions.appended)
                .extracting(AlertAction::getKind)
                .containsExactly(
                        ActionKind.SILENCE_CREATED,
                        ActionKind.SILENCE_CREATED,
                        ActionKind.SILENCE_EXPIRED,
                        ActionKind.SILENCE_EXPIRED);
    }

    @Test
    void shouldRefuseASilenceThatCouldReachOutsideAScopedPrincipalsSites() {
        Actor osaka = operator("olga", "osaka");
        Instant end = NOW.plus(Duration.ofHours(1));

        assertThatThrownBy(() -> silence(osaka, site("kyoto"))).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> silence(osaka, new MatcherView("errorClass", "PROXY_DNS", false, true)))
                .as("no site matcher")
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> service.createSilence(
                        osaka, List.of(new MatcherView("site", "osaka|kyoto", true, true)), NOW, end, ""))
                .as("a regex")
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> silence(
                        osaka,
                        new MatcherView("site", "kyoto", false, false),
                        new MatcherView("errorClass", "PROXY_DNS", false, true)))
                .as("a negative matcher")
                .isInstanceOf(ForbiddenException.class);
        assertThat(actions.appended).isEmpty();

        String ok = silence(osaka, site("osaka"), new MatcherView("errorClass", "PROXY_.*", true, true));
        assertThat(service.silences(osaka)).extracting(SilenceView::id).containsExactly(ok);
        String kyoto = silence(admin(), site("kyoto"));
        assertThat(service.silences(osaka)).extracting(SilenceView::id).containsExactly(ok);
        assertThatThrownBy(() -> service.silence(osaka, kyoto)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> service.expireSilence(operator("olga", "osaka"), kyoto))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void shouldAckAndUnackAnOutageInScopeAndHideOneOutsideIt() {
        outage("osaka-1", "osaka", List.of("osaka"));
        outage("kyoto-1", "kyoto", List.of("kyoto"));
        outage("fleet-1", null, List.of("osaka", "kyoto"));
        Actor osaka = operator("olga", "osaka");

        ActionViews.Acknowledgement ack = service.ack(osaka, "osaka-1", "on it", CTX);

        assertThat(ack.acknowledgedBy()).isEqualTo("olga");
        assertThat(actions.latest("ack/", "osaka-1").getKind()).isEqualTo(ActionKind.ACKNOWLEDGED);
        assertThat(actions.latest("ack/", "osaka-1").getComment()).isEqualTo("on it");
        assertThat(actions.latest("ack/", "osaka-1").getSites()).containsExactly("osaka");
        assertThatThrownBy(() -> service.ack(osaka, "kyoto-1", "", CTX))
                .as("as if it did not exist")
                .isInstanceOf(NotFoundException.class)
                .hasMessageNotContaining("kyoto-1 is");
        assertThatThrownBy(() -> service.ack(osaka, "fleet-1", "", CTX)).isInstanceOf(ForbiddenException.class);
        outage("fleet-2", null, List.of("osaka"));
        assertThatThrownBy(() -> service.ack(osaka, "fleet-2", "", CTX))
                .as("an outage across sites, as a scoped caller sees it (only its sites): refused all the same")
                .isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("only a principal of every site");
        assertThat(service.ack(operator("ada"), "fleet-2", "", CTX).acknowledgedBy())
                .isEqualTo("ada");
        assertThatThrownBy(() -> service.ack(osaka, "gone", "", CTX)).isInstanceOf(NotFoundException.class);

        service.unack(osaka, "osaka-1", CTX);
        assertThat(actions.latest("ack/", "osaka-1").getKind()).isEqualTo(ActionKind.UNACKNOWLEDGED);
        int before = actions.appended.size();
        service.unack(osaka, "osaka-1", CTX);
        assertThat(actions.appended).as("nothing to take back").hasSize(before);
    }

    @Test
    void shouldAnswerUnavailableAndChangeNothingWhenKafkaDoesNotAcknowledge() {
        outage("a1", "osaka", List.of("osaka"));
        actions.down = true;

        assertThatThrownBy(() -> silence(admin(), site("osaka"))).isInstanceOf(UnavailableException.class);
        assertThatThrownBy(() -> service.ack(admin(), "a1", "", CTX)).isInstanceOf(UnavailableException.class);

        assertThat(service.silences(admin())).isEmpty();
        assertThat(actions.latest("ack/", "a1")).isNull();
    }

    @Test
    void shouldListWhoDidWhatInTheAuditWithinTheCallersSites() {
        outage("osaka-1", "osaka", List.of("osaka"));
        outage("kyoto-1", "kyoto", List.of("kyoto"));
        silence(operator("olga", "osaka"), site("osaka"));
        service.ack(admin(), "kyoto-1", "kyoto ack", CTX);
        service.ack(operator("olga", "osaka"), "osaka-1", "osaka ack", CTX);

        ActionViews.AuditPage all = service.audit(admin(), NOW.minusSeconds(60), NOW.plusSeconds(60));
        ActionViews.AuditPage osaka =
                service.audit(operator("olga", "osaka"), NOW.minusSeconds(60), NOW.plusSeconds(60));

        assertThat(all.items())
                .extracting(ActionViews.AuditEntry::actor, ActionViews.AuditEntry::action)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("olga", "SILENCE_CREATED"),
                        org.assertj.core.groups.Tuple.tuple("root", "ACKNOWLEDGED"),
                        org.assertj.core.groups.Tuple.tuple("olga", "ACKNOWLEDGED"));
        assertThat(osaka.items())
                .extracting(ActionViews.AuditEntry::comment)
                .containsExactly("maintenance", "osaka ack");
    }
}
