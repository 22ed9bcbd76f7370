package org.fleettelemetry.streams.topology;

import java.util.Objects;
import org.fleettelemetry.streams.domain.EndpointTrack;
import org.fleettelemetry.streams.domain.FailureWindow;

/**
 * What the endpoint stage sends the site stage (key: the site): an endpoint's newest track, when it changes what the
 * site rules see or before the site's copy would decide otherwise; or the failures one endpoint-stage task counted in
 * one (proxy, code, window) since its last flush. Never one record per event.
 *
 * @param urgent the track changed because of a failure or a healthy contact: evaluate the site at once (at most once
 *     a second), as the rules did per event; otherwise the next periodic evaluation takes it
 */
record SiteSignal(EndpointTrack track, boolean urgent, long windowStart, FailureWindow failures) {
    SiteSignal {
        if ((track == null) == (failures == null)) {
            throw new IllegalArgumentException("a site signal is a track or failures, exactly one");
        }
    }

    static SiteSignal track(EndpointTrack track, boolean urgent) {
        return new SiteSignal(Objects.requireNonNull(track, "track"), urgent, 0, null);
    }

    static SiteSignal failures(long windowStart, FailureWindow failures) {
        return new SiteSignal(null, false, windowStart, Objects.requireNonNull(failures, "failures"));
    }
}
