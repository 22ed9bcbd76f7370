package org.fleettelemetry.streams.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;

/**
 * Wires several sites to the fleet stage the way the topology does: site candidates and changed summaries go to
 * the fleet rules, which alone publish.
 */
final class FleetDriver {
    final DetectionParams params;
    final FleetState fleet = new FleetState();
    final Map<String, SiteDriver> sites = new TreeMap<>();
    final Map<String, SiteSummary> forwarded = new HashMap<>();
    final List<ConnectivityAlert> candidates = new ArrayList<>();
    final List<ConnectivityAlert> published = new ArrayList<>();
    long now;

    FleetDriver(DetectionParams params, long start, String... siteNames) {
        this.params = params;
        this.now = start;
        for (String name : siteNames) {
            sites.put(name, new SiteDriver(name, params, start));
        }
    }

    SiteDriver site(String name) {
        return sites.get(name);
    }

    FleetDriver advance(Duration d) {
        now += d.toMillis();
        sites.values().forEach(s -> s.now = now);
        return this;
    }

    /** One punctuation: every site evaluates, then the fleet. Returns what was published. */
    List<ConnectivityAlert> tick() {
        List<ConnectivityAlert> out = new ArrayList<>();
        for (SiteDriver site : sites.values()) {
            List<ConnectivityAlert> siteCandidates = site.evaluate();
            candidates.addAll(siteCandidates);
            SiteSummary summary = SiteRules.summary(site.state);
            if (!summary.equals(forwarded.get(summary.site()))) {
                forwarded.put(summary.site(), summary);
                FleetRules.onSiteSummary(fleet, summary, now);
            }
            for (ConnectivityAlert candidate : siteCandidates) {
                out.addAll(FleetRules.onSiteAlert(fleet, candidate, now, params));
            }
        }
        out.addAll(FleetRules.evaluate(fleet, now, params));
        published.addAll(out);
        return out;
    }
}
