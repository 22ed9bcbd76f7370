package org.fleettelemetry.streams.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.fleettelemetry.schemas.avro.AlertScope;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;

/**
 * The outage rules of one site. The site's endpoint tracks are kept by the caller (a store of their own keyed by
 * site + endpointId, each updated per observation with {@link EndpointTrack#observe}), so that an observation costs
 * one small write whatever the size of the site; {@link #evaluate} decides (linear in the site's endpoints: call it
 * on punctuation, and on event arrival only as often as that cost allows). The {@link SiteState} keeps what the rules
 * remember between evaluations: the outages, the SILENT baseline, the summary.
 *
 * <p>An endpoint is <em>active</em> when seen within the active window. It is <em>affected</em> for (proxy, class)
 * when it is active behind that proxy and its latest failure of that class is within the evaluation period (or
 * sticky) with no healthy contact after it. Ratios are taken among the active endpoints behind the same proxy: a
 * broken proxy serving a tenth of a site is an outage of that proxy, not noise of the site.
 *
 * <p>Per (proxy, class): OPEN when affected &gt;= minAffected and ratio &gt;= openRatio; kept open while ratio &gt;=
 * closeRatio; RESOLVED when below closeRatio for resolveAfter, or at once when every endpoint affected during the
 * outage reported a healthy contact since (failed lookups and mail scans: or is now cut off by a network failure,
 * which makes them its symptoms). One endpoint failing alone never opens anything (minAffected); its state
 * shows in {@link EndpointTrack#stateAt}. SILENT, when the site's active count falls: see {@link SilentRule}.
 */
public final class SiteRules {
    private SiteRules() {}

    /**
     * Decides, for observations given in event-time order (no settle, no warm-up; see {@link #evaluate(SiteState,
     * Collection, long, Long, DetectionParams)}): returns the SITE alert candidates of this evaluation (OPEN, UPDATE,
     * RESOLVED; at most one per outage key) and refreshes the summary ({@link #summary}). Forward the candidates to
     * {@link FleetRules#onSiteAlert}: they are not for the SOC directly. {@code endpoints} are the site's tracks in
     * endpointId order (as a range scan gives them); the caller deletes those {@link EndpointTrack#expiredAt expired}.
     */
    public static List<ConnectivityAlert> evaluate(
            SiteState state, Collection<EndpointTrack> endpoints, long now, DetectionParams params) {
        return evaluate(state, endpoints, now, null, params);
    }

    /**
     * As {@link #evaluate(SiteState, Collection, long, DetectionParams)}, for observations that arrive in an order no
     * one controls (a topology): {@code wall} is the arrival clock. An outage opens only once its condition has held
     * for {@link DetectionParams#settle()} of arrival time and the site's population is known ({@link
     * DetectionParams#populationWarmup()} since {@link SiteState#getFirstHeardWall()}); it then opens as of the time
     * the condition was first crossed. With {@code wall} null nothing waits: for observations given in event-time
     * order, as the domain tests and simulations give them.
     *
     * <p>Why this is safe in both directions. No false alert from arrival order: a backlog's parts that arrive
     * within the settle of each other (an endpoint's files, a site's endpoints) are all in before anything opens, and
     * the tracks they build do not depend on their order ({@link EndpointTrack#observe} keeps the latest of each
     * kind), so a symptom whose cause arrives a moment later, or a ratio over a site seen in part, never opens. A
     * new site's denominator is its active endpoints, and every running collector sends a heartbeat each interval
     * (30 s by default): after the warm-up every endpoint that runs has been heard of. No missed or delayed outage:
     * a condition that still holds once settled opens, with the time it was first crossed as its opening time, so
     * the fleet stage's group wait (30 s, longer than the settle) runs from the crossing and the settle adds nothing
     * to the publication delay of a known site; the warm-up delays only a site first heard of less than a heartbeat
     * interval ago, whose ratio would otherwise be a guess.
     */
    public static List<ConnectivityAlert> evaluate(
            SiteState state, Collection<EndpointTrack> endpoints, long now, Long wall, DetectionParams params) {
        long t = Math.max(now, state.getClock());
        boolean warm = wall == null
                || state.getFirstHeardWall() == null
                || wall - state.getFirstHeardWall() >= params.populationWarmup().toMillis();
        state.setClock(t);

        Evaluation c = tally(state, endpoints, t, params);
        c.keys.putAll(state.getOutages());
        for (Map.Entry<String, OutageTrack> k : c.keys.entrySet()) {
            decide(state, endpoints, c, k, t, wall, warm, params);
        }
        state.getOutages().values().removeIf(track -> track.idleAt(t, params));
        SortedMap<String, ProxySummary> proxies = new TreeMap<>();
        for (Map.Entry<String, Integer> p : c.activeByProxy.entrySet()) {
            if (p.getKey() != null) {
                proxies.put(p.getKey(), new ProxySummary(p.getValue(), c.byProxy.remove(p.getKey())));
            }
        }
        // a proxy whose endpoints all turned inactive while its outage still holds (NO_DATA) stays in the summary
        c.byProxy.forEach((proxy, classesOfProxy) -> proxies.put(proxy, new ProxySummary(0, classesOfProxy)));

        SortedMap<ErrorClass, ClassSummary> summaries = summaries(c.classes, c.holding, c.since, c.active);
        ClassSummary silentSummary = SilentRule.evaluate(state, endpoints, c.active, t, wall, warm, params, c.alerts);
        if (silentSummary != null) {
            summaries.put(ErrorClass.SILENT, silentSummary);
        }
        state.setSummary(new SiteSummary(state.getSite(), c.active, c.failing, c.silent, summaries, proxies));
        return c.alerts;
    }

