package org.fleettelemetry.streams.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * One endpoint's status, as the endpoint-state store (keyed by endpointId) holds it within each endpoint's value and the query API shows it.
 * Immutable and pure: {@link #apply} gives the next value, {@link #at} the state as of a later time (an endpoint
 * that stopped reporting turns SILENT without any event). The endpoint stage keeps a {@link LiveStatus} instead,
 * changed in place, and the query API reads its snapshots.
 *
 * <p>The times that may not have happened are {@link Times#NEVER} then (primitives: see {@link Times}).
 *
 * @param stickySince time of a sticky failure ({@code orsp:suppressed}) still in force, else {@link Times#NEVER}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EndpointStatus(
        String endpointId,
        String site,
        String proxy,
        String product,
        long lastEvent,
        long lastFailure,
        String lastErrorCode,
        ErrorClass lastErrorClass,
        long lastHealthy,
        long lastLookupOk,
        long stickySince,
        EndpointState state) {

    public EndpointStatus {
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(state, "state");
    }

    /**
     * The status after one observation of the endpoint ({@code previous} null for the first one), through
     * {@link LiveStatus#apply}: the rules are written once, and the endpoint stage applies them in place.
     */
    public static EndpointStatus apply(EndpointStatus previous, Observation o, long now, DetectionParams params) {
        LiveStatus next = previous == null ? new LiveStatus() : LiveStatus.of(previous);
        next.apply(o, now, params);
        return next.snapshot();
    }

    /** This status with its state as of {@code now}: SILENT, FAILING or HEALTHY as {@link EndpointTrack} decides. */
    public EndpointStatus at(long now, DetectionParams params) {
        EndpointState computed =
                stateAt(now, lastEvent, lastFailure, lastErrorClass, lastHealthy, lastLookupOk, stickySince, params);
        return computed == state
                ? this
                : new EndpointStatus(
                        endpointId,
                        site,
                        proxy,
                        product,
                        lastEvent,
                        lastFailure,
                        lastErrorCode,
                        lastErrorClass,
                        lastHealthy,
                        lastLookupOk,
                        stickySince,
                        computed);
    }

    /** The state of a status with these times as of {@code now}. */
    static EndpointState stateAt(
            long now,
            long lastEvent,
            long lastFailure,
            ErrorClass lastErrorClass,
            long lastHealthy,
            long lastLookupOk,
            long stickySince,
            DetectionParams params) {
        if (now - lastEvent > params.activeWindowMs()) {
            return EndpointState.SILENT;
        }
        if (Times.happened(stickySince)) {
            return EndpointState.FAILING;
        }
        if (Times.happened(lastFailure)) {
            long healed = lastErrorClass != null && lastErrorClass.clearedOnlyByLookup() ? lastLookupOk : lastHealthy;
            if (FailureMark.countsAt(lastFailure, false, now, healed, lastErrorClass, params)) {
                return EndpointState.FAILING;
            }
        }
        return EndpointState.HEALTHY;
    }
}
