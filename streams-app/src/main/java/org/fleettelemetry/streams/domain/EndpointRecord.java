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
 * <p>Mutable: the endpoint stage changes it in place and writes it back; nothing else holds it.
 */
public final class EndpointRecord {
    private EndpointStatus status;
    private EndpointTrack track;
    private EndpointTrack forwarded;
    private String forwardedSite;
    private final EndpointFiles files;
    private long pendingEpoch;
    private final List<PendingWindow> pending;
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
        this.status = status;
        this.track = track;
        this.forwarded = forwarded;
        this.forwardedSite = forwardedSite;
        this.files = Objects.requireNonNull(files, "files");
        this.pendingEpoch = pendingEpoch;
        this.pending = new ArrayList<>(pending == null ? List.of() : pending);
    }

    /** An endpoint seen for the first time. */
    public static EndpointRecord empty() {
        return new EndpointRecord(null, null, null, null, new EndpointFiles(), 0, List.of());
    }

    public EndpointStatus status() {
        return status;
    }

    public EndpointTrack track() {
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

    /** The failures counted in {@link #pendingEpoch()}; stale (already flushed) when that epoch is over. */
    public List<PendingWindow> pending() {
        return pending;
    }

    public void update(EndpointStatus status, EndpointTrack track) {
        this.status = status;
        this.track = track;
    }

    /** The site stage now has {@link #track()}, at this site. */
    public void forwarded(String site) {
        this.forwarded = track;
        this.forwardedSite = site;
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
        return forwarded == null || !forwarded.equals(track);
    }

    /**
     * Counts one failure into this endpoint's pending windows of {@code epoch}; those of an earlier epoch were
     * flushed and are dropped first.
     */
    public void addPending(long epoch, long windowStart, Observation failure) {
        if (pendingEpoch != epoch) {
            pending.clear();
            pendingEpoch = epoch;
        }
        for (int i = 0; i < pending.size(); i++) {
            PendingWindow p = pending.get(i);
            if (p.holds(windowStart, failure)) {
                pending.set(i, p.plus(failure));
                return;
            }
        }
        pending.add(PendingWindow.of(windowStart, failure));
    }
}
