package org.fleettelemetry.streams.query;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.streams.KafkaStreams;
import org.fleettelemetry.schemas.avro.ActionKind;
import org.fleettelemetry.schemas.avro.AlertAction;
import org.fleettelemetry.schemas.avro.AlertScope;
import org.fleettelemetry.schemas.avro.Matcher;
import org.fleettelemetry.schemas.avro.Silence;
import org.fleettelemetry.streams.domain.ActionRules;
import org.fleettelemetry.streams.domain.AlertSnapshot;
import org.fleettelemetry.streams.query.ActionViews.AuditEntry;
import org.fleettelemetry.streams.query.ActionViews.AuditPage;
import org.fleettelemetry.streams.query.ActionViews.MatcherView;
import org.fleettelemetry.streams.query.ActionViews.SilenceView;
import org.fleettelemetry.streams.query.ActionViews.Status;

/**
 * Acknowledgements and silences: checks who may do what, records each action on the actions topic (the call answers
 * only once Kafka acknowledged it), and reads them back from the global store, which every instance has. The fleet
 * stage applies them to the alerts.
 *
 * <p>Sites: a principal scoped to some sites acts only within them. A silence must then name one of its sites with an
 * equality matcher (a silence matches an outage across sites only when its site matcher matches every one of them, so
 * that silence reaches no other site); a regex or a missing site matcher needs every site. An outage it cannot see
 * (none of its sites in scope) is not found; one that also reaches other sites is refused.
 */
public final class ActionService implements AutoCloseable {
    /** Outage lookup for an acknowledgement (throws NotFoundException when not open). */
    @FunctionalInterface
    public interface Outages {
        AlertSnapshot outage(String alertId, QueryContext ctx);
    }

    public static final int AUDIT_LIMIT = 10_000;
    private static final Duration VISIBLE_WAIT = Duration.ofSeconds(3);
    /**
     * How long an expired silence stays in the list (Alertmanager's default data retention, 120 h); the topic keeps it
     * for the audit, and GET by id still finds it.
     */
    public static final Duration EXPIRED_LISTED = Duration.ofDays(5);

    private final ActionLog log;
    private final ActionReads reads;
    private final Outages outages;
    private final Clock clock;
    private final Duration maxDuration;

    public ActionService(ActionLog log, ActionReads reads, Outages outages, Clock clock, Duration maxDuration) {
        this.log = log;
        this.reads = reads;
        this.outages = outages;
        this.clock = clock;
        this.maxDuration = maxDuration;
    }

    /** The service on the actions topic of a running app: its producer, its global store, its outage lookup. */
    public static ActionService create(
            KafkaStreams streams,
            QueryService query,
            Properties clientProperties,
            Map<String, ?> serdeConfig,
            String topic,
            Duration maxDuration) {
        return new ActionService(
                KafkaActionLog.create(clientProperties, serdeConfig, topic),
                new StoreActionReads(streams, clientProperties, serdeConfig, topic),
                (alertId, ctx) -> query.outage(alertId, ctx).value(),
                Clock.systemUTC(),
                maxDuration);
    }

    @Override
    public void close() {
        log.close();
    }

    public Duration maxDuration() {
        return maxDuration;
    }

    /** Creates a silence; returns its id. */
    public String createSilence(
            Actor actor, List<MatcherView> matchers, Instant startsAt, Instant endsAt, String comment) {
        mayAct(actor);
        Instant now = clock.instant();
        List<Matcher> avro = matchers == null
                ? List.of()
                : matchers.stream()
                        .map(m -> new Matcher(m.name(), m.value(), m.isRegex(), m.isEqual()))
                        .toList();
        String refusal = ActionRules.refusal(avro, startsAt, endsAt, now, maxDuration);
        if (refusal != null) {
            throw new BadParameterException("silence", refusal);
        }
        if (!inScope(actor, avro)) {
            throw new ForbiddenException("the silence could reach sites outside yours (" + actor.name()
                    + "): give an equality matcher on site with one of your sites");
        }
        String id = UUID.randomUUID().toString();
        Silence silence = Silence.newBuilder()
                .setSilenceId(id)
                .setMatchers(avro)
                .setStartsAt(startsAt.isBefore(now) ? now : startsAt)
                .setEndsAt(endsAt)
                .setCreatedBy(actor.name())
                .setCreatedAt(now)
                .setComment(comment == null ? "" : comment)
                .build();
        record(action(actor, ActionRules.silenceKey(id), ActionKind.SILENCE_CREATED, now, silence.getComment())
                .setSilence(silence)
                .build());
        return id;
    }

