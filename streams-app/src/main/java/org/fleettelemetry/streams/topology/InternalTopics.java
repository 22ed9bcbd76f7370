package org.fleettelemetry.streams.topology;

/**
 * Names of the app's internal repartition topics (prefixed by Kafka Streams with the application id); the topics it
 * reads and writes are {@link org.fleettelemetry.schemas.Topics}.
 */
public final class InternalTopics {
    /**
     * Repartition by site: endpoint tracks when they change what the site sees, and failure sums per flush, so that
     * everything a site's decision needs lands in one task.
     */
    public static final String BY_SITE = "endpoint-changes-by-site";

    /** The repartition topic of the per-event topology before 0.6 (one observation per event). */
    public static final String LEGACY_BY_SITE = "observations-by-site";

    /** Site summaries and alert candidates, all under one key: the fleet view. */
    public static final String TO_FLEET = "fleet-signals";

    private InternalTopics() {}
}
