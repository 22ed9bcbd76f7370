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
    /**
     * The latest failure per class, in place: bit {@code ordinal} of {@code mask} set for each class present, and its
     * time, code and host at the class's index among those present (in ordinal order, as {@link FailureMarks}).
     * Marks replaced per failure lived as long as the tracks did.
     */
    private int mask;

    private int stickyMask;
    private long[] ats;
    private String[] codes;
    private String[] hosts;
    private ProbeMark probe;

    private static final long[] NO_TIMES = new long[0];
    private static final String[] NO_STRINGS = new String[0];

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
        this.probe = probe;
        this.mask = failures.mask();
        int n = failures.size();
        this.ats = n == 0 ? NO_TIMES : new long[n];
        this.codes = n == 0 ? NO_STRINGS : new String[n];
        this.hosts = n == 0 ? NO_STRINGS : new String[n];
        int left = mask;
        int i = 0;
        for (FailureMark m : failures.values()) {
            int bit = Integer.lowestOneBit(left);
            left &= left - 1;
            ats[i] = m.at();
            codes[i] = m.errorCode();
            hosts[i] = m.targetHost();
            if (m.sticky()) {
                stickyMask |= bit;
            }
            i++;
        }
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
            int bit = 1 << o.errorClass().ordinal();
            int i = Integer.bitCount(mask & (bit - 1));
            if ((mask & bit) == 0) {
                insert(bit, i, at, o.errorCode(), o.targetHost(), o.sticky());
            } else if (at > ats[i]) {
                // a newer failure replaces the mark (ties keep it: one failure is never counted twice); one that
                // names no host keeps the host an earlier one of its class named (curl 28 names none; the WinSocket
                // wait 258 of the same timeout names the doorman): the diagnosis needs it, and the site's copy of the
                // track then changes with the host, not with every other line
                ats[i] = at;
                codes[i] = o.errorCode();
                if (o.targetHost() != null) {
                    hosts[i] = o.targetHost();
                }
                stickyMask = o.sticky() ? stickyMask | bit : stickyMask & ~bit;
            }
        }
        if (o.probe() != null) {
            probe = probe == null ? o.probe() : probe.newer(o.probe());
        }
    }

    /** The first failure of a class: its mark goes in at index {@code i}. */
    private void insert(int bit, int i, long at, String code, String host, boolean sticky) {
        int n = ats.length;
        long[] a = new long[n + 1];
        String[] c = new String[n + 1];
        String[] h = new String[n + 1];
        System.arraycopy(ats, 0, a, 0, i);
        System.arraycopy(codes, 0, c, 0, i);
        System.arraycopy(hosts, 0, h, 0, i);
        System.arraycopy(ats, i, a, i + 1, n - i);
        System.arraycopy(codes, i, c, i + 1, n - i);
        System.arraycopy(hosts, i, h, i + 1, n - i);
        a[i] = at;
        c[i] = code;
        h[i] = host;
        ats = a;
        codes = c;
        hosts = h;
        mask |= bit;
        if (sticky) {
            stickyMask |= bit;
        }
    }

    /** This track as it is now, immutable (a copy of the failures; it shares the probe, which is immutable). */
    EndpointTrack snapshot() {
        return new EndpointTrack(endpointId, proxy, product, lastSeen, lastHealthy, lastLookupOk, marks(), probe);
    }

    private FailureMarks marks() {
        if (mask == 0) {
            return FailureMarks.EMPTY;
        }
        FailureMark[] marks = new FailureMark[ats.length];
        int left = mask;
        for (int i = 0; i < marks.length; i++) {
            int bit = Integer.lowestOneBit(left);
            left &= left - 1;
            marks[i] = new FailureMark(ats[i], codes[i], hosts[i], (stickyMask & bit) != 0);
        }
        return FailureMarks.of(mask, marks);
    }

    /** The index of class {@code c}'s mark. */
    private int index(ErrorClass c) {
        return Integer.bitCount(mask & ((1 << c.ordinal()) - 1));
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
                && sameFailures(t)
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

    /** A copy: the endpoint stage reads the marks through the accessors below, which allocate nothing. */
    @Override
    public SortedMap<ErrorClass, FailureMark> failures() {
        return marks();
    }

    @Override
    public int failureMask() {
        return mask;
    }

    @Override
    public long failureAt(ErrorClass c) {
        return ats[index(c)];
    }

    @Override
    public String failureCode(ErrorClass c) {
        return codes[index(c)];
    }

    @Override
    public String failureHost(ErrorClass c) {
        return hosts[index(c)];
    }

    @Override
    public boolean failureSticky(ErrorClass c) {
        return (stickyMask & (1 << c.ordinal())) != 0;
    }

    @Override
    public ProbeMark probe() {
        return probe;
    }
}
