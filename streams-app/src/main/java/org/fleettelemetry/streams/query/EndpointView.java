package org.fleettelemetry.streams.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One endpoint's status, its state computed as of the wall clock, and the latest result of the collector's active probe
 * ({@code lastProbe}; absent when the endpoint never probed).
 */
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
        Instant stickySince,
        Probe lastProbe) {

    /**
     * The latest probe result: {@code verdict} OK or the class it failed with, the failing step, the HTTP status of the
     * failing answer, the TLS issuer it found.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Probe(Instant at, String verdict, String failedStep, Integer httpStatus, String tlsIssuer) {}
}
