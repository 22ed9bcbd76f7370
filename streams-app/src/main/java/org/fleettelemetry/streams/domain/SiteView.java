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
        FailureMarks was = (FailureMarks) forwarded.failures();
        if (!Objects.equals(forwarded.proxy(), current.proxy())
                || forwarded.activeAt(now, params) != current.activeAt(now, params)
                || forwarded.expiredAt(now, params) != current.expiredAt(now, params)
                || current.lastSeen() - forwarded.lastSeen() >= quanta.activityMs()
                || was.mask() != current.failureMask()
                || !ProbeMark.sameVerdict(forwarded.probe(), current.probe())) {
            return true;
        }
        // the current marks through the track's accessors: the endpoint stage's track allocates nothing for them
        for (int left = current.failureMask(); left != 0; left &= left - 1) {
            ErrorClass c = FailureMarks.classOf(Integer.numberOfTrailingZeros(left));
            FailureMark w = was.get(c);
            long at = current.failureAt(c);
            boolean sticky = current.failureSticky(c);
            long healedWas = forwarded.healedAt(c);
            long healedNow = current.healedAt(c);
            if (w.sticky() != sticky
                    || !Objects.equals(w.targetHost(), current.failureHost(c))
                    || at - w.at() >= quanta.failureMs()
                    || w.healedBy(healedWas, c) != FailureMark.healedBy(at, healedNow, c)
                    || w.countsAt(now, healedWas, c, params)
                            != FailureMark.countsAt(at, sticky, now, healedNow, c, params)) {
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
        if (!current.sameFailures(forwarded) || !Objects.equals(forwarded.product(), current.product())) {
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
            ErrorClass c = e.getKey();
            if ((current.failureMask() & (1 << c.ordinal())) != 0
                    && current.failureAt(c) != was.at()
                    && !was.sticky()
                    && !was.healedBy(forwarded.healedAt(c), c)) {
                deadline = Math.min(deadline, was.at() + params.evaluationPeriodMs());
            }
        }
        return deadline;
    }
}
