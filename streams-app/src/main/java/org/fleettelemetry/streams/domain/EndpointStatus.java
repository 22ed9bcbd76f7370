package org.fleettelemetry.streams.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * One endpoint's status, as the endpoint-state store (keyed by endpointId) holds it within each endpoint's value and the query API shows it.
 * Immutable and pure: {@link #apply} gives the next value, {@link #at} the state as of a later time (an endpoint
 * that stopped reporting turns SILENT without any event).
 *
 * @param stickySince time of a sticky failure ({@code orsp:suppressed}) still in force, else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EndpointStatus(
        String endpointId,
        String site,
        String proxy,
        String product,
        long lastEvent,
        Long lastFailure,
        String lastErrorCode,
        ErrorClass lastErrorClass,
        Long lastHealthy,
        Long lastLookupOk,
        Long stickySince,
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
        Long lastFailure = previous == null ? null : previous.lastFailure;
        String lastErrorCode = previous == null ? null : previous.lastErrorCode;
        ErrorClass lastErrorClass = previous == null ? null : previous.lastErrorClass;
        Long lastHealthy = previous == null ? null : previous.lastHealthy;
        Long lastLookupOk = previous == null ? null : previous.lastLookupOk;
        Long stickySince = previous == null ? null : previous.stickySince;
        if (o.type() == ObservationType.HEALTHY) {
            lastHealthy = lastHealthy == null ? at : Math.max(lastHealthy, at);
            if (o.isLookupOk()) {
                lastLookupOk = lastLookupOk == null ? at : Math.max(lastLookupOk, at);
            }
        } else if (o.type() == ObservationType.FAILURE && (lastFailure == null || at >= lastFailure)) {
            lastFailure = at;
            lastErrorCode = o.errorCode();
            lastErrorClass = o.errorClass();
            if (o.sticky()) {
                stickySince = at;
            } else if (o.errorClass() == ErrorClass.CLOUD_LOOKUP) {
                // a newer lookup failure that is logged again replaces the "suppressed" one; it ages out normally
                stickySince = null;
            }
        }
        // the sticky failure is a lookup failure: only a fast lookup ends it
        if (stickySince != null && lastLookupOk != null && lastLookupOk > stickySince) {
            stickySince = null;
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
        } else if (stickySince != null || failingAt(now, params)) {
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
        if (lastFailure == null) {
            return false;
        }
        FailureMark mark = new FailureMark(lastFailure, lastErrorCode, null, false);
        Long healed = lastErrorClass != null && lastErrorClass.clearedOnlyByLookup() ? lastLookupOk : lastHealthy;
        return mark.countsAt(now, healed, lastErrorClass, params);
    }
}
