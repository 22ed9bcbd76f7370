package org.fleettelemetry.streams.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Failures of one (site, proxy, error code) in one time window: how many, how many distinct endpoints,
 * when, which backend hosts, and a few sample messages for the operator. Distinct endpoints are kept by
 * id up to {@link #MAX_IDS}; past that the count is a lower bound and {@code endpointsCapped} says so.
 */
public record FailureWindow(
        String site,
        String proxy,
        String errorCode,
        String errorClass,
        long count,
        TreeSet<String> endpoints,
        boolean endpointsCapped,
        long firstSeen,
        long lastSeen,
        List<String> targetHosts,
        List<String> samples) {

    public static final int MAX_IDS = 10_000;
    private static final int MAX_HOSTS = 5;
    private static final int MAX_SAMPLES = 3;

    public FailureWindow {
        endpoints = endpoints == null ? new TreeSet<>() : endpoints;
        targetHosts = targetHosts == null ? List.of() : List.copyOf(targetHosts);
        samples = samples == null ? List.of() : List.copyOf(samples);
    }

    /** Distinct endpoints that failed in the window. */
    public int distinctEndpoints() {
        return endpoints.size();
    }

    /** The window after one more failure (the previous value is not changed). */
    public static FailureWindow add(FailureWindow previous, Observation o) {
        if (o.type() != ObservationType.FAILURE) {
            throw new IllegalArgumentException("only failures are counted, got " + o.type());
        }
        String code = codeOf(o);
        if (previous == null) {
            previous = new FailureWindow(o.site(), o.proxy(), code, o.errorClass().name(), 0, null, false,
                    o.eventTime(), o.eventTime(), null, null);
        }
        TreeSet<String> ids = new TreeSet<>(previous.endpoints());
        boolean capped = previous.endpointsCapped();
        if (!ids.contains(o.endpointId())) {
            if (ids.size() < MAX_IDS) {
                ids.add(o.endpointId());
            } else {
                capped = true;
            }
        }
        List<String> hosts = new ArrayList<>(previous.targetHosts());
        if (o.targetHost() != null && !hosts.contains(o.targetHost()) && hosts.size() < MAX_HOSTS) {
            hosts.add(o.targetHost());
        }
        List<String> samples = new ArrayList<>(previous.samples());
        if (o.message() != null && samples.size() < MAX_SAMPLES && !samples.contains(o.message())) {
            samples.add(o.message());
        }
        return new FailureWindow(previous.site(), previous.proxy(), previous.errorCode(), previous.errorClass(),
                previous.count() + 1, ids, capped, Math.min(previous.firstSeen(), o.eventTime()),
                Math.max(previous.lastSeen(), o.eventTime()), hosts, samples);
    }

    /**
     * The code a failure is counted under: its error code, or for a failure classified by its kind alone (the
     * collector found no code) its class in lower case, as alerts name it. Use it for {@link #key} too.
     */
    public static String codeOf(Observation o) {
        return o.errorCode() == null ? o.errorClass().name().toLowerCase(java.util.Locale.ROOT) : o.errorCode();
    }

    /** The store key: site, proxy and error code, so that one site's windows are one key range. */
    public static String key(String site, String proxy, String errorCode) {
        return site + KEY_SEPARATOR + proxy + KEY_SEPARATOR + errorCode;
    }

    /** A character that cannot occur in a site name, proxy or code. */
    public static final char KEY_SEPARATOR = '\u001f';
}
