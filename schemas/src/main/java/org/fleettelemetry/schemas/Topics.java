package org.fleettelemetry.schemas;

/**
 * The topics the contracts travel on, beside the .avsc files that say what each carries: the collector writes the
 * first two, the streams app reads them and writes the others. Defaults: every name can be changed by config.
 */
public final class Topics {
    /** EndpointEvent, key endpointId. */
    public static final String EVENTS = "fleet.endpoint-events.v1";
    /** EndpointHeartbeat, key endpointId. */
    public static final String HEARTBEATS = "fleet.endpoint-heartbeats.v1";
    /** ConnectivityAlert, key alertId. */
    public static final String ALERTS = "fleet.connectivity-alerts.v1";
    /**
     * AlertAction, key subject ({@code silence/<id>} or {@code ack/<alertId>}): acknowledgements and silences, written
     * by the REST API, read by every streams-app instance. Compacted, with min.compaction.lag.ms = the audit period.
     */
    public static final String ACTIONS = "fleet.alert-actions.v1";
    /** The records the streams app could not read, as they came, with the reason in headers. */
    public static final String DEAD_LETTER = "fleet.dead-letter.v1";

    private Topics() {}
}