    /**
     * What one evaluation counts over a site's endpoints ({@link #tally}) and decides per outage key ({@link #decide}).
     * The pass and the decision are methods of their own, not parts of {@link #evaluate}: as one method of 1,379
     * bytecodes, C2 took 0.8 s to compile it and compiled it again at each branch the storm took for the first time (7
     * times in one storm benchmark, 5.6 s of a compiler thread, most of it in the storm's first minute, when the app
     * needed the cores most).
     */
    private static final class Evaluation {
        int active;
        int failing;
        int silent;
        final Map<String, Integer> activeByProxy = new TreeMap<>();
        final Map<String, Integer> trackedByProxy = new TreeMap<>();
        final Map<String, AffectedTally> groups = new TreeMap<>();
        final Map<ErrorClass, AffectedTally> classes = new TreeMap<>();
        final Map<String, OutageTrack> keys = new TreeMap<>();
        final List<ConnectivityAlert> alerts = new ArrayList<>();
        final Map<ErrorClass, Boolean> holding = new TreeMap<>();
        final Map<ErrorClass, Long> since = new TreeMap<>();
        final Map<String, SortedMap<ErrorClass, ClassSummary>> byProxy = new TreeMap<>();
    }

    /** Counts the site's active, failing and silent endpoints and the affected ones per (proxy, class) and class. */
    private static Evaluation tally(
            SiteState state, Collection<EndpointTrack> endpoints, long t, DetectionParams params) {
        Evaluation c = new Evaluation();
        for (EndpointTrack e : endpoints) {
            if (e.expiredAt(t, params)) {
                continue;
            }
            c.trackedByProxy.merge(e.proxy(), 1, Integer::sum);
            if (!e.activeAt(t, params)) {
                c.silent++;
                continue;
            }
            c.active++;
            c.activeByProxy.merge(e.proxy(), 1, Integer::sum);
            boolean anyFailing = false;
            boolean networkDown = networkDown(e, t, params);
            for (Map.Entry<ErrorClass, FailureMark> f : e.failures().entrySet()) {
                FailureMark mark = f.getValue();
                if (!mark.countsAt(t, e.healedAt(f.getKey()), f.getKey(), params)) {
                    continue;
                }
                anyFailing = true;
                if (networkDown && f.getKey().symptomOfNetwork()) {
                    continue;
                }
                String key = key(e.proxy(), f.getKey());
                c.groups
                        .computeIfAbsent(key, k -> new AffectedTally(params))
                        .add(
                                e.endpointId(),
                                e.product(),
                                mark.at(),
                                mark.errorCode(),
                                mark.targetHost(),
                                e.probe(),
                                f.getKey());
                c.classes
                        .computeIfAbsent(f.getKey(), k -> new AffectedTally(params))
                        .add(
                                e.endpointId(),
                                e.product(),
                                mark.at(),
                                mark.errorCode(),
                                mark.targetHost(),
                                e.probe(),
                                f.getKey());
                c.keys.computeIfAbsent(
                        key, k -> new OutageTrack(AlertScope.SITE, state.getSite(), e.proxy(), f.getKey()));
            }
            if (anyFailing) {
                c.failing++;
            }
        }
        return c;
    }

