package org.fleettelemetry.streams.query;

import java.util.LinkedHashMap;
import java.util.Map;
import org.fleettelemetry.streams.domain.EndpointState;

/**
 * Arguments of the key lookups that take more than the key: a site's endpoints by state (with a limit), a site's
 * failures in a time range. Passed on as query parameters when the lookup is forwarded.
 */
public record KeyArgs(EndpointState state, int limit, TimeRange range) {
    public static final KeyArgs NONE = new KeyArgs(null, 0, null);

    public static KeyArgs endpoints(EndpointState state, int limit) {
        return new KeyArgs(state, limit, null);
    }

    public static KeyArgs failures(TimeRange range) {
        return new KeyArgs(null, 0, range);
    }

    public Map<String, String> asParameters() {
        Map<String, String> p = new LinkedHashMap<>();
        if (state != null) {
            p.put("state", state.name());
        }
        if (limit > 0) {
            p.put("limit", Integer.toString(limit));
        }
        if (range != null) {
            p.put("from", range.from().toString());
            p.put("to", range.to().toString());
        }
        return p;
    }
}
