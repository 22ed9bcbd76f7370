package org.fleettelemetry.streams.domain;

/** What one observation of an endpoint says about its cloud connectivity. */
public enum ObservationType {
    /** A failure with an {@link ErrorClass}. */
    FAILURE,
    /** A proven healthy contact with the cloud (CONNECTION_OK, a fast ORSP answer). */
    HEALTHY,
    /** Any other sign of life (other log entries, heartbeats): counts the endpoint as active, says nothing else. */
    ACTIVITY
}