    /** Decides one outage key: its condition, its alert's step (into {@code c.alerts}), what the summary says of it. */
    private static void decide(
            SiteState state,
            Collection<EndpointTrack> endpoints,
            Evaluation c,
            Map.Entry<String, OutageTrack> k,
            long t,
            Long wall,
            boolean warm,
            DetectionParams params) {
        OutageTrack track = state.getOutages().computeIfAbsent(k.getKey(), x -> k.getValue());
        AffectedTally tally = c.groups.get(k.getKey());
        int proxyActive = c.activeByProxy.getOrDefault(track.getProxy(), 0);
        OutageFigures figures = tally == null
                ? new OutageFigures(
                        0, proxyActive, null, List.of(), List.of(), List.of(), List.of(state.getSite()), null, null)
                : tally.figures(proxyActive, List.of(state.getSite()));
        OutageCondition condition =
                condition(endpoints, track, figures, c.trackedByProxy.getOrDefault(track.getProxy(), 0), t, params);
        Long openedAt = track.getAlert() == null ? null : track.getAlert().getOpenedAt();
        boolean symptomOnly = condition == OutageCondition.RECOVERED
                && track.getErrorClass().symptomOfNetwork()
                && allCutOff(endpoints, track, t, params);
        Long openAt = admit(track, condition, t, wall, warm, params);
        if (track.getAlert() != null || openAt != null) {
            AlertLifecycle.step(track, condition, figures, t, openAt == null ? t : openAt, params)
                    .ifPresent(c.alerts::add);
        }
        if (symptomOnly && openedAt != null) {
            // it was the first sign of a network outage, not an outage of its own: it must not count as a flap
            track.getOpenTimes().remove(openedAt);
        }
        boolean holds = track.getAlert() != null
                && (condition == OutageCondition.OPENING || condition == OutageCondition.HOLDING);
        c.holding.merge(track.getErrorClass(), holds, Boolean::logicalOr);
        if (track.getAlert() != null) {
            c.since.merge(track.getErrorClass(), track.getAlert().getOpenedAt(), Math::min);
        }
        if (track.getProxy() != null && (tally != null || holds)) {
            c.byProxy
                    .computeIfAbsent(track.getProxy(), p -> new TreeMap<>())
                    .put(
                            track.getErrorClass(),
                            new ClassSummary(
                                    figures.affected(),
                                    proxyActive,
                                    holds,
                                    figures.errorCode(),
                                    figures.sampleEndpoints(),
                                    figures.targetHosts(),
                                    figures.products(),
                                    track.getAlert() == null
                                            ? null
                                            : track.getAlert().getOpenedAt(),
                                    figures.probe()));
        }
    }

    /**
     * The wall-clock time at which an outage condition that holds but waits (settle, warm-up) may open, so the caller
     * evaluates the site again then; null when nothing waits.
     */
    public static Long nextDecisionWall(SiteState state, DetectionParams params) {
        Long next = null;
        List<OutageTrack> tracks = new ArrayList<>(state.getOutages().values());
        if (state.getSilent() != null) {
            tracks.add(state.getSilent());
        }
        for (OutageTrack track : tracks) {
            if (track.getPendingWall() == null) {
                continue;
            }
            long at = track.getPendingWall() + params.settle().toMillis();
            if (state.getFirstHeardWall() != null) {
                at = Math.max(
                        at,
                        state.getFirstHeardWall() + params.populationWarmup().toMillis());
            }
            next = next == null ? at : Math.min(next, at);
        }
        return next;
    }

    /**
     * Whether a key with nothing open may open now: the evaluation time to open it at (the time its condition was
     * first crossed, see {@link #evaluate(SiteState, Collection, long, Long, DetectionParams)}), or null to wait. A
     * condition that stops holding while it waits is forgotten: if it comes back, it settles again.
     */
    static Long admit(
            OutageTrack track, OutageCondition condition, long now, Long wall, boolean warm, DetectionParams params) {
        if (track.getAlert() != null || condition != OutageCondition.OPENING) {
            track.clearPending();
            return null;
        }
        if (wall == null) {
            return now;
        }
        if (track.getPendingSince() == null) {
            track.setPendingSince(now);
            track.setPendingWall(wall);
        }
        if (!warm || wall - track.getPendingWall() < params.settle().toMillis()) {
            return null;
        }
        long openAt = track.getPendingSince();
        track.clearPending();
        return openAt;
    }

    /** The summary as of the last {@link #evaluate}; forward it to the fleet stage when it changed. */
    public static SiteSummary summary(SiteState state) {
        return state.getSummary() == null ? SiteSummary.empty(state.getSite()) : state.getSummary();
    }

