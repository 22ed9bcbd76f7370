package org.fleettelemetry.streams.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * All the endpoint stage keeps about one endpoint, in one store value (one write per event, which the store's cache
 * coalesces per commit): the status the query API shows, the track the site rules decide on, the track the site
 * stage was last given (and to which site), the byte ranges counted per log file (dedup), and the failures counted
 * since the last flush to the site stage.
 *
 * <p>Mutable: the endpoint stage changes it in place and writes it back. The status and the track are changed in
 * place too ({@link LiveStatus}, {@link LiveTrack}: objects replaced at every event were most of what G1 copied at each
 * young collection in the storm); the query API reads them from other threads, so {@link #observe} and the snapshots
 * ({@link #status()}, {@link #track()}) hold this record's monitor. Everything else is read and written by the
 * stream thread only.
 */
public final class EndpointRecord {
    private final LiveStatus status;
    /** Null before the first observation. */
    private LiveTrack track;
    /** The track the site stage was last given (immutable), null if none. */
    private EndpointTrack forwarded;

    private String forwardedSite;
    private final EndpointFiles files;
    private long pendingEpoch;
    /**
     * {@link #NO_PENDING} until the endpoint's first failure: most endpoints of a fleet never fail, and an empty list
     * of their own was 24 bytes each (2.4 MiB with 100,000 endpoints).
     */
    private List<PendingWindow> pending;

    private static final List<PendingWindow> NO_PENDING = List.of();
    /**
     * When the endpoint stage has a refresh of the site's copy queued for, {@link Long#MAX_VALUE} when none (memory
     * only: a restored task queues its refreshes again). Kept here, not in a map of the stage's: a map keyed by the
     * event's id String was a hash of a fresh String and an entry per event (6 % of the stream thread in a storm).
     */
    private long refreshAt = Long.MAX_VALUE;

    public EndpointRecord(
            EndpointStatus status,
            EndpointTrack track,
            EndpointTrack forwarded,
            String forwardedSite,
            EndpointFiles files,
            long pendingEpoch,
            List<PendingWindow> pending) {
        this.status = status == null ? new LiveStatus() : LiveStatus.of(status);
        this.track = track == null ? null : LiveTrack.of(track);
        this.forwarded = forwarded;
        this.forwardedSite = forwardedSite;
        this.files = Objects.requireNonNull(files, "files");
        this.pendingEpoch = pendingEpoch;
        // copies: the windows are counted in place, and the given ones are the caller's
        if (pending == null || pending.isEmpty()) {
            this.pending = NO_PENDING;
        } else {
            this.pending = new ArrayList<>(pending.size());
            pending.forEach(p -> this.pending.add(p.copy()));
        }
    }

    /** An endpoint seen for the first time. */
    public static EndpointRecord empty() {
        return new EndpointRecord(null, null, null, null, new EndpointFiles(), 0, List.of());
    }

    /** The status as of the last observation (a snapshot), null before the first. */
    public synchronized EndpointStatus status() {
        return status.snapshot();
    }

    /** The track as of the last observation (a snapshot), null before the first. */
    public synchronized EndpointTrack track() {
        return track == null ? null : track.snapshot();
    }

    /** Whether an observation was applied. */
    public boolean seen() {
        return status.seen();
    }

    /** The endpoint's id as its status keeps it (the first event's instance), null before the first observation. */
    public String endpointId() {
        return status.endpointId();
    }

    /** The endpoint's site as of its newest event, null before the first observation. */
    public String site() {
        return status.site();
    }

    /** The track itself, changed in place by {@link #observe} (the stream thread only), null before the first. */
    public TrackView currentTrack() {
        return track;
    }

    public EndpointTrack forwarded() {
        return forwarded;
    }

    public String forwardedSite() {
        return forwardedSite;
    }

    public EndpointFiles files() {
        return files;
    }

    public long pendingEpoch() {
        return pendingEpoch;
    }

    /**
     * The failures counted in {@link #pendingEpoch()}; stale (already flushed) when that epoch is over. Read only:
     * {@link #addPending} changes it.
     */
    public List<PendingWindow> pending() {
        return pending;
    }

    /**
     * Applies one observation to the status (as of {@code statusNow}) and the track (as of {@code trackNow}), in
     * place.
     */
    public synchronized void observe(Observation o, long statusNow, long trackNow, DetectionParams params) {
        status.apply(o, statusNow, params);
        if (track == null) {
            track = LiveTrack.before(o, trackNow);
        }
        track.observe(o, trackNow);
    }

    /** The site stage is given the track as it is now, at this site: the snapshot it is given, kept as forwarded. */
    public EndpointTrack forward(String site) {
        this.forwarded = track.snapshot();
        this.forwardedSite = site;
        return forwarded;
    }

    /** The time a refresh of the site's copy is queued for, {@link Long#MAX_VALUE} when none. */
    public long refreshAt() {
        return refreshAt;
    }

    public void refreshAt(long at) {
        this.refreshAt = at;
    }

    /** Whether the site stage's copy differs from {@link #track()} (or there is none). */
    public boolean behind() {
        return track == null || forwarded == null || !track.sameAs(forwarded);
    }

    /**
     * Counts one failure into this endpoint's pending windows of {@code epoch}; those of an earlier epoch were
     * flushed and are dropped first.
     */
    public void addPending(long epoch, long windowStart, Observation failure) {
        if (pending == NO_PENDING) {
            pending = new ArrayList<>(2);
        }
        if (pendingEpoch != epoch) {
            pending.clear();
            pendingEpoch = epoch;
        }
        for (int i = 0; i < pending.size(); i++) {
            PendingWindow p = pending.get(i);
            if (p.holds(windowStart, failure)) {
                p.add(failure);
                return;
            }
        }
        pending.add(PendingWindow.of(windowStart, failure));
    }
}
