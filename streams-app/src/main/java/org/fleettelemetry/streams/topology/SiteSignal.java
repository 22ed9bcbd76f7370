package org.fleettelemetry.streams.topology;

import java.util.List;
import java.util.Objects;
import org.fleettelemetry.streams.domain.EndpointTrack;
import org.fleettelemetry.streams.domain.FailureWindow;

/**
 * What the endpoint stage sends the site stage (key: the site): the newest tracks of some of the site's endpoints,
 * each one sent when it changes what the site rules see or before the site's copy would decide otherwise, gathered
 * per site for one track flush; or the failures one endpoint-stage task counted in one (proxy, code, window) since
 * its last flush. Never one record per event, nor one per endpoint.
 *
 * @param tracks the tracks, at most {@link #MAX_TRACKS} (a record stays far under the broker's message size), in
 *     the order the endpoint stage gathered them; empty for failures
 * @param urgent a track changed because of a failure or a healthy contact: evaluate the site at once (at most once a
 *     second), as the rules did per event; otherwise the next periodic evaluation takes them
 */
record SiteSignal(List<EndpointTrack> tracks, boolean urgent, long windowStart, FailureWindow failures) {
    /**
     * A track is an id, a proxy, a product, three times and a few failure marks (code, host, time): a few hundred
     * bytes at most, so a record of tracks stays far under the broker's default 1 MiB message size.
     */
    static final int MAX_TRACKS = 500;

    SiteSignal {
        tracks = List.copyOf(tracks);
        if (tracks.isEmpty() == (failures == null)) {
            throw new IllegalArgumentException("a site signal is tracks or failures, exactly one");
        }
        if (tracks.size() > MAX_TRACKS) {
            throw new IllegalArgumentException(tracks.size() + " tracks in one site signal, at most " + MAX_TRACKS);
        }
    }

    static SiteSignal track(EndpointTrack track, boolean urgent) {
        return tracks(List.of(Objects.requireNonNull(track, "track")), urgent);
    }

    static SiteSignal tracks(List<EndpointTrack> tracks, boolean urgent) {
        return new SiteSignal(tracks, urgent, 0, null);
    }

    static SiteSignal failures(long windowStart, FailureWindow failures) {
        return new SiteSignal(List.of(), false, windowStart, Objects.requireNonNull(failures, "failures"));
    }
}
