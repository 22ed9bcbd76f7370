package org.fleettelemetry.streams.topology;

/**
 * State store names. They are part of the REST API and of the upgrade contract (changelog topics are
 * named after them): never rename one without a migration.
 */
public final class StoreNames {
    /**
     * Per endpoint, all the endpoint stage keeps: the status the query API shows (site, proxy, last event, last
     * failure, last healthy contact, state), the track for the site rules, the byte ranges counted per log file
     * (dedup) and the failures not yet flushed to the site stage.
     */
    public static final String ENDPOINT_STATE = "endpoint-state";

    /** Per endpoint-stage task: the flush epoch of its failure sums. */
    public static final String ENDPOINT_STAGE_META = "endpoint-stage-meta";

    /**
     * Stores of the per-event topology before 0.6 (a stored id per event, the status alone). Their changelog topics
     * mean the app's state is of that version: the app refuses to start on it (see LegacyStateCheck).
     */
    public static final String[] LEGACY = {"event-ids", "endpoint-status"};

    /** Per site and endpoint (key {@code site<US>endpointId}): the endpoint's activity and failures. */
    public static final String SITE_ENDPOINTS = "site-endpoints";

    /** Per site: the detector's state (endpoints' activity, outage tracks). */
    public static final String SITE_STATE = "site-state";

    /** Failures per site, proxy and error code in one-minute windows. */
    public static final String FAILURE_WINDOWS = "failure-windows";

    /** The fleet's state: latest site summaries, fleet outage tracks, held site alerts. */
    public static final String FLEET_STATE = "fleet-state";

    /**
     * The one key of {@link #FLEET_STATE} (and of the fleet stage's input): its partition holds the fleet's state and
     * every open alert.
     */
    public static final String FLEET_KEY = "fleet";

    /** Alerts published and not yet resolved, by alert id. */
    public static final String OPEN_ALERTS = "open-alerts";

    /**
     * Global (every instance has all of it): the latest action of each subject of the actions topic ({@code
     * silence/<id>}, {@code ack/<alertId>}), so every instance applies the same silences and acknowledgements and
     * answers for them.
     */
    public static final String ALERT_ACTIONS = "alert-actions";

    private StoreNames() {}
}
