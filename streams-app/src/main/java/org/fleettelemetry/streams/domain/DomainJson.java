package org.fleettelemetry.streams.domain;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The Jackson mapper for the domain's state classes ({@link SiteState}, {@link FleetState}, {@link EndpointStatus},
 * {@link SiteSummary}). Unknown properties are ignored so that a newer state written by a newer version can still
 * be read back after a rollback.
 */
public final class DomainJson {
    private DomainJson() {}

    public static ObjectMapper mapper() {
        return JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }
}
