package org.fleettelemetry.streams.domain;

import java.util.List;

/**
 * What one evaluation measured for one outage key (site+proxy+class, a site's SILENT, or a fleet class).
 *
 * @param errorCode the dominant code, null when nothing is affected
 * @param firstSeen earliest failure counted, null when nothing is affected
 * @param lastSeen latest failure counted, null when nothing is affected
 * @param probe what the active probe says of the affected endpoints; null when none of them probed
 */
record OutageFigures(
        int affected,
        int active,
        String errorCode,
        List<String> sampleEndpoints,
        List<String> targetHosts,
        List<String> products,
        List<String> sites,
        Long firstSeen,
        Long lastSeen,
        ProbeFigures probe) {

    OutageFigures(
            int affected,
            int active,
            String errorCode,
            List<String> sampleEndpoints,
            List<String> targetHosts,
            List<String> products,
            List<String> sites,
            Long firstSeen,
            Long lastSeen) {
        this(affected, active, errorCode, sampleEndpoints, targetHosts, products, sites, firstSeen, lastSeen, null);
    }

    OutageFigures {
        sampleEndpoints = List.copyOf(sampleEndpoints);
        targetHosts = List.copyOf(targetHosts);
        products = List.copyOf(products);
        sites = List.copyOf(sites);
    }

    double ratio() {
        return active == 0 ? 0.0 : (double) affected / active;
    }
}
