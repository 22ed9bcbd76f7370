package org.fleettelemetry.streams.query;

import java.util.List;

/** A site's endpoints in one state (or all), sorted by id, at most {@code limit}; {@code truncated} when more matched. */
public record SiteEndpoints(String site, String state, int matched, boolean truncated, List<SiteEndpointView> items) {}
