package org.fleettelemetry.streams.domain;

import java.util.List;
import java.util.TreeSet;

/**
 * One endpoint's failures in one (proxy, code, window) that the endpoint stage counted but has not yet passed to the
 * site stage. Kept with the endpoint's state, so that a task restored after a crash sends them again; only the
 * numbers and one backend host, since it is written with every event of the endpoint (the sample messages of those
 * failures are not in what a restored task sends).
 */
public record PendingWindow(
        long start,
        String proxy,
        String errorCode,
        String errorClass,
        long count,
        long firstSeen,
        long lastSeen,
        String targetHost) {

    /** The first failure of its window. */
    static PendingWindow of(long start, Observation o) {
        return new PendingWindow(
                start,
                o.proxy(),
                FailureWindow.codeOf(o),
                o.errorClass().name(),
                1,
                o.eventTime(),
                o.eventTime(),
                o.targetHost());
    }

    boolean holds(long windowStart, Observation o) {
        return start == windowStart && proxy.equals(o.proxy()) && errorCode.equals(FailureWindow.codeOf(o));
    }

    PendingWindow plus(Observation o) {
        return new PendingWindow(
                start,
                proxy,
                errorCode,
                errorClass,
                count + 1,
                Math.min(firstSeen, o.eventTime()),
                Math.max(lastSeen, o.eventTime()),
                targetHost != null ? targetHost : o.targetHost());
    }

    /** As a window of the site's failures: this endpoint alone. */
    public FailureWindow window(String site, String endpointId) {
        return new FailureWindow(
                site,
                proxy,
                errorCode,
                errorClass,
                count,
                new TreeSet<>(List.of(endpointId)),
                false,
                firstSeen,
                lastSeen,
                targetHost == null ? null : List.of(targetHost),
                null);
    }
}
