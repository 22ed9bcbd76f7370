package org.fleettelemetry.streams.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.fleettelemetry.schemas.avro.AlertScope;
import org.fleettelemetry.schemas.avro.AlertStatus;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet stage: the ONLY publisher of alerts. It sees every site's {@link SiteSummary} and every site alert
 * candidate, raises FLEET outages, and decides which site alerts reach the SOC.
 *
 * <p>FLEET outage of a class: the class's site condition holds at &gt;= fleetMinSites sites, or at &gt;=
 * fleetSiteRatio of the active sites and at least 2. One FLEET alert per outage (site and proxy null, the sites
 * listed, affected and active summed over them); it stays open while at least 2 sites hold, resolves after fewer
 * than 2 held for resolveAfter, or at once when none holds.
 *
 * <p>Inhibition: while a FLEET alert of a class is open, site candidates of that class are swallowed, their later
 * UPDATEs and RESOLVED too. A site alert already published when the fleet alert opens stays and resolves normally.
 * When the fleet alert resolves, a swallowed site alert whose site still holds the condition is published (OPEN with
 * its latest figures), and so is any other swallowed one whose next UPDATE arrives while no fleet alert of its class
 * is open: a site left in trouble after a fleet outage must not stay invisible.
 *
 * <p>Group wait: a site OPEN is held for groupWait before publication, so that when a class hits several sites at
 * once only the FLEET alert goes out. UPDATEs during the hold are merged (the published OPEN carries the latest
 * figures); an OPEN resolved during the hold is never published. The wait counts from the time the site first saw
 * the condition (an OPEN that settled at its site carries it as its opening time, so the two waits overlap), and
 * lasts at least the settle in arrival time past the OPEN's arrival: the other sites of a backlog settle within that.
 *
 * <p>Revisions: the fleet stage numbers what it publishes 1, 2, 3... per alert id (site revisions merged during
 * the hold are not visible). Candidates older than or equal to the last site revision seen are duplicates and are
 * ignored, so an at-least-once redelivery publishes nothing twice.
 *
 * <p>Time: call {@link #evaluate} on punctuation, every few seconds and well within groupWait: it opens and resolves
 * FLEET alerts and releases held OPENs whose group wait is over ({@link #onSiteAlert} also releases what is due).
 */
public final class FleetRules {
    private static final Logger LOG = LoggerFactory.getLogger(FleetRules.class);

    private FleetRules() {}

    /**
     * Stores a site's latest summary. Decides nothing: {@link #evaluate} (on punctuation) judges all sites together,
     * so sites hit at the same moment whose summaries arrive one after the other open one FLEET alert, not an OPEN
     * followed by an UPDATE per late site.
     */
    public static void onSiteSummary(FleetState state, SiteSummary summary, long now) {
        long t = advance(state, now);
        SiteEntry previous = state.getSites().get(summary.site());
        long lastActive = summary.active() > 0 || previous == null ? t : previous.lastActiveAt();
        state.getSites().put(summary.site(), new SiteEntry(summary, t, lastActive));
    }

    /** Takes one SITE alert candidate from {@link SiteRules#evaluate}; returns the alerts to publish. */
    public static List<ConnectivityAlert> onSiteAlert(
            FleetState state, ConnectivityAlert candidate, long now, DetectionParams params) {
        return onSiteAlert(state, candidate, now, null, params);
    }

    /**
     * As {@link #onSiteAlert(FleetState, ConnectivityAlert, long, DetectionParams)}, with the arrival clock {@code
     * wall} of a topology (null: nothing settles, see {@link HeldSiteAlert#receivedWall()}).
     */
    public static List<ConnectivityAlert> onSiteAlert(
            FleetState state, ConnectivityAlert candidate, long now, Long wall, DetectionParams params) {
        if (candidate.getScope() != AlertScope.SITE) {
            throw new IllegalArgumentException("only SITE candidates go through the fleet stage, got "
                    + candidate.getScope() + " " + candidate.getAlertId());
        }
        long t = advance(state, now);
        AlertSnapshot snapshot = AlertSnapshot.of(candidate);
        String id = snapshot.alertId();
        ErrorClass errorClass = ErrorClass.valueOf(snapshot.errorClass());
        List<ConnectivityAlert> out = new ArrayList<>();
        HeldSiteAlert held = state.getHeld().get(id);
        HeldSiteAlert swallowed = state.getSwallowed().get(id);
        PublishedSiteAlert published = state.getPublished().get(id);
        switch (snapshot.status()) {
            case OPEN -> {
                if (held != null || swallowed != null || published != null) {
                    LOG.debug("Ignoring a repeated OPEN of {}", id);
                } else {
                    // an OPEN that settled at its site first carries the time its condition was crossed: the group
                    // wait and the settle overlap, so the settle adds nothing to the publication delay
                    HeldSiteAlert hold =
                            new HeldSiteAlert(Math.min(t, snapshot.openedAt().toEpochMilli()), snapshot, wall);
                    (fleetOpen(state, errorClass) ? state.getSwallowed() : state.getHeld()).put(id, hold);
                }
            }
            case UPDATE -> {
                if (held != null) {
                    if (newer(snapshot, held.latest())) {
                        state.getHeld().put(id, new HeldSiteAlert(held.receivedAt(), snapshot, held.receivedWall()));
                    }
                } else if (swallowed != null) {
                    if (newer(snapshot, swallowed.latest())) {
                        HeldSiteAlert latest =
                                new HeldSiteAlert(swallowed.receivedAt(), snapshot, swallowed.receivedWall());
                        state.getSwallowed().put(id, latest);
                        if (!fleetOpen(state, errorClass)) {
                            state.getSwallowed().remove(id);
                            out.add(publishOpen(state, id, latest));
                        }
                    }
                } else if (published != null) {
                    if (snapshot.revision() > published.siteRevision()) {
                        out.add(publishNext(state, id, published, snapshot, AlertStatus.UPDATE));
                    }
                } else {
                    LOG.warn("Dropping UPDATE of unknown site alert {} (its OPEN never reached the fleet stage)", id);
                }
            }
            case RESOLVED -> {
                if (held != null) {
                    state.getHeld().remove(id);
                } else if (swallowed != null) {
                    state.getSwallowed().remove(id);
                } else if (published != null) {
                    if (snapshot.revision() > published.siteRevision()) {
                        out.add(publishNext(state, id, published, snapshot, AlertStatus.RESOLVED));
                        state.getPublished().remove(id);
                    }
                } else {
                    LOG.debug("Ignoring RESOLVED of site alert {}: not open here (already resolved or unknown)", id);
                }
            }
        }
        out.addAll(release(state, t, wall, params));
        return out;
    }

    /** Evaluates FLEET outages and releases held site alerts whose group wait is over; returns what to publish. */
    public static List<ConnectivityAlert> evaluate(FleetState state, long now, DetectionParams params) {
        return evaluate(state, now, null, params);
    }

    /** As {@link #evaluate(FleetState, long, DetectionParams)}, with the arrival clock of a topology. */
    public static List<ConnectivityAlert> evaluate(FleetState state, long now, Long wall, DetectionParams params) {
        long t = advance(state, now);
        state.getSites()
                .values()
                .removeIf(e -> e.summary().active() == 0
                        && e.summary().classes().values().stream().noneMatch(ClassSummary::holds)
                        && t - e.lastActiveAt() > params.siteRetention().toMillis());
        int activeSites = 0;
        TreeSet<ErrorClass> classes = new TreeSet<>(state.getOutages().keySet());
        for (SiteEntry e : state.getSites().values()) {
            boolean anyHolds = false;
            for (Map.Entry<ErrorClass, ClassSummary> c : e.summary().classes().entrySet()) {
                if (c.getValue().holds()) {
                    classes.add(c.getKey());
                    anyHolds = true;
                }
            }
            if (e.summary().active() > 0 || anyHolds) {
                activeSites++;
            }
        }
        List<ConnectivityAlert> out = new ArrayList<>();
        for (ErrorClass errorClass : classes) {
            List<SiteEntry> holding = new ArrayList<>();
            for (SiteEntry e : state.getSites().values()) {
                if (e.summary().holds(errorClass)) {
                    holding.add(e);
                }
            }
            int n = holding.size();
            boolean opening = n >= params.fleetMinSites() || (n >= 2 && n >= params.fleetSiteRatio() * activeSites);
            OutageTrack track = state.getOutages()
                    .computeIfAbsent(errorClass, c -> new OutageTrack(AlertScope.FLEET, null, null, c));
            boolean wasOpen = track.getAlert() != null;
            OutageCondition condition;
            if (opening) {
                condition = OutageCondition.OPENING;
            } else if (n >= 2) {
                condition = OutageCondition.HOLDING;
            } else {
                condition = n == 0 ? OutageCondition.RECOVERED : OutageCondition.CALM;
            }
            AlertLifecycle.step(track, condition, figures(holding, errorClass, params), t, params)
                    .ifPresent(out::add);
            if (!wasOpen && track.getAlert() != null) {
                swallowHeld(state, errorClass);
            } else if (wasOpen && track.getAlert() == null) {
                out.addAll(promoteSwallowed(state, errorClass));
            }
        }
        state.getOutages().values().removeIf(track -> track.idleAt(t, params));
        out.addAll(release(state, t, wall, params));
        return out;
    }

    /** Whether a FLEET alert of this class is open (site alerts of the class are then inhibited). */
    public static boolean fleetOpen(FleetState state, ErrorClass errorClass) {
        OutageTrack track = state.getOutages().get(errorClass);
        return track != null && track.getAlert() != null;
    }

    private static long advance(FleetState state, long now) {
        long t = Math.max(now, state.getClock());
        state.setClock(t);
        return t;
    }

    private static boolean newer(AlertSnapshot candidate, AlertSnapshot known) {
        return candidate.revision() > known.revision();
    }

    /**
     * FLEET figures: sums over the sites that hold. firstSeen is the earliest of their site outages' open times,
     * lastSeen the latest summary received from one of them (the fleet stage sees summaries, not failures).
     */
    private static OutageFigures figures(List<SiteEntry> holding, ErrorClass errorClass, DetectionParams params) {
        int affected = 0;
        int active = 0;
        TreeSet<String> sample = new TreeSet<>();
        TreeSet<String> hosts = new TreeSet<>();
        TreeSet<String> products = new TreeSet<>();
        Map<String, Integer> codes = new TreeMap<>();
        List<String> sites = new ArrayList<>();
        Long first = null;
        Long last = null;
        for (SiteEntry e : holding) {
            ClassSummary c = e.summary().classes().get(errorClass);
            affected += c.affected();
            active += c.active();
            sample.addAll(c.sampleEndpoints());
            hosts.addAll(c.targetHosts());
            products.addAll(c.products());
            if (c.errorCode() != null) {
                codes.merge(c.errorCode(), Math.max(1, c.affected()), Integer::sum);
            }
            sites.add(e.summary().site());
            if (c.since() != null) {
                first = first == null ? c.since() : Math.min(first, c.since());
            }
            last = last == null ? e.receivedAt() : Math.max(last, e.receivedAt());
        }
        String code = null;
        int best = 0;
        for (Map.Entry<String, Integer> c : codes.entrySet()) {
            if (c.getValue() > best) {
                code = c.getKey();
                best = c.getValue();
            }
        }
        return new OutageFigures(
                affected,
                active,
                code,
                sample.stream().limit(params.sampleSize()).toList(),
                hosts.stream().limit(params.maxTrackedHosts()).toList(),
                List.copyOf(products),
                sites,
                first == null ? last : first,
                last);
    }

    private static void swallowHeld(FleetState state, ErrorClass errorClass) {
        state.getHeld().entrySet().removeIf(e -> {
            if (!errorClass.name().equals(e.getValue().latest().errorClass())) {
                return false;
            }
            state.getSwallowed().put(e.getKey(), e.getValue());
            return true;
        });
    }

    private static List<ConnectivityAlert> promoteSwallowed(FleetState state, ErrorClass errorClass) {
        List<ConnectivityAlert> out = new ArrayList<>();
        // copy the keys, not the entries: TreeMap reuses entry objects when it removes one
        for (String id : new ArrayList<>(state.getSwallowed().keySet())) {
            HeldSiteAlert swallowed = state.getSwallowed().get(id);
            AlertSnapshot latest = swallowed.latest();
            SiteEntry site = state.getSites().get(latest.site());
            if (errorClass.name().equals(latest.errorClass())
                    && site != null
                    && site.summary().holds(errorClass)) {
                state.getSwallowed().remove(id);
                out.add(publishOpen(state, id, swallowed));
            }
        }
        return out;
    }

    private static List<ConnectivityAlert> release(FleetState state, long now, Long wall, DetectionParams params) {
        List<ConnectivityAlert> out = new ArrayList<>();
        for (String id : new ArrayList<>(state.getHeld().keySet())) {
            HeldSiteAlert held = state.getHeld().get(id);
            if (now - held.receivedAt() < params.groupWait().toMillis()) {
                continue;
            }
            if (wall != null
                    && held.receivedWall() != null
                    && wall - held.receivedWall() < params.settle().toMillis()) {
                continue;
            }
            state.getHeld().remove(id);
            if (fleetOpen(state, ErrorClass.valueOf(held.latest().errorClass()))) {
                state.getSwallowed().put(id, held);
            } else {
                out.add(publishOpen(state, id, held));
            }
        }
        return out;
    }

    private static ConnectivityAlert publishOpen(FleetState state, String id, HeldSiteAlert held) {
        AlertSnapshot latest = held.latest();
        state.getPublished().put(id, new PublishedSiteAlert(latest.site(), latest.errorClass(), 1, latest.revision()));
        return latest.toAvro(AlertStatus.OPEN, 1);
    }

    private static ConnectivityAlert publishNext(
            FleetState state, String id, PublishedSiteAlert published, AlertSnapshot snapshot, AlertStatus status) {
        int revision = published.revision() + 1;
        state.getPublished()
                .put(
                        id,
                        new PublishedSiteAlert(
                                published.site(), published.errorClass(), revision, snapshot.revision()));
        return snapshot.toAvro(status, revision);
    }
}
