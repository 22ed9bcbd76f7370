package org.fleettelemetry.collector.sim;

import java.time.Duration;

/**
 * A scripted trouble in the simulated fleet, from {@code start} to {@code end} after the simulation began.
 *
 * @param site the site it hits (null: every site; for TLS_INSPECTION every site that uses the proxy)
 * @param proxy the proxy it hits (null: every proxy of the site)
 * @param endpoint the one endpoint it hits (FLAKY_HOST only)
 */
public record Incident(Kind kind, String site, String proxy, String endpoint, Duration start, Duration end) {
    public enum Kind {
        /** The proxy's name stops resolving: curl 5 triplets. */
        PROXY_DNS,
        /** A firewall drops *.fsapi.com: curl 28 triplets and WinSocket wait 258 to doorman.sc.fsapi.com. */
        FIREWALL,
        /** The cloud answers slowly everywhere: ORSP queries take seconds, some fail. */
        CLOUD_SLOW,
        /** One host fails now and then (curl 7) while its site is healthy. */
        FLAKY_HOST,
        /**
         * A proxy inspects TLS with a certificate the clients do not trust (curl 60): the hub proxy several sites
         * share (site null: at every site, for the endpoints behind it).
         */
        TLS_INSPECTION
    }

    public boolean activeAt(Duration elapsed) {
        return elapsed.compareTo(start) >= 0 && elapsed.compareTo(end) < 0;
    }

    public boolean hits(SimEndpoint e) {
        return switch (kind) {
            case FLAKY_HOST -> e.id().equals(endpoint);
            case CLOUD_SLOW -> site == null || site.equals(e.site());
            default -> (site == null || e.site().equals(site)) && (proxy == null || proxy.equals(e.proxy()));
        };
    }
}
