package org.fleettelemetry.streams.domain;

import java.util.Map;
import java.util.Objects;

/**
 * When the site stage must be given an endpoint's newest track, so that it decides exactly as it would with every
 * event: the endpoint stage sends a track only when it changes what the site rules see, and otherwise before the
 * copy the site has would start to decide differently.
 *
 * <p>What the site rules decide on, for a track at a time t: whether it is expired and active, its proxy, and per
 * failure class whether the failure counts, whether it is healed, whether it is sticky, and the backend host it named
 * (the diagnosis names it), and what the latest active probe said (its class, step, status and issuer: whether it
 * confirms the outage; not its time). All of these are compared
 * at once ({@link #mustForward}): a difference is sent at once. Two fields only move forward in time, the last
 * sighting and each failure's time; a newer value changes nothing at once, but a copy that keeps the older one turns
 * inactive (or lets the failure age out) sooner. {@link #deadline} is the first such moment; the endpoint stage
 * sends the track before it. What only shows in an alert (each class's latest code, the product, the
 * times: an alert's first and last failure, a silent endpoint's last sighting, the dominant code among the affected)
 * reaches the site at most a quantum late ({@link Quanta}): counts and decisions are exact, those details are as of a
 * quantum ago at worst.
 */
public final class SiteView {
    private SiteView() {}

    /** Whether {@code current} must be sent now: the site's copy decides otherwise at {@code now}, or is too old. */
    public static boolean mustForward(
            EndpointTrack forwarded, TrackView current, long now, Quanta quanta, DetectionParams params) {
        if (forwarded == null) {
            return true;
        }
        if (!Objects.equals(forwarded.proxy(), current.proxy())
                || forwarded.activeAt(now, params) != current.activeAt(now, params)
                || forwarded.expiredAt(now, params) != current.expiredAt(now, params)
                || current.lastSeen() - forwarded.lastSeen() >= quanta.activityMs()
                || !((FailureMarks) forwarded.failures()).sameClasses((FailureMarks) current.failures())
                || !ProbeMark.sameVerdict(forwarded.probe(), current.probe())) {
            return true;
        }
        for (Map.Entry<ErrorClass, FailureMark> e : current.failures().entrySet()) {
            ErrorClass c = e.getKey();
            FailureMark now1 = e.getValue();
            FailureMark was = forwarded.failures().get(c);
            if (was.sticky() != now1.sticky()
                    || !Objects.equals(was.targetHost(), now1.targetHost())
                    || now1.at() - was.at() >= quanta.failureMs()
                    || was.healedBy(forwarded.healedAt(c), c) != now1.healedBy(current.healedAt(c), c)
                    || was.countsAt(now, forwarded.healedAt(c), c, params)
                            != now1.countsAt(now, current.healedAt(c), c, params)) {
                return true;
            }
        }
        return false;
    }

    /**
     * How old the site's copy of the times may be: a failure's time (an alert shows it to the minute), and the last
     * sighting (only a silent endpoint's shown last contact uses it; whether the endpoint is active is exact).
     */
    public record Quanta(long failureMs, long activityMs) {}

    /**
     * When the details that only show in alerts must be refreshed: a quantum after the copy's last sighting, when
     * they differ (a failure's code or time, the product: {@link Quanta#failureMs()}; only the last sighting:
     * {@link Quanta#activityMs()}); {@link Long#MAX_VALUE} when nothing shown differs. The last healthy contacts
     * are not shown, and whether they heal a failure is compared at once.
     */
    public static long refreshBy(EndpointTrack forwarded, TrackView current, Quanta quanta) {
        if (!forwarded.failures().equals(current.failures())
                || !Objects.equals(forwarded.product(), current.product())) {
            return forwarded.lastSeen() + quanta.failureMs();
        }
        return forwarded.lastSeen() == current.lastSeen() ? Long.MAX_VALUE : forwarded.lastSeen() + quanta.activityMs();
    }

    /**
     * The first time at which a site holding {@code forwarded} could decide otherwise than with {@code current},
     * given that they decide alike now; {@link Long#MAX_VALUE} when never.
     */
    public static long deadline(EndpointTrack forwarded, TrackView current, DetectionParams params) {
        long deadline = Long.MAX_VALUE;
        if (forwarded.lastSeen() != current.lastSeen()) {
            deadline = forwarded.lastSeen() + params.activeWindowMs();
        }

        for (Map.Entry<ErrorClass, FailureMark> e : forwarded.failures().entrySet()) {
            FailureMark was = e.getValue();
            FailureMark now1 = current.failures().get(e.getKey());
            if (now1 != null
                    && now1.at() != was.at()
                    && !was.sticky()
                    && !was.healedBy(forwarded.healedAt(e.getKey()), e.getKey())) {
                deadline = Math.min(deadline, was.at() + params.evaluationPeriodMs());
            }
        }
        return deadline;
    }
}
