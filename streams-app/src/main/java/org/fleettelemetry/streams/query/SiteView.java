package org.fleettelemetry.streams.query;

import java.time.Instant;
import java.util.List;
import org.fleettelemetry.streams.domain.AlertSnapshot;

/**
 * One site now: its tracked endpoints split by state as of the wall clock (active = seen within the active window,
 * failing among them, silent = not seen within it), when its rules last ran, and its open outages
 * ({@code outagesPartial} when an instance could not say which are open).
 */
public record SiteView(
        String site,
        int endpoints,
        int active,
        int failing,
        int silent,
        Instant evaluatedAt,
        List<AlertSnapshot> openOutages,
        boolean outagesPartial) {

    public SiteView {
        openOutages = openOutages == null ? List.of() : List.copyOf(openOutages);
    }

    public SiteView withOutages(List<AlertSnapshot> outages, boolean partial) {
        return new SiteView(site, endpoints, active, failing, silent, evaluatedAt, outages, partial);
    }
}