    /** Expires a silence now; an expired one stays as it is. */
    public SilenceView expireSilence(Actor actor, String silenceId) {
        mayAct(actor);
        Silence s = visibleSilence(actor, silenceId);
        if (!s.getCreatedBy().equals(actor.name()) && !actor.mayExpireOthers()) {
            throw new ForbiddenException("silence " + silenceId + " was created by " + s.getCreatedBy()
                    + "; only an admin may expire another's silence");
        }
        Instant now = clock.instant();
        if (!"expired".equals(ActionRules.state(s, now.toEpochMilli()))) {
            Silence expired = Silence.newBuilder(s)
                    .setEndsAt(now)
                    .setStartsAt(s.getStartsAt().isAfter(now) ? now : s.getStartsAt())
                    .setExpiredBy(actor.name())
                    .build();
            record(action(actor, ActionRules.silenceKey(silenceId), ActionKind.SILENCE_EXPIRED, now, s.getComment())
                    .setSilence(expired)
                    .build());
            return view(expired, now, now);
        }
        return view(s, now, null);
    }

    public List<SilenceView> silences(Actor actor) {
        Instant now = clock.instant();
        List<SilenceView> views = new ArrayList<>();
        for (AlertAction a : reads.latest(ActionRules.SILENCE_PREFIX)) {
            if (a.getSilence() != null
                    && inScope(actor, a.getSilence().getMatchers())
                    && a.getSilence().getEndsAt().isAfter(now.minus(EXPIRED_LISTED))) {
                views.add(view(a.getSilence(), now, a.getAt()));
            }
        }
        views.sort(Comparator.comparing(SilenceView::startsAt).reversed());
        return views;
    }

    public SilenceView silence(Actor actor, String silenceId) {
        Instant now = clock.instant();
        AlertAction a = reads.latest(ActionRules.SILENCE_PREFIX, silenceId);
        Silence s = visibleSilence(actor, silenceId);
        return view(s, now, a.getAt());
    }

    /** Acknowledges an open outage in the actor's sites. */
    public ActionViews.Acknowledgement ack(Actor actor, String alertId, String comment, QueryContext ctx) {
        mayAct(actor);
        AlertSnapshot outage = actableOutage(actor, alertId, ctx);
        Instant now = clock.instant();
        String text = comment == null ? "" : comment;
        record(action(actor, ActionRules.ackKey(alertId), ActionKind.ACKNOWLEDGED, now, text)
                .setAlertId(alertId)
                .setSites(sites(outage))
                .build());
        return new ActionViews.Acknowledgement(alertId, actor.name(), now, text);
    }

    /** Takes an acknowledgement back; nothing to do when the outage is not acknowledged. */
    public void unack(Actor actor, String alertId, QueryContext ctx) {
        mayAct(actor);
        AlertSnapshot outage = actableOutage(actor, alertId, ctx);
        AlertAction last = reads.latest(ActionRules.ACK_PREFIX, alertId);
        if (last == null || last.getKind() != ActionKind.ACKNOWLEDGED) {
            return;
        }
        record(action(actor, ActionRules.ackKey(alertId), ActionKind.UNACKNOWLEDGED, clock.instant(), "")
                .setAlertId(alertId)
                .setSites(sites(outage))
                .build());
    }

    public AuditPage audit(Actor actor, Instant from, Instant to) {
        List<AlertAction> all = reads.history(from, to, AUDIT_LIMIT + 1);
        List<AuditEntry> items = new ArrayList<>();
        for (AlertAction a : all.subList(0, Math.min(all.size(), AUDIT_LIMIT))) {
            boolean visible = a.getSilence() != null
                    ? inScope(actor, a.getSilence().getMatchers())
                    : actor.allSites() || a.getSites().stream().anyMatch(actor.siteAllowed());
            if (visible) {
                items.add(new AuditEntry(
                        a.getAt(),
                        a.getActor(),
                        a.getActorRole(),
                        a.getKind().name(),
                        a.getSubject(),
                        a.getAlertId(),
                        a.getSilence() == null ? null : a.getSilence().getSilenceId(),
                        a.getComment()));
            }
        }
        return new AuditPage(from, to, items.size(), all.size() > AUDIT_LIMIT, items);
    }

