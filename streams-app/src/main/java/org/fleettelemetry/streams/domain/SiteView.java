package org.fleettelemetry.streams.domain;

import java.util.Map;
import java.util.Objects;

/**
 * When the site stage must be given an endpoint's newest track, so that it decides exactly as it would with every
 * event: the endpoint stage sends a track only when it changes what the site rules see, and otherwise before the
 * copy the site has would start to decide differently.
 *
 * <p>What the site rules read of a track at a time t: whether it is expired and active, its proxy and product, and
 * per failure class whether the failure counts, whether it is healed, its code, host and stickiness. All of these are
 * compared at once ({@link #mustForward}). Two fields only move forward in time, the last sighting and each failure's
 * time; a newer value changes nothing at once, but a copy that keeps the older one turns inactive (or lets the
 * failure age out) sooner. {@link #deadline} is the first such moment; the endpoint stage sends the track before it.
 * The times themselves (an alert's first and last failure time, a silent endpoint's last sighting) reach the site at
 * most {@code quantum} late.
 */
public final class SiteView {
    private SiteView() {}

    /** Whether {@code current} must be sent now: the site's copy decides otherwise at {@code now}, or is too old. */
    public static boolean mustForward(
            EndpointTrack forwarded, EndpointTrack current, long now, long quantumMs, DetectionParams params) {
        if (forwarded == null) {
            return true;
        }
        if (!Objects.equals(forwarded.proxy(), current.proxy())
                || !Objects.equals(forwarded.product(), current.product())
                || forwarded.activeAt(now, params) != current.activeAt(now, params)
                || forwarded.expiredAt(now, params) != current.expiredAt(now, params)
                || current.lastSeen() - forwarded.lastSeen() >= quantumMs
                || !forwarded.failures().keySet().equals(current.failures().keySet())) {
            return true;
        }
        for (Map.Entry<ErrorClass, FailureMark> e : current.failures().entrySet()) {
            ErrorClass c = e.getKey();
            FailureMark now1 = e.getValue();
            FailureMark was = forwarded.failures().get(c);
            if (!Objects.equals(was.errorCode(), now1.errorCode())
                    || !Objects.equals(was.targetHost(), now1.targetHost())
                    || was.sticky() != now1.sticky()
                    || now1.at() - was.at() >= quantumMs
                    || was.healedBy(forwarded.healedAt(c), c) != now1.healedBy(current.healedAt(c), c)
                    || was.countsAt(now, forwarded.healedAt(c), c, params)
                            != now1.countsAt(now, current.healedAt(c), c, params)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first time at which a site holding {@code forwarded} could decide otherwise than with {@code current},
     * given that they decide alike now; {@link Long#MAX_VALUE} when never.
     */
    public static long deadline(EndpointTrack forwarded, EndpointTrack current, DetectionParams params) {
        long deadline = Long.MAX_VALUE;
        if (forwarded.lastSeen() != current.lastSeen()) {
            deadline = forwarded.lastSeen() + params.activeWindow().toMillis();
        }
        for (Map.Entry<ErrorClass, FailureMark> e : forwarded.failures().entrySet()) {
            FailureMark was = e.getValue();
            FailureMark now1 = current.failures().get(e.getKey());
            if (now1 != null && now1.at() != was.at() && !was.sticky()
                    && !was.healedBy(forwarded.healedAt(e.getKey()), e.getKey())) {
                deadline = Math.min(deadline, was.at() + params.evaluationPeriod().toMillis());
            }
        }
        return deadline;
    }
}
