package org.fleettelemetry.streams.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * One endpoint's status, as the endpoint-state store (keyed by endpointId) holds it within each endpoint's value and the query API shows it.
 * Immutable and pure: {@link #apply} gives the next value, {@link #at} the state as of a later time (an endpoint
 * that stopped reporting turns SILENT without any event).
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

    /** The status after one observation of the endpoint ({@code previous} null for the first one). */
    public static EndpointStatus apply(EndpointStatus previous, Observation o, long now, DetectionParams params) {
        long at = Math.min(o.eventTime(), now);
        boolean newest = previous == null || at >= previous.lastEvent;
        String site = newest || previous.site == null ? o.site() : previous.site;
        String proxy = newest || previous.proxy == null ? o.proxy() : previous.proxy;
        String product = newest && !o.product().isEmpty() || previous == null ? o.product() : previous.product;
        long lastEvent = previous == null ? at : Math.max(previous.lastEvent, at);
        long lastFailure = previous == null ? Times.NEVER : previous.lastFailure;
        String lastErrorCode = previous == null ? null : previous.lastErrorCode;
        ErrorClass lastErrorClass = previous == null ? null : previous.lastErrorClass;
        long lastHealthy = previous == null ? Times.NEVER : previous.lastHealthy;
        long lastLookupOk = previous == null ? Times.NEVER : previous.lastLookupOk;
        long stickySince = previous == null ? Times.NEVER : previous.stickySince;
        if (o.type() == ObservationType.HEALTHY) {
            lastHealthy = Math.max(lastHealthy, at);
            if (o.isLookupOk()) {
                lastLookupOk = Math.max(lastLookupOk, at);
            }
        } else if (o.type() == ObservationType.FAILURE && at >= lastFailure) {
            lastFailure = at;
            lastErrorCode = o.errorCode();
            lastErrorClass = o.errorClass();
            if (o.sticky()) {
                stickySince = at;
            } else if (o.errorClass() == ErrorClass.CLOUD_LOOKUP) {
                // a newer lookup failure that is logged again replaces the "suppressed" one; it ages out normally
                stickySince = Times.NEVER;
            }
        }
        // the sticky failure is a lookup failure: only a fast lookup ends it
        if (Times.happened(stickySince) && lastLookupOk > stickySince) {
            stickySince = Times.NEVER;
        }
        EndpointStatus next = new EndpointStatus(
                // the previous status's id when it is the same: one String per endpoint kept, not one per event
                previous != null && previous.endpointId().equals(o.endpointId())
                        ? previous.endpointId()
                        : o.endpointId(),
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
                EndpointState.HEALTHY);
        return next.at(now, params);
    }

    /** This status with its state as of {@code now}: SILENT, FAILING or HEALTHY as {@link EndpointTrack} decides. */
    public EndpointStatus at(long now, DetectionParams params) {
        EndpointState computed;
        if (now - lastEvent > params.activeWindowMs()) {
            computed = EndpointState.SILENT;
        } else if (Times.happened(stickySince) || failingAt(now, params)) {
            computed = EndpointState.FAILING;
        } else {
            computed = EndpointState.HEALTHY;
        }
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

    private boolean failingAt(long now, DetectionParams params) {
        if (!Times.happened(lastFailure)) {
            return false;
        }
        FailureMark mark = new FailureMark(lastFailure, lastErrorCode, null, false);
        long healed = lastErrorClass != null && lastErrorClass.clearedOnlyByLookup() ? lastLookupOk : lastHealthy;
        return mark.countsAt(now, healed, lastErrorClass, params);
    }
}
