package org.fleettelemetry.streams.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** One endpoint's status, its state computed as of the wall clock. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EndpointView(
        String endpointId,
        String site,
        String proxy,
        String product,
        String state,
        Instant lastEvent,
        Instant lastFailure,
        String lastErrorCode,
        String lastErrorClass,
        Instant lastHealthy,
        Instant stickySince) {}
