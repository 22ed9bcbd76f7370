package org.fleettelemetry.streams.query;

import java.util.List;
import org.fleettelemetry.streams.domain.AlertSnapshot;

/**
 * One proxy across the fleet: the sites whose endpoints use it, those endpoints (tracked, active, failing: summed over
 * the sites), and the open outages that name it (a proxy outage across sites once, with its sites; the sites' own
 * outages through it). {@code partial} when an instance could not answer, so the counts or outages may be short.
 */
public record ProxyView(
        String proxy,
        List<String> sites,
        int endpoints,
        int active,
        int failing,
        List<AlertSnapshot> openOutages,
        boolean partial) {

    public ProxyView {
        sites = List.copyOf(sites);
        openOutages = List.copyOf(openOutages);
    }
}
