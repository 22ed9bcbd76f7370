package org.fleettelemetry.streams.query;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
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

    /**
     * The endpoint state a site's endpoints are filtered by, as the API takes it (any case); null when absent. Here,
     * not in http/, so that the API's layer knows the query layer's words only.
     */
    public static EndpointState state(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            return EndpointState.valueOf(raw.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadParameterException(
                    "state", "must be one of " + Arrays.toString(EndpointState.values()) + ", got '" + raw + "'");
        }
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
