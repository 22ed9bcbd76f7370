package org.fleettelemetry.streams.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One error class at one site, as the fleet stage needs it.
 *
 * @param affected endpoints failing with this class (over all proxies); for SILENT the endpoints that went silent
 * @param active the denominator at the site: its active endpoints; for SILENT the active count before the drop
 * @param holds whether the site's outage condition for this class holds (opening, or open and above the keep-open
 *     level); the fleet rules count sites by it
 * @param since when the site's outage of this class opened (null when none is open); stable while it lasts
 * @param probe what the active probe says of the affected endpoints (null when none of them probed)
 */
public record ClassSummary(
        int affected,
        int active,
        boolean holds,
        String errorCode,
        List<String> sampleEndpoints,
        List<String> targetHosts,
        List<String> products,
        Long since,
        @JsonInclude(JsonInclude.Include.NON_NULL) ProbeFigures probe) {

    public ClassSummary(
            int affected,
            int active,
            boolean holds,
            String errorCode,
            List<String> sampleEndpoints,
            List<String> targetHosts,
            List<String> products,
            Long since) {
        this(affected, active, holds, errorCode, sampleEndpoints, targetHosts, products, since, null);
    }

    public ClassSummary {
        sampleEndpoints = sampleEndpoints == null ? List.of() : List.copyOf(sampleEndpoints);
        targetHosts = targetHosts == null ? List.of() : List.copyOf(targetHosts);
        products = products == null ? List.of() : List.copyOf(products);
    }
}
