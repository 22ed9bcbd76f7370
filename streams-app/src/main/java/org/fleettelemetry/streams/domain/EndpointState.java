package org.fleettelemetry.streams.domain;

/** The state of one endpoint as the endpoint-state store and the query API show it. */
public enum EndpointState {
    HEALTHY,
    /** Has a failure within the evaluation period (or a sticky one) and no healthy contact since. */
    FAILING,
    /** Not seen within the active window. */
    SILENT
}
