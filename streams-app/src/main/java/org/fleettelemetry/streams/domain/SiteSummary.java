package org.fleettelemetry.streams.domain;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A site's state as the fleet stage needs it: counts, and per error class its affected count and whether the site's
 * condition holds. Contains no timestamps that move with every event, so two summaries are equal when nothing the
 * fleet cares about changed: forward it only when it differs from the last one forwarded.
 *
 * @param classes the classes with something affected or a condition holding
 * @param proxies per proxy the site's endpoints use (host:port, or DIRECT): its active count and what failed through
 *     it, so that the fleet stage can judge a proxy that several sites share ({@link FleetRules}); empty in a summary
 *     an earlier version wrote, whose holding classes then count as one path of their own for the FLEET rule
 */
public record SiteSummary(
        String site,
        int active,
        int failing,
        int silent,
        SortedMap<ErrorClass, ClassSummary> classes,
        SortedMap<String, ProxySummary> proxies) {

    public SiteSummary {
        Objects.requireNonNull(site, "site");
        classes = Collections.unmodifiableSortedMap(new TreeMap<>(classes == null ? Map.of() : classes));
        proxies = Collections.unmodifiableSortedMap(new TreeMap<>(proxies == null ? Map.of() : proxies));
    }

    public static SiteSummary empty(String site) {
        return new SiteSummary(site, 0, 0, 0, null, null);
    }

    /** Whether the site's condition holds for this class. */
    public boolean holds(ErrorClass errorClass) {
        ClassSummary c = classes.get(errorClass);
        return c != null && c.holds();
    }
}
