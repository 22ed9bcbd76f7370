package org.fleettelemetry.streams.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.fleettelemetry.schemas.avro.AlertScope;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;

/**
 * The SILENT rule of a site, part of {@link SiteRules#evaluate(SiteState, Collection, long, Long, DetectionParams)}:
 * it opens when the active count falls by more than silentDropRatio and by at least silentMinDrop within silentWindow,
 * and resolves when the count is back within half that ratio of where it was. It opens through the same settle and
 * warm-up as the other outages.
 */
final class SilentRule {
    private static final long MINUTE = 60_000L;
    private static final long HISTORY = 15 * MINUTE;

    private SilentRule() {}

    /**
     * Records the active count, steps the site's SILENT outage, adds its alert (if any) to {@code alerts}, and returns
     * its summary, or null when nothing is open or opening.
     */
    static ClassSummary evaluate(
            SiteState state,
            Collection<EndpointTrack> endpoints,
            int active,
            long now,
            Long wall,
            boolean warm,
            DetectionParams params,
            List<ConnectivityAlert> alerts) {
        record(state, now, active);
        OutageTrack track = state.getSilent() != null
                ? state.getSilent()
                : new OutageTrack(AlertScope.SITE, state.getSite(), null, ErrorClass.SILENT);
        OutageCondition condition;
        int baseline;
        if (track.getAlert() == null) {
            ActiveSample peak = new ActiveSample(now, active);
            for (ActiveSample s : state.getActiveHistory()) {
                if (now - s.at() <= params.silentWindow().toMillis() && s.active() > peak.active()) {
                    peak = s;
                }
            }
            baseline = peak.active();
            int drop = baseline - active;
            boolean opening = drop >= params.silentMinDrop() && drop > params.silentDropRatio() * baseline;
            if (opening) {
                track.setBaseline(baseline);
                track.setBaselineAt(peak.at());
            }
            condition = opening ? OutageCondition.OPENING : OutageCondition.CALM;
        } else {
            // endpoints silent for longer than the retention are forgotten: they no longer count as missing
            baseline = Math.min(track.getBaseline(), tracked(endpoints, now, params));
            boolean recovered = active >= baseline * (1 - params.silentDropRatio() / 2);
            condition = recovered ? OutageCondition.RECOVERED : OutageCondition.HOLDING;
        }
        OutageFigures figures = figures(state, endpoints, track, baseline, active, condition, now, params);
        Long openAt = SiteRules.admit(track, condition, now, wall, warm, params);
        if (track.getAlert() != null || openAt != null) {
            AlertLifecycle.step(track, condition, figures, now, openAt == null ? now : openAt, params)
                    .ifPresent(alerts::add);
        }
        boolean holds = track.getAlert() != null
                && (condition == OutageCondition.OPENING || condition == OutageCondition.HOLDING);
        ClassSummary summary = null;
        if (holds || track.getAlert() != null) {
            summary = new ClassSummary(
                    figures.affected(),
                    figures.active(),
                    holds,
                    "silent",
                    figures.sampleEndpoints(),
                    List.of(),
                    figures.products(),
                    track.getAlert() == null ? null : track.getAlert().getOpenedAt());
        }
        state.setSilent(track.idleAt(now, params) ? null : track);
        return summary;
    }

    /** One active-count sample per minute, for the last 15 minutes (or the silent window, if longer). */
    private static void record(SiteState state, long now, int active) {
        List<ActiveSample> history = state.getActiveHistory();
        if (history.isEmpty() || history.get(history.size() - 1).at() / MINUTE < now / MINUTE) {
            history.add(new ActiveSample(now, active));
        }
        history.removeIf(s -> now - s.at() > HISTORY);
    }

    private static OutageFigures figures(
            SiteState state,
            Collection<EndpointTrack> endpoints,
            OutageTrack track,
            int baseline,
            int active,
            OutageCondition condition,
            long now,
            DetectionParams params) {
        if (track.getAlert() == null && condition != OutageCondition.OPENING) {
            return new OutageFigures(
                    0, baseline, null, List.of(), List.of(), List.of(), List.of(state.getSite()), null, null);
        }
        // the endpoints that were active when the baseline was taken and are not any more
        long from = track.getBaselineAt() - params.activeWindow().toMillis();
        List<String> sample = new ArrayList<>();
        TreeSet<String> products = new TreeSet<>();
        Long first = null;
        Long last = null;
        for (EndpointTrack e : endpoints) {
            if (e.activeAt(now, params) || e.lastSeen() < from || e.expiredAt(now, params)) {
                continue;
            }
            if (sample.size() < params.sampleSize()) {
                sample.add(e.endpointId());
            }
            if (!e.product().isEmpty() && products.size() < 10) {
                products.add(e.product());
            }
            first = first == null ? e.lastSeen() : Math.min(first, e.lastSeen());
            last = last == null ? e.lastSeen() : Math.max(last, e.lastSeen());
        }
        return new OutageFigures(
                Math.max(0, baseline - active),
                baseline,
                "silent",
                sample,
                List.of(),
                List.copyOf(products),
                List.of(state.getSite()),
                first,
                last);
    }

    private static int tracked(Collection<EndpointTrack> endpoints, long now, DetectionParams params) {
        int n = 0;
        for (EndpointTrack e : endpoints) {
            if (!e.expiredAt(now, params)) {
                n++;
            }
        }
        return n;
    }
}
