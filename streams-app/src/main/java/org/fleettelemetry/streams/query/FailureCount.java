package org.fleettelemetry.streams.query;

import java.time.Instant;
import java.util.List;

/** Failures of one proxy and error code in one window of a site. */
public record FailureCount(
        String proxy,
        String errorCode,
        String errorClass,
        Instant windowStart,
        Instant windowEnd,
        long count,
        int distinctEndpoints,
        boolean endpointsCapped,
        List<String> targetHosts,
        List<String> samples) {}
