package org.fleettelemetry.streams.topology;

/**
 * State store names. They are part of the REST API and of the upgrade contract (changelog topics are
 * named after them): never rename one without a migration.
 */
public final class Stores {
    /** Event ids seen recently (windowed), to count a re-sent event once. */
    public static final String EVENT_IDS = "event-ids";

    /** Per endpoint: site, proxy, last event, last failure, last healthy contact, state. */
    public static final String ENDPOINT_STATUS = "endpoint-status";

    /** Per site and endpoint (key {@code site<US>endpointId}): the endpoint's activity and failures. */
    public static final String SITE_ENDPOINTS = "site-endpoints";

    /** Per site: the detector's state (endpoints' activity, outage tracks). */
    public static final String SITE_STATE = "site-state";

    /** Failures per site, proxy and error code in one-minute windows. */
    public static final String FAILURE_WINDOWS = "failure-windows";

    /** The fleet's state: latest site summaries, fleet outage tracks, held site alerts. */
    public static final String FLEET_STATE = "fleet-state";

    /** Alerts published and not yet resolved, by alert id. */
    public static final String OPEN_ALERTS = "open-alerts";

    private Stores() {}
}