    /** Per class: the endpoints affected, and whether an outage of the class holds (on any proxy) and since when. */
    private static SortedMap<ErrorClass, ClassSummary> summaries(
            Map<ErrorClass, AffectedTally> classes,
            Map<ErrorClass, Boolean> holding,
            Map<ErrorClass, Long> since,
            int active) {
        SortedMap<ErrorClass, ClassSummary> summaries = new TreeMap<>();
        for (Map.Entry<ErrorClass, AffectedTally> c : classes.entrySet()) {
            AffectedTally tally = c.getValue();
            summaries.put(
                    c.getKey(),
                    new ClassSummary(
                            tally.count(),
                            active,
                            holding.getOrDefault(c.getKey(), false),
                            tally.dominantCode(),
                            tally.sample(),
                            tally.hosts(),
                            tally.products(),
                            since.get(c.getKey()),
                            tally.probe()));
        }
        for (Map.Entry<ErrorClass, Boolean> h : holding.entrySet()) {
            if (h.getValue() && !summaries.containsKey(h.getKey())) {
                summaries.put(
                        h.getKey(),
                        new ClassSummary(
                                0, active, true, null, List.of(), List.of(), List.of(), since.get(h.getKey())));
            }
        }
        return summaries;
    }

    private static OutageCondition condition(
            Collection<EndpointTrack> endpoints,
            OutageTrack track,
            OutageFigures figures,
            int tracked,
            long now,
            DetectionParams params) {
        if (figures.active() == 0) {
            // endpoints that stopped reporting say nothing about the outage (SILENT covers them); once they are
            // forgotten (retention) there is nothing left to hold the outage open
            return tracked > 0 ? OutageCondition.NO_DATA : OutageCondition.CALM;
        }
        if (figures.affected() >= params.minAffected() && figures.ratio() >= params.openRatio()) {
            return OutageCondition.OPENING;
        }
        if (track.getAlert() == null) {
            return OutageCondition.CALM;
        }
        if (figures.ratio() >= params.closeRatio()) {
            return OutageCondition.HOLDING;
        }
        return figures.affected() == 0 && allHealed(endpoints, track, now, params)
                ? OutageCondition.RECOVERED
                : OutageCondition.CALM;
    }

    /**
     * Every endpoint that failed with this class behind this proxy during the outage reported healthy since, or, for
     * a class that is a symptom of a network failure, is now cut off by one. The second case is how a proxy outage
     * starts: lookups fail before the next doorman contact shows the proxy is down, so the lookup outage opens first
     * and turns out to be a symptom a few seconds later. It must then end at once (within the fleet stage's group
     * wait it is never published), not after resolveAfter as a second alert beside the proxy's.
     */
    private static boolean allHealed(
            Collection<EndpointTrack> endpoints, OutageTrack track, long now, DetectionParams params) {
        long from = Math.min(track.getAlert().getFirstSeen(), track.getAlert().getOpenedAt());
        boolean any = false;
        for (EndpointTrack e : endpoints) {
            if (!e.proxy().equals(track.getProxy())) {
                continue;
            }
            FailureMark mark = e.failures().get(track.getErrorClass());
            if (mark == null || mark.at() < from) {
                continue;
            }
            boolean healed = mark.healedBy(e.healedAt(track.getErrorClass()), track.getErrorClass());
            boolean symptom = track.getErrorClass().symptomOfNetwork() && networkDown(e, now, params);
            if (!healed && !symptom) {
                return false;
            }
            any = true;
        }
        return any;
    }

    /** Every endpoint that failed with the track's class during the outage is now cut off by a network failure. */
    private static boolean allCutOff(
            Collection<EndpointTrack> endpoints, OutageTrack track, long now, DetectionParams params) {
        long from = Math.min(track.getAlert().getFirstSeen(), track.getAlert().getOpenedAt());
        boolean any = false;
        for (EndpointTrack e : endpoints) {
            FailureMark mark = e.proxy().equals(track.getProxy()) ? e.failures().get(track.getErrorClass()) : null;
            if (mark == null || mark.at() < from) {
                continue;
            }
            if (!networkDown(e, now, params)) {
                return false;
            }
            any = true;
        }
        return any;
    }

    /** A network class counts for the endpoint: it cannot reach the cloud at all. */
    private static boolean networkDown(EndpointTrack e, long now, DetectionParams params) {
        return e.failures().entrySet().stream()
                .anyMatch(f ->
                        f.getKey().network() && f.getValue().countsAt(now, e.healedAt(f.getKey()), f.getKey(), params));
    }

    private static String key(String proxy, ErrorClass errorClass) {
        return proxy + "|" + errorClass.name();
    }
}
