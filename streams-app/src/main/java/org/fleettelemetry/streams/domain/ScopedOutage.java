package org.fleettelemetry.streams.domain;

import java.util.List;
import java.util.TreeSet;
import org.fleettelemetry.schemas.avro.OutageScope;

/**
 * An outage across sites (FLEET or PROXY) measured over some of its sites only, for a reader who may see only those:
 * the sums {@link FleetRules} makes for the whole outage, made again from the same latest site summaries (the fleet
 * state) over those sites alone. Affected, active, ratio, sample endpoints and target hosts are then theirs; the
 * severity, the dominant code, the cause and the times stay the whole outage's (they decide and describe it, and name
 * no site). The summaries are the latest, so these figures may be newer than the whole outage's published ones, which
 * change only by a meaningful step.
 */
public final class ScopedOutage {
    private ScopedOutage() {}

    /**
     * @param sites the outage's sites the reader may see (not empty)
     * @param inScope whether the reader may see a site: a PROXY outage's active count is over every site in scope
     *     whose endpoints use the proxy, as the whole outage's is over every site
     */
    public static AlertSnapshot within(
            AlertSnapshot alert,
            List<String> sites,
            java.util.function.Predicate<String> inScope,
            FleetState state,
            DetectionParams params) {
        ErrorClass errorClass = ErrorClass.valueOf(alert.errorClass());
        boolean proxy = alert.outageScope() == OutageScope.PROXY;
        int affected = 0;
        int active = 0;
        TreeSet<String> sample = new TreeSet<>();
        TreeSet<String> hosts = new TreeSet<>();
        for (SiteEntry e : state.getSites().values()) {
            String site = e.summary().site();
            ClassSummary c;
            if (proxy) {
                ProxySummary p = e.summary().proxies().get(alert.proxy());
                if (p == null || !inScope.test(site)) {
                    continue;
                }
                active += p.active();
                c = p.classes().get(errorClass);
                if (c == null || (c.affected() == 0 && !c.holds())) {
                    continue;
                }
            } else {
                if (!sites.contains(site)) {
                    continue;
                }
                c = e.summary().classes().get(errorClass);
                if (c == null) {
                    continue;
                }
                active += c.active();
            }
            affected += c.affected();
            sample.addAll(c.sampleEndpoints());
            hosts.addAll(c.targetHosts());
        }
        return alert.within(
                sites,
                affected,
                active,
                active == 0 ? 0.0 : (double) affected / active,
                sample.stream().limit(params.sampleSize()).toList(),
                hosts.stream().limit(params.maxTrackedHosts()).toList());
    }
}
