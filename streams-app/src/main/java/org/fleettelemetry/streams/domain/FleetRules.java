package org.fleettelemetry.streams.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
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
 * <p>PROXY outage of (proxy, class), for a real proxy (not DIRECT) that endpoints at several sites use: the site
 * condition of (that proxy, the class) holds at &gt;= 2 sites, and over every active endpoint that uses the proxy,
 * wherever it is, affected &gt;= minAffected and affected / active &gt;= openRatio. It must hold for the settle (arrival
 * time) before it opens, as a site's condition does. One alert per outage: scope FLEET for readers of the first schema,
 * {@code outageScope} PROXY, the proxy in {@code proxy}, site null, every site with endpoints affected through the
 * proxy listed. It stays open while that ratio is &gt;= closeRatio (hysteresis), resolves after resolveAfter below
 * it, or at once when nothing is affected through the proxy any more; flapping as for any outage. Why a rule of its
 * own: hub-and-spoke networks send several branch sites through one regional proxy, and when it fails, the same class
 * at several sites is that proxy, not the vendor's cloud, which is what FLEET would have said.
 *
 * <p>FLEET counts only what no proxy outage explains: a site's holding path (a proxy, or DIRECT at that site) whose
 * proxy outage of the class is open or whose proxy condition holds is left out, and FLEET opens only when the sites
 * left reach the cloud through at least 2 different paths. A proxy shared by the failing sites therefore never makes a
 * FLEET alert: it is a PROXY outage, or, when too few of the proxy's endpoints fail, SITE alerts. The other way
 * round, failures concentrate on a proxy only when the class does not fail across the fleet anyway: when the paths
 * that are not candidate proxies make a FLEET outage on their own (a cloud slowdown reaches every path, a hub among
 * them), no PROXY outage opens and the FLEET alert lists the hub's sites too.
 *
 * <p>Inhibition: while a PROXY alert of (proxy, class) is open, site candidates of that proxy and class are swallowed
 * and promoted when it resolves, as for FLEET below. While a FLEET alert of a class is open, site candidates of that
 * class are swallowed, their later UPDATEs and RESOLVED too. A site alert already published when the fleet alert
 * opens stays and resolves normally. When the fleet alert resolves, a swallowed site alert whose site still holds
 * the condition is published (OPEN with its latest figures), and so is any other swallowed one whose next UPDATE
 * arrives while no fleet alert of its class is open: a site left in trouble after a fleet outage must not stay
 * invisible.
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
    /** The proxy value of endpoints that connect without one: each site's own path, never shared. */
    private static final String DIRECT = "DIRECT";

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
                    (inhibited(state, snapshot) ? state.getSwallowed() : state.getHeld()).put(id, hold);
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
                        if (!inhibited(state, snapshot)) {
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
        List<ConnectivityAlert> out = new ArrayList<>();
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
        // proxies first: what a shared proxy explains is not a FLEET outage. But failures concentrate on a proxy only
        // when the class does not fail across the fleet anyway: when the paths that are not candidate proxies make a
        // FLEET outage on their own (a cloud slowdown reaches every path, a hub among them), it is the cloud's
        TreeMap<String, ProxyMeasure> measures = measureProxies(state, params);
        Set<String> candidates = new HashSet<>();
        measures.forEach((key, m) -> {
            if (m.opening() || proxyOpen(state, m.proxy(), m.errorClass())) {
                candidates.add(key);
            }
        });
        Set<ErrorClass> fleetWide = new HashSet<>();
        for (ErrorClass errorClass : classes) {
            if (fleetOpen(state, errorClass)
                    || fleetOpening(holdingPaths(state, errorClass, candidates), activeSites, params)) {
                fleetWide.add(errorClass);
            }
        }
        Set<String> explained = stepProxies(state, measures, fleetWide, t, wall, params, out);
        for (ErrorClass errorClass : classes) {
            Map<SiteEntry, Set<String>> holdingPaths = holdingPaths(state, errorClass, explained);
            List<SiteEntry> holding = new ArrayList<>(holdingPaths.keySet());
            int n = holding.size();
            boolean opening = fleetOpening(holdingPaths, activeSites, params);
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
                swallowHeld(state, h -> errorClass.name().equals(h.errorClass()));
            } else if (wasOpen && track.getAlert() == null) {
                out.addAll(promoteSwallowed(
                        state,
                        h -> errorClass.name().equals(h.errorClass()),
                        e -> e.summary().holds(errorClass)));
            }
        }
        state.getOutages().values().removeIf(track -> track.idleAt(t, params));
        state.getProxyOutages().values().removeIf(track -> track.idleAt(t, params));
        out.addAll(release(state, t, wall, params));
        return out;
    }

    /**
     * The paths through which a site holds a class that no proxy outage explains: each proxy whose site condition holds
     * (DIRECT counts as the site's own path), or, when the class holds with no proxy holding it (SILENT, or a summary
     * of an earlier version without proxies), the site itself.
     */
    private static Set<String> unexplainedPaths(SiteSummary summary, ErrorClass errorClass, Set<String> explained) {
        Set<String> paths = new HashSet<>();
        if (!summary.holds(errorClass)) {
            return paths;
        }
        boolean anyProxy = false;
        for (Map.Entry<String, ProxySummary> p : summary.proxies().entrySet()) {
            if (!p.getValue().holds(errorClass)) {
                continue;
            }
            anyProxy = true;
            if (!explained.contains(proxyKey(p.getKey(), errorClass))) {
                paths.add(DIRECT.equals(p.getKey()) ? "direct@" + summary.site() : "proxy " + p.getKey());
            }
        }
        if (!anyProxy) {
            paths.add("site " + summary.site());
        }
        return paths;
    }

    /**
     * The sites that hold a class through a path no key in {@code explained} explains, with those paths (in site
     * order).
     */
    private static Map<SiteEntry, Set<String>> holdingPaths(
            FleetState state, ErrorClass errorClass, Set<String> explained) {
        Map<SiteEntry, Set<String>> out = new java.util.LinkedHashMap<>();
        for (SiteEntry e : state.getSites().values()) {
            Set<String> unexplained = unexplainedPaths(e.summary(), errorClass, explained);
            if (!unexplained.isEmpty()) {
                out.put(e, unexplained);
            }
        }
        return out;
    }

    /**
     * The FLEET opening condition: enough sites, and at least 2 different paths among them (the same class at
     * several sites means the cloud or the internet path only when the paths differ).
     */
    private static boolean fleetOpening(
            Map<SiteEntry, Set<String>> holdingPaths, int activeSites, DetectionParams params) {
        Set<String> paths = new HashSet<>();
        holdingPaths.values().forEach(paths::addAll);
        int n = holdingPaths.size();
        return paths.size() >= 2
                && (n >= params.fleetMinSites() || (n >= 2 && n >= params.fleetSiteRatio() * activeSites));
    }

    /** What one evaluation measured for a (proxy, class) across the sites that use the proxy. */
    private record ProxyMeasure(
            String proxy, ErrorClass errorClass, OutageFigures figures, int holdingSites, boolean opening) {}

    /** Measures every (proxy, class) a site reports failures of, and every one with a track (see the class comment). */
    private static TreeMap<String, ProxyMeasure> measureProxies(FleetState state, DetectionParams params) {
        TreeSet<String> keys = new TreeSet<>(state.getProxyOutages().keySet());
        // the sites behind each proxy, in the sites' order, from one pass over the sites: a pass over every site for
        // each (proxy, class) was quadratic in a fleet whose sites each have a proxy of their own (1,000 sites with a
        // failing class each: a million lookups per evaluation; an idle instance holding 100,000 endpoints spent a
        // tenth less CPU without them, 7.54 % of a core instead of 8.37)
        Map<String, List<SiteEntry>> sitesOf = new HashMap<>();
        for (SiteEntry e : state.getSites().values()) {
            for (Map.Entry<String, ProxySummary> p : e.summary().proxies().entrySet()) {
                sitesOf.computeIfAbsent(p.getKey(), k -> new ArrayList<>()).add(e);
                if (!DIRECT.equals(p.getKey())) {
                    p.getValue().classes().keySet().forEach(c -> keys.add(proxyKey(p.getKey(), c)));
                }
            }
        }
        TreeMap<String, ProxyMeasure> out = new TreeMap<>();
        for (String key : keys) {
            int bar = key.lastIndexOf('|');
            String proxy = key.substring(0, bar);
            ErrorClass errorClass = ErrorClass.valueOf(key.substring(bar + 1));
            int active = 0;
            int holdingSites = 0;
            List<String> sites = new ArrayList<>();
            List<ClassSummary> failing = new ArrayList<>();
            List<Long> received = new ArrayList<>();
            for (SiteEntry e : sitesOf.getOrDefault(proxy, List.of())) {
                ProxySummary p = e.summary().proxies().get(proxy);
                active += p.active();
                ClassSummary c = p.classes().get(errorClass);
                if (c == null || (c.affected() == 0 && !c.holds())) {
                    continue;
                }
                sites.add(e.summary().site());
                failing.add(c);
                received.add(e.receivedAt());
                if (c.holds()) {
                    holdingSites++;
                }
            }
            OutageFigures figures = figures(failing, received, sites, active, params);
            boolean opening = holdingSites >= 2
                    && figures.affected() >= params.minAffected()
                    && figures.ratio() >= params.openRatio();
            out.put(key, new ProxyMeasure(proxy, errorClass, figures, holdingSites, opening));
        }
        return out;
    }

    /**
     * Steps the PROXY outages (see the class comment) and adds what they publish to {@code out}; returns the keys
     * ({@code proxy|CLASS}) a proxy outage explains: open, or its condition holds (also while it settles, so that no
     * FLEET alert opens in the meantime for what is about to be a proxy's). A class in {@code fleetWide} opens no
     * proxy outage; one already open is held, not news.
     */
    private static Set<String> stepProxies(
            FleetState state,
            TreeMap<String, ProxyMeasure> measures,
            Set<ErrorClass> fleetWide,
            long t,
            Long wall,
            DetectionParams params,
            List<ConnectivityAlert> out) {
        Set<String> explained = new HashSet<>();
        for (Map.Entry<String, ProxyMeasure> m : measures.entrySet()) {
            String key = m.getKey();
            String proxy = m.getValue().proxy();
            ErrorClass errorClass = m.getValue().errorClass();
            OutageFigures figures = m.getValue().figures();
            OutageTrack track = state.getProxyOutages().computeIfAbsent(key, k -> proxyTrack(proxy, errorClass));
            boolean wasOpen = track.getAlert() != null;
            OutageCondition condition;
            if (m.getValue().opening()) {
                if (!fleetWide.contains(errorClass)) {
                    condition = OutageCondition.OPENING;
                } else {
                    condition = wasOpen ? OutageCondition.HOLDING : OutageCondition.CALM;
                }
            } else if (!wasOpen) {
                condition = OutageCondition.CALM;
            } else if (figures.affected() > 0 && figures.ratio() >= params.closeRatio()) {
                condition = OutageCondition.HOLDING;
            } else {
                condition = figures.affected() == 0 ? OutageCondition.RECOVERED : OutageCondition.CALM;
            }
            // the settle, in arrival time, as for a site's condition: a backlog's other parts (the healthy endpoints
            // behind the proxy at another site) may still lower the ratio
            Long openAt = SiteRules.admit(track, condition, t, wall, true, params);
            if (wasOpen || openAt != null) {
                AlertLifecycle.step(track, condition, figures, t, openAt == null ? t : openAt, params)
                        .ifPresent(out::add);
            }
            boolean open = track.getAlert() != null;
            if (open || condition == OutageCondition.OPENING) {
                explained.add(key);
            }
            Predicate<AlertSnapshot> ofProxy =
                    h -> proxy.equals(h.proxy()) && errorClass.name().equals(h.errorClass());
            if (!wasOpen && open) {
                swallowHeld(state, ofProxy);
            } else if (wasOpen && !open) {
                out.addAll(promoteSwallowed(state, ofProxy, e -> {
                    ProxySummary p = e.summary().proxies().get(proxy);
                    return p != null && p.holds(errorClass);
                }));
            }
        }
        return explained;
    }

    private static OutageTrack proxyTrack(String proxy, ErrorClass errorClass) {
        OutageTrack track = new OutageTrack(AlertScope.FLEET, null, proxy, errorClass);
        track.setProxyWide(true);
        return track;
    }

    static String proxyKey(String proxy, ErrorClass errorClass) {
        return proxy + "|" + errorClass.name();
    }

    /** Whether a PROXY alert of this proxy and class is open (site alerts of both are then inhibited). */
    public static boolean proxyOpen(FleetState state, String proxy, ErrorClass errorClass) {
        if (proxy == null) {
            return false;
        }
        OutageTrack track = state.getProxyOutages().get(proxyKey(proxy, errorClass));
        return track != null && track.getAlert() != null;
    }

    /** Whether a site alert is inhibited: a FLEET alert of its class, or a PROXY alert of its proxy and class, is open. */
    private static boolean inhibited(FleetState state, AlertSnapshot alert) {
        ErrorClass errorClass = ErrorClass.valueOf(alert.errorClass());
        return fleetOpen(state, errorClass) || proxyOpen(state, alert.proxy(), errorClass);
    }

    /** A PROXY outage waits to open: the site alerts of its proxy and class are held until it decides. */
    private static boolean proxyPending(FleetState state, AlertSnapshot alert) {
        if (alert.proxy() == null) {
            return false;
        }
        OutageTrack track =
                state.getProxyOutages().get(proxyKey(alert.proxy(), ErrorClass.valueOf(alert.errorClass())));
        return track != null && track.getAlert() == null && track.getPendingSince() != null;
    }

    /**
     * PROXY figures: sums over the sites whose endpoints fail through the proxy, the active count over every site
     * that uses it; firstSeen the earliest of their site outages' open times, lastSeen the latest summary received;
     * what the active probe says, summed over those sites ({@link ProbeFigures#sum}).
     */
    private static OutageFigures figures(
            List<ClassSummary> failing, List<Long> received, List<String> sites, int active, DetectionParams params) {
        int affected = 0;
        TreeSet<String> sample = new TreeSet<>();
        TreeSet<String> hosts = new TreeSet<>();
        TreeSet<String> products = new TreeSet<>();
        Map<String, Integer> codes = new TreeMap<>();
        Long first = null;
        Long last = null;
        for (int i = 0; i < failing.size(); i++) {
            ClassSummary c = failing.get(i);
            affected += c.affected();
            sample.addAll(c.sampleEndpoints());
            hosts.addAll(c.targetHosts());
            products.addAll(c.products());
            if (c.errorCode() != null) {
                codes.merge(c.errorCode(), Math.max(1, c.affected()), Integer::sum);
            }
            if (c.since() != null) {
                first = first == null ? c.since() : Math.min(first, c.since());
            }
            last = last == null ? received.get(i) : Math.max(last, received.get(i));
        }
        return new OutageFigures(
                affected,
                active,
                dominant(codes),
                sample.stream().limit(params.sampleSize()).toList(),
                hosts.stream().limit(params.maxTrackedHosts()).toList(),
                List.copyOf(products),
                sites,
                first == null ? last : first,
                last,
                ProbeFigures.sum(failing.stream().map(ClassSummary::probe).toList()));
    }

    private static String dominant(Map<String, Integer> codes) {
        String code = null;
        int best = 0;
        for (Map.Entry<String, Integer> c : codes.entrySet()) {
            if (c.getValue() > best) {
                code = c.getKey();
                best = c.getValue();
            }
        }
        return code;
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
        List<ClassSummary> failing = new ArrayList<>(holding.size());
        List<Long> received = new ArrayList<>(holding.size());
        List<String> sites = new ArrayList<>(holding.size());
        int active = 0;
        for (SiteEntry e : holding) {
            ClassSummary c = e.summary().classes().get(errorClass);
            failing.add(c);
            received.add(e.receivedAt());
            sites.add(e.summary().site());
            active += c.active();
        }
        return figures(failing, received, sites, active, params);
    }

    private static void swallowHeld(FleetState state, Predicate<AlertSnapshot> inhibitedNow) {
        state.getHeld().entrySet().removeIf(e -> {
            if (!inhibitedNow.test(e.getValue().latest())) {
                return false;
            }
            state.getSwallowed().put(e.getKey(), e.getValue());
            return true;
        });
    }

    /**
     * Publishes the swallowed site alerts an outage that just resolved inhibited ({@code ofOutage}) whose site still
     * holds ({@code stillHolds}) and that no other open outage inhibits.
     */
    private static List<ConnectivityAlert> promoteSwallowed(
            FleetState state, Predicate<AlertSnapshot> ofOutage, Predicate<SiteEntry> stillHolds) {
        List<ConnectivityAlert> out = new ArrayList<>();
        // copy the keys, not the entries: TreeMap reuses entry objects when it removes one
        for (String id : new ArrayList<>(state.getSwallowed().keySet())) {
            HeldSiteAlert swallowed = state.getSwallowed().get(id);
            AlertSnapshot latest = swallowed.latest();
            SiteEntry site = state.getSites().get(latest.site());
            if (ofOutage.test(latest) && site != null && stillHolds.test(site) && !inhibited(state, latest)) {
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
            if (proxyPending(state, held.latest())) {
                // a proxy outage of its proxy and class is settling: it may swallow this alert in a moment
                continue;
            }
            state.getHeld().remove(id);
            if (inhibited(state, held.latest())) {
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