    private void record(AlertAction action) {
        log.append(action);
        // read-your-writes on this instance: the global store has it within a moment; the action is durable anyway
        long deadline = System.nanoTime() + VISIBLE_WAIT.toNanos();
        String prefix = action.getSubject().startsWith(ActionRules.SILENCE_PREFIX)
                ? ActionRules.SILENCE_PREFIX
                : ActionRules.ACK_PREFIX;
        String id = action.getSubject().substring(prefix.length());
        while (System.nanoTime() < deadline) {
            AlertAction seen;
            try {
                seen = reads.latest(prefix, id);
            } catch (UnavailableException e) {
                return;
            }
            if (seen != null && seen.getActionId().equals(action.getActionId())) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void mayAct(Actor actor) {
        if (!actor.mayAct()) {
            throw new ForbiddenException(
                    actor.name() + " is a " + actor.role().toLowerCase() + ": viewers may not acknowledge or silence");
        }
    }

    private Silence visibleSilence(Actor actor, String silenceId) {
        AlertAction a = reads.latest(ActionRules.SILENCE_PREFIX, silenceId);
        if (a == null
                || a.getSilence() == null
                || !inScope(actor, a.getSilence().getMatchers())) {
            throw new NotFoundException("no silence " + silenceId);
        }
        return a.getSilence();
    }

    private AlertSnapshot actableOutage(Actor actor, String alertId, QueryContext ctx) {
        AlertSnapshot outage = outages.outage(alertId, ctx);
        List<String> sites = sites(outage);
        if (!actor.allSites()) {
            if (sites.stream().noneMatch(actor.siteAllowed())) {
                throw new NotFoundException("no open outage " + alertId);
            }
            // an outage across sites (FLEET, PROXY) is acknowledged by a principal of every site only: the outage is
            // read where its task runs, through the caller's own token, so a scoped caller gets the view of its
            // sites (ScopedAlerts) and cannot tell whether the outage also reaches others; deciding on the scope
            // alone gives the same answer whichever instance serves it
            if (outage.scope() == AlertScope.FLEET || !sites.stream().allMatch(actor.siteAllowed())) {
                throw new ForbiddenException("outage " + alertId + " is an outage across sites: only a principal of"
                        + " every site may acknowledge it");
            }
        }
        return outage;
    }

    private static List<String> sites(AlertSnapshot outage) {
        if (!outage.sites().isEmpty()) {
            return outage.sites();
        }
        return outage.site() == null ? List.of() : List.of(outage.site());
    }

    /** Whether a silence with these matchers stays within the actor's sites (see the class comment). */
    static boolean inScope(Actor actor, List<Matcher> matchers) {
        if (actor.allSites()) {
            return true;
        }
        return matchers.stream()
                .anyMatch(m -> "site".equals(m.getName())
                        && m.getIsEqual()
                        && !m.getIsRegex()
                        && actor.siteAllowed().test(m.getValue()));
    }

    private static AlertAction.Builder action(
            Actor actor, String subject, ActionKind kind, Instant at, String comment) {
        return AlertAction.newBuilder()
                .setActionId(UUID.randomUUID().toString())
                .setSubject(subject)
                .setKind(kind)
                .setActor(actor.name())
                .setActorRole(actor.role())
                .setAt(at)
                .setComment(comment);
    }

    private static SilenceView view(Silence s, Instant now, Instant updatedAt) {
        return new SilenceView(
                s.getSilenceId(),
                new Status(ActionRules.state(s, now.toEpochMilli())),
                s.getMatchers().stream()
                        .map(m -> new MatcherView(m.getName(), m.getValue(), m.getIsRegex(), m.getIsEqual()))
                        .toList(),
                s.getStartsAt(),
                s.getEndsAt(),
                updatedAt == null ? s.getCreatedAt() : updatedAt,
                s.getCreatedBy(),
                s.getComment(),
                s.getExpiredBy());
    }
}
