package org.fleettelemetry.streams.query;

import java.time.Instant;
import java.util.List;

/**
 * A site's failures in [from, to): the windows that start in that range, by proxy, code and time, and their totals by
 * proxy and code, largest first.
 */
public record FailureReport(
        String site,
        Instant from,
        Instant to,
        long windowSizeMs,
        List<FailureTotal> totals,
        List<FailureCount> windows) {}
