package org.fleettelemetry.streams.domain;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One proxy at one site, as the fleet stage needs it to judge a proxy that several sites share: how many of the site's
 * active endpoints use it (the proxy's denominator is summed over every site that uses it), and per error class what
 * failed through it.
 *
 * @param active the site's active endpoints that use this proxy
 * @param classes per class, the endpoints affected through this proxy ({@link ClassSummary#active()} is this
 *     proxy's active count at the site, {@link ClassSummary#holds()} whether the site's outage of (this proxy, the
 *     class) holds, {@link ClassSummary#since()} when it opened); only classes with something affected or holding
 */
public record ProxySummary(int active, SortedMap<ErrorClass, ClassSummary> classes) {

    public ProxySummary {
        classes = Collections.unmodifiableSortedMap(new TreeMap<>(classes == null ? Map.of() : classes));
    }

    /** Whether the site's outage of this proxy and class holds. */
    public boolean holds(ErrorClass errorClass) {
        ClassSummary c = classes.get(errorClass);
        return c != null && c.holds();
    }

    /** The endpoints affected by this class through this proxy at the site. */
    public int affected(ErrorClass errorClass) {
        ClassSummary c = classes.get(errorClass);
        return c == null ? 0 : c.affected();
    }
}
