package org.fleettelemetry.streams.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** One endpoint of a site as the site's rules see it, its state as of the wall clock. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SiteEndpointView(
        String endpointId,
        String proxy,
        String product,
        String state,
        Instant lastSeen,
        Instant lastHealthy,
        List<String> failingClasses) {}
