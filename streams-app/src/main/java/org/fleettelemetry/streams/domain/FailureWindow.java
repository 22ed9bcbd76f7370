package org.fleettelemetry.streams.domain;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
        Tally tally = new Tally(previous != null ? previous : empty(o));
        tally.add(o);
        return tally.build();
    }

    /** A window of no failures yet, for the (site, proxy, code) of {@code o}, first and last seen at its time. */
    private static FailureWindow empty(Observation o) {
        return new FailureWindow(
                o.site(),
                o.proxy(),
                codeOf(o),
                o.errorClass().name(),
                0,
                null,
                false,
                o.eventTime(),
                o.eventTime(),
                null,
                null);
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

    /**
     * Both windows of the same (site, proxy, code, window) taken together: counts add up, distinct endpoints are the
     * union (up to {@link #MAX_IDS}), the span is the widest, and hosts and samples keep {@code a}'s first.
     */
    public static FailureWindow merge(FailureWindow a, FailureWindow b) {
        if (a == null) {
            return b;
        }
        // What a Tally of a merged with b builds, without hashing a's ids into a set and sorting them back: the site
        // stage merges each flushed sum (a few ids) into its stored window (up to MAX_IDS), and that rebuild was 3 % of
        // the stream thread in a storm (async-profiler, 2026-12-07). A TreeSet copied from a sorted set is built in
        // one pass without a comparison; b's ids then go in one by one, capped as Tally.addEndpoint caps them.
        TreeSet<String> endpoints = new TreeSet<>(a.endpoints());
        boolean capped = a.endpointsCapped() || b.endpointsCapped();
        for (String id : b.endpoints()) {
            capped |= !addCapped(endpoints, id);
        }
        return new FailureWindow(
                a.site(),
                a.proxy(),
                a.errorCode(),
                a.errorClass(),
                a.count() + b.count(),
                endpoints,
                capped,
                Math.min(a.firstSeen(), b.firstSeen()),
                Math.max(a.lastSeen(), b.lastSeen()),
                union(a.targetHosts(), b.targetHosts(), MAX_HOSTS),
                union(a.samples(), b.samples(), MAX_SAMPLES));
    }

    /** {@code first}, then those of {@code more} it lacks, up to {@code max} in all (first may already hold more). */
    private static List<String> union(List<String> first, List<String> more, int max) {
        if (more.isEmpty() || first.size() >= max) {
            return first;
        }
        List<String> all = new ArrayList<>(first);
        for (String value : more) {
            addAbsent(all, value, max);
        }
        return all;
    }

    /**
     * The cap on distinct ids, for the tally and the merge alike: adds {@code id} while the set has room; false when the
     * set is full and lacks it (the window's count of distinct endpoints is then a lower bound).
     */
    private static boolean addCapped(Set<String> ids, String id) {
        if (ids.size() < MAX_IDS) {
            ids.add(id);
            return true;
        }
        return ids.contains(id);
    }

    /** Adds {@code value} unless {@code values} has it or already holds {@code max} (hosts and samples). */
    private static void addAbsent(List<String> values, String value, int max) {
        if (values.size() < max && !values.contains(value)) {
            values.add(value);
        }
    }

    /**
     * A window being built in place: what the endpoint stage adds each failure to between two flushes, where the
     * immutable {@link #add} would copy the endpoint set per failure.
     */
    public static final class Tally {
        private final String site;
        private final String proxy;
        private final String errorCode;
        private final String errorClass;
        private long count;
        /**
         * Hashed while the tally is built (one lookup per failure: a sorted set compared ids of the same long prefix
         * down its tree: 4 % of the stream thread in a storm's first 30 s, 9 % after; async-profiler), sorted once in
         * {@link #build}. Which ids
         * are kept past {@link #MAX_IDS} does not depend on it: the first ones to arrive.
         */
        private final HashSet<String> endpoints;

        private boolean capped;
        private long firstSeen;
        private long lastSeen;
        private final List<String> hosts;
        private final List<String> samples;

        public Tally(FailureWindow from) {
            this.site = from.site();
            this.proxy = from.proxy();
            this.errorCode = from.errorCode();
            this.errorClass = from.errorClass();
            this.count = from.count();
            this.endpoints = new HashSet<>(from.endpoints());
            this.capped = from.endpointsCapped();
            this.firstSeen = from.firstSeen();
            this.lastSeen = from.lastSeen();
            this.hosts = new ArrayList<>(from.targetHosts());
            this.samples = new ArrayList<>(from.samples());
        }

        /** A tally of the one failure {@code o}, of the endpoint {@code endpointId} (see {@link #add(Observation, String)}). */
        public static Tally of(Observation o, String endpointId) {
            Tally tally = new Tally(empty(o));
            tally.add(o, endpointId);
            return tally;
        }

        /** One more failure, as {@link FailureWindow#add} counts it. */
        public void add(Observation o) {
            add(o, o.endpointId());
        }

        /**
         * One more failure, of the endpoint {@code endpointId}: the caller's long-lived String equal to {@code
         * o.endpointId()} (the endpoint stage's, whose hash is computed once), rather than the decoded event's copy,
         * which the set would hash afresh and compare by content on each repeat of an endpoint.
         */
        public void add(Observation o, String endpointId) {
            count++;
            addEndpoint(endpointId);
            firstSeen = Math.min(firstSeen, o.eventTime());
            lastSeen = Math.max(lastSeen, o.eventTime());
            if (o.targetHost() != null) {
                addAbsent(hosts, o.targetHost(), MAX_HOSTS);
            }
            if (o.message() != null) {
                addAbsent(samples, o.message(), MAX_SAMPLES);
            }
        }

        /** One lookup while the set has room; past {@link #MAX_IDS} a new id only marks the count as a lower bound. */
        private void addEndpoint(String id) {
            capped |= !addCapped(endpoints, id);
        }

        public void merge(FailureWindow w) {
            count += w.count();
            for (String id : w.endpoints()) {
                addEndpoint(id);
            }
            capped |= w.endpointsCapped();
            firstSeen = Math.min(firstSeen, w.firstSeen());
            lastSeen = Math.max(lastSeen, w.lastSeen());
            for (String host : w.targetHosts()) {
                addAbsent(hosts, host, MAX_HOSTS);
            }
            for (String sample : w.samples()) {
                addAbsent(samples, sample, MAX_SAMPLES);
            }
        }

        /** The window, with its endpoints sorted. */
        public FailureWindow build() {
            return new FailureWindow(
                    site,
                    proxy,
                    errorCode,
                    errorClass,
                    count,
                    new TreeSet<>(endpoints),
                    capped,
                    firstSeen,
                    lastSeen,
                    hosts,
                    samples);
        }
    }
}
