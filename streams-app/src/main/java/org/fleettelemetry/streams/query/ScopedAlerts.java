package org.fleettelemetry.streams.query;

import java.util.List;
import java.util.function.Supplier;
import org.fleettelemetry.streams.domain.AlertSnapshot;
import org.fleettelemetry.streams.domain.DetectionParams;
import org.fleettelemetry.streams.domain.FleetState;
import org.fleettelemetry.streams.domain.ScopedOutage;

/**
 * An open outage as a caller with a site scope may see it. A site's outage (SITE, HOST, SILENT) is shown whole or not
 * at all. An outage across sites (FLEET, PROXY) is shown with only the sites in scope, and hidden when none is; when
 * it lost sites, its figures are those of the sites in scope ({@link ScopedOutage}), made from the fleet state kept
 * beside the open alerts (same task, same partition). Without that state (not expected: the fleet stage writes both)
 * the figures stay the whole outage's and the sample endpoints are left out, since an alert does not say which site
 * each sample is at.
 */
final class ScopedAlerts {
    private ScopedAlerts() {}

    /**
     * The outage as {@code sites} may see it, or null when it may not see it at all.
     *
     * @param fleet the fleet state of the partition the outage was read from (read only when needed; may give null)
     */
    static AlertSnapshot view(AlertSnapshot a, SiteFilter sites, Supplier<FleetState> fleet, DetectionParams params) {
        if (sites.all()) {
            return a;
        }
        if (a.site() != null) {
            return sites.allows(a.site()) ? a : null;
        }
        List<String> in = a.sites().stream().filter(sites::allows).toList();
        if (in.isEmpty()) {
            return null;
        }
        if (in.size() == a.sites().size()) {
            return a;
        }
        FleetState state = fleet.get();
        if (state != null) {
            return ScopedOutage.within(a, in, sites::allows, state, params);
        }
        return a.within(in, a.affectedEndpoints(), a.activeEndpoints(), a.ratio(), List.of(), a.targetHosts());
    }
}
