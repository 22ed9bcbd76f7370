package org.fleettelemetry.streams.domain;

/**
 * An endpoint's status as the endpoint stage keeps it: changed in place by each observation, where an
 * {@link EndpointStatus} is replaced (see {@link LiveTrack} for why). The query API and the codec read
 * {@link #snapshot}s.
 *
 * <p>The one implementation of the status rules: {@link EndpointStatus#apply} goes through a LiveStatus too. Not
 * thread-safe: {@link EndpointRecord} guards it.
 */
final class LiveStatus {
    private String endpointId;
    private String site;
    private String proxy;
    private String product;
    private long lastEvent;
    private long lastFailure = Times.NEVER;
    private String lastErrorCode;
    private ErrorClass lastErrorClass;
    private long lastHealthy = Times.NEVER;
    private long lastLookupOk = Times.NEVER;
    private long stickySince = Times.NEVER;
    private EndpointState state;

    /** The status before an endpoint's first observation: nothing known ({@link #seen} false). */
    LiveStatus() {}

    /** A status holding what {@code s} holds. */
    static LiveStatus of(EndpointStatus s) {
        LiveStatus l = new LiveStatus();
        l.endpointId = s.endpointId();
        l.site = s.site();
        l.proxy = s.proxy();
        l.product = s.product();
        l.lastEvent = s.lastEvent();
        l.lastFailure = s.lastFailure();
        l.lastErrorCode = s.lastErrorCode();
        l.lastErrorClass = s.lastErrorClass();
        l.lastHealthy = s.lastHealthy();
        l.lastLookupOk = s.lastLookupOk();
        l.stickySince = s.stickySince();
        l.state = s.state();
        return l;
    }

    /** Whether an observation was applied (a status exists). */
    boolean seen() {
        return state != null;
    }

    String endpointId() {
        return endpointId;
    }

    String site() {
        return site;
    }

    /** Applies one observation of the endpoint, then sets the state as of {@code now}. */
    void apply(Observation o, long now, DetectionParams params) {
        boolean first = !seen();
        long at = Math.min(o.eventTime(), now);
        boolean newest = first || at >= lastEvent;
        if (newest || site == null) {
            site = o.site();
        }
        if (newest || proxy == null) {
            proxy = o.proxy();
        }
        if (newest && !o.product().isEmpty() || first) {
            product = o.product();
        }
        lastEvent = first ? at : Math.max(lastEvent, at);
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
        // the first id kept while the events name the same endpoint: one String per endpoint, not one per event
        if (first || !endpointId.equals(o.endpointId())) {
            endpointId = o.endpointId();
        }
        state = EndpointStatus.stateAt(
                now, lastEvent, lastFailure, lastErrorClass, lastHealthy, lastLookupOk, stickySince, params);
    }

    /** This status as it is now, immutable; null before the first observation. */
    EndpointStatus snapshot() {
        if (!seen()) {
            return null;
        }
        return new EndpointStatus(
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
                state);
    }
}
