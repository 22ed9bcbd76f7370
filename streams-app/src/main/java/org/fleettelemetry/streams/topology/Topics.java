package org.fleettelemetry.streams.topology;

/** Names of the topics the app reads and writes, and of its internal repartition topics. */
public final class Topics {
    public static final String EVENTS = "fleet.endpoint-events.v1";
    public static final String HEARTBEATS = "fleet.endpoint-heartbeats.v1";
    public static final String ALERTS = "fleet.connectivity-alerts.v1";
    public static final String DEAD_LETTER = "fleet.dead-letter.v1";

    /**
     * Repartition by site: endpoint tracks when they change what the site sees, and failure sums per flush, so that
     * everything a site's decision needs lands in one task.
     */
    public static final String BY_SITE = "endpoint-changes-by-site";

    /** The repartition topic of the per-event topology before 0.6 (one observation per event). */
    public static final String LEGACY_BY_SITE = "observations-by-site";

    /** Site summaries and alert candidates, all under one key: the fleet view. */
    public static final String TO_FLEET = "fleet-signals";

    private Topics() {}
}
