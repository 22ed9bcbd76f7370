package org.fleettelemetry.streams.query;

import java.util.List;
import org.fleettelemetry.streams.domain.AlertSnapshot;

/**
 * An open outage as a caller with a site scope may see it. A site's outage (SITE, HOST, SILENT) is shown whole or not
 * at all. An outage across sites (FLEET, PROXY) is shown with only the sites in scope, and hidden when none is; when
 * it lost sites, its sample endpoints are left out too (an alert does not say which site each sample is at), and its
 * figures (affected, active, ratio, and the severity they decide) stay those of the whole outage: the alert does not
 * carry them per site. They name no site and no endpoint.
 */
final class ScopedAlerts {
    private ScopedAlerts() {}

    /** The outage as {@code sites} may see it, or null when it may not see it at all. */
    static AlertSnapshot view(AlertSnapshot a, SiteFilter sites) {
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
        return new AlertSnapshot(
                a.alertId(),
                a.status(),
                a.revision(),
                a.severity(),
                a.scope(),
                a.site(),
                a.proxy(),
                a.errorCode(),
                a.errorClass(),
                a.cause(),
                a.affectedEndpoints(),
                a.activeEndpoints(),
                a.ratio(),
                List.of(),
                a.targetHosts(),
                in,
                a.impact(),
                a.remediation(),
                a.remediationSteps(),
                a.flapping(),
                a.firstSeen(),
                a.lastSeen(),
                a.openedAt(),
                a.resolvedAt(),
                a.outageScope());
    }
}
