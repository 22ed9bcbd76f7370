package org.fleettelemetry.streams.domain;

import java.util.Objects;
import java.util.SortedMap;

/**
 * An endpoint's track as the endpoint stage keeps it: changed in place by each observation, where an
 * {@link EndpointTrack} is replaced. In the storm every endpoint has an event every 2.5 s, and a track replaced at
 * each lived through several young collections and was copied at each (G1 copied about 10 MiB of such survivors per
 * young collection, 13 of its 17 s of pauses in a storm); changed in place, it stays where it is. The site stage is
 * given {@link #snapshot}s, which are immutable.
 *
 * <p>The one implementation of the track's rules: {@link EndpointTrack#observe} applies an observation through a
 * LiveTrack too. Not thread-safe: {@link EndpointRecord} guards it.
 */
final class LiveTrack implements TrackView {
    private final String endpointId;
    private String proxy;
    private String product;
    private long lastSeen;
    private long lastHealthy;
    private long lastLookupOk;
    private FailureMarks failures;
    private ProbeMark probe;

    private LiveTrack(
            String endpointId,
            String proxy,
            String product,
            long lastSeen,
            long lastHealthy,
            long lastLookupOk,
            FailureMarks failures,
            ProbeMark probe) {
        this.endpointId = Objects.requireNonNull(endpointId, "endpointId");
        this.proxy = proxy;
        this.product = product;
        this.lastSeen = lastSeen;
        this.lastHealthy = lastHealthy;
        this.lastLookupOk = lastLookupOk;
        this.failures = failures;
        this.probe = probe;
    }

    /** A track holding what {@code t} holds. */
    static LiveTrack of(EndpointTrack t) {
        return new LiveTrack(
                t.endpointId(),
                t.proxy(),
                t.product(),
                t.lastSeen(),
                t.lastHealthy(),
                t.lastLookupOk(),
                (FailureMarks) t.failures(),
                t.probe());
    }

    /** The track of an endpoint before its first observation {@code o} is applied (see {@link #observe}). */
    static LiveTrack before(Observation o, long now) {
        long at = Math.min(o.eventTime(), now);
        return new LiveTrack(
                o.endpointId(), o.proxy(), o.product(), at, Times.NEVER, Times.NEVER, FailureMarks.EMPTY, null);
    }

    /**
     * Applies one observation. Event times after {@code now} are taken as {@code now}: an endpoint clock running
     * ahead must not keep it active or failing for longer than it reported. The id stays the first one's: the same
     * endpoint's, and one String per endpoint kept instead of one per event.
     */
    void observe(Observation o, long now) {
        long at = Math.min(o.eventTime(), now);
        boolean newest = at >= lastSeen;
        if (newest) {
            proxy = o.proxy();
        }
        if (newest && !o.product().isEmpty()) {
            product = o.product();
        }
        lastSeen = Math.max(lastSeen, at);
        if (o.type() == ObservationType.HEALTHY) {
            lastHealthy = Math.max(lastHealthy, at);
            if (o.isLookupOk()) {
                lastLookupOk = Math.max(lastLookupOk, at);
            }
        } else if (o.type() == ObservationType.FAILURE) {
            FailureMark existing = failures.get(o.errorClass());
            // a failure that names no host keeps the host an earlier one of its class named (curl 28 names none; the
            // WinSocket wait 258 of the same timeout names the doorman): the diagnosis needs it, and the site's copy
            // of the track then changes with the host, not with every other line
            String host = o.targetHost() != null || existing == null ? o.targetHost() : existing.targetHost();
            FailureMark mark = new FailureMark(at, o.errorCode(), host, o.sticky());
            failures = failures.with(o.errorClass(), existing == null ? mark : existing.newer(mark));
        }
        if (o.probe() != null) {
            probe = probe == null ? o.probe() : probe.newer(o.probe());
        }
    }

    /** This track as it is now, immutable (it shares the failures and the probe, which are). */
    EndpointTrack snapshot() {
        return new EndpointTrack(endpointId, proxy, product, lastSeen, lastHealthy, lastLookupOk, failures, probe);
    }

    /** Whether {@code t} holds what this track holds (what {@code snapshot().equals(t)} would say). */
    boolean sameAs(EndpointTrack t) {
        return t != null
                && endpointId.equals(t.endpointId())
                && Objects.equals(proxy, t.proxy())
                && Objects.equals(product, t.product())
                && lastSeen == t.lastSeen()
                && lastHealthy == t.lastHealthy()
                && lastLookupOk == t.lastLookupOk()
                && failures.equals(t.failures())
                && Objects.equals(probe, t.probe());
    }

    @Override
    public String endpointId() {
        return endpointId;
    }

    @Override
    public String proxy() {
        return proxy;
    }

    @Override
    public String product() {
        return product;
    }

    @Override
    public long lastSeen() {
        return lastSeen;
    }

    @Override
    public long lastHealthy() {
        return lastHealthy;
    }

    @Override
    public long lastLookupOk() {
        return lastLookupOk;
    }

    @Override
    public SortedMap<ErrorClass, FailureMark> failures() {
        return failures;
    }

    @Override
    public ProbeMark probe() {
        return probe;
    }
}
