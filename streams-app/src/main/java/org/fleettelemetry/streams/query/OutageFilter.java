package org.fleettelemetry.streams.query;

import java.util.LinkedHashMap;
import java.util.Map;
import org.fleettelemetry.schemas.avro.OutageScope;
import org.fleettelemetry.schemas.avro.Severity;
import org.fleettelemetry.streams.domain.AlertSnapshot;

/**
 * Which open outages a caller wants; a null field matches everything. A site filter matches SITE and HOST outages of
 * that site and FLEET and PROXY outages that list it. The scope is the exact one ({@link AlertSnapshot#outageScope()}):
 * FLEET does not match a proxy outage across sites, whose Avro {@code scope} says FLEET for readers of the first
 * schema.
 */
public record OutageFilter(String site, OutageScope scope, Severity severity) {
    public static final OutageFilter ALL = new OutageFilter(null, null, null);

    public boolean matches(AlertSnapshot o) {
        return (site == null || site.equals(o.site()) || o.sites().contains(site))
                && (scope == null || scope == o.outageScope())
                && (severity == null || severity == o.severity());
    }

    /** The filter as query parameters, to pass it on to another instance. */
    public Map<String, String> asParameters() {
        Map<String, String> p = new LinkedHashMap<>();
        if (site != null) {
            p.put("site", site);
        }
        if (scope != null) {
            p.put("scope", scope.name());
        }
        if (severity != null) {
            p.put("severity", severity.name());
        }
        return p;
    }
}
