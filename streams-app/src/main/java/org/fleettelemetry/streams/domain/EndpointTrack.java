package org.fleettelemetry.streams.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;

/**
 * What the site rules remember about one endpoint: the latest failure per class, the latest healthy contact, the
 * latest sign of life. Immutable; {@link #observe} returns the next value (the endpoint stage keeps a
 * {@link LiveTrack} instead, changed in place, and gives the site stage its snapshots).
 *
 * @param lastHealthy latest proven healthy cloud contact, {@link Times#NEVER} if none seen
 * @param lastLookupOk latest fast cloud lookup, {@link Times#NEVER} if none seen
 * @param failures latest failure per class
 * @param probe the latest result of the collector's active probe, null when the endpoint never probed (a collector
 *     before the probe); a probe also counts as a failure or a healthy contact above, this keeps what the alert says
 *     of it (whether the probe confirms the endpoint's failure, and at which step)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EndpointTrack(
        String endpointId,
        String proxy,
        String product,
        long lastSeen,
        long lastHealthy,
        long lastLookupOk,
        SortedMap<ErrorClass, FailureMark> failures,
        ProbeMark probe)
        implements TrackView {

    public EndpointTrack {
        Objects.requireNonNull(endpointId, "endpointId");
        failures = FailureMarks.of(failures);
    }

    /** A track without probe results. */
    public EndpointTrack(
            String endpointId,
            String proxy,
            String product,
            long lastSeen,
            long lastHealthy,
            long lastLookupOk,
            SortedMap<ErrorClass, FailureMark> failures) {
        this(endpointId, proxy, product, lastSeen, lastHealthy, lastLookupOk, failures, null);
    }

    /** This track with {@code id} as its id, which must equal the id it has (an instance of the same String). */
    public EndpointTrack withEndpointId(String id) {
        if (!id.equals(endpointId)) {
            throw new IllegalArgumentException("another endpoint's id: " + id + " for " + endpointId);
        }
        return id == endpointId
                ? this
                : new EndpointTrack(id, proxy, product, lastSeen, lastHealthy, lastLookupOk, failures, probe);
    }

    /**
     * The track after one observation ({@link LiveTrack#observe}: the rules are written once). Event times after
     * {@code now} are taken as {@code now}.
     */
    public static EndpointTrack observe(EndpointTrack previous, Observation o, long now) {
        LiveTrack next = previous == null ? LiveTrack.before(o, now) : LiveTrack.of(previous);
        next.observe(o, now);
        return next.snapshot();
    }

    @Override
    public int failureMask() {
        return ((FailureMarks) failures).mask();
    }

    @Override
    public long failureAt(ErrorClass c) {
        return failures.get(c).at();
    }

    @Override
    public String failureCode(ErrorClass c) {
        return failures.get(c).errorCode();
    }

    @Override
    public String failureHost(ErrorClass c) {
        return failures.get(c).targetHost();
    }

    @Override
    public boolean failureSticky(ErrorClass c) {
        return failures.get(c).sticky();
    }

    /**
     * Whether the latest probe confirms that this endpoint fails with {@code errorClass}: it failed with that class.
     * Asked only of endpoints affected by that class, so a probe failure that a later healthy contact healed never
     * confirms anything.
     */
    public boolean probeConfirms(ErrorClass errorClass) {
        return probe != null && probe.failed() == errorClass;
    }

    /** Active and failing for this class (see {@link FailureMark#countsAt}). */
    public boolean affectedAt(ErrorClass errorClass, long now, DetectionParams params) {
        FailureMark mark = failures.get(errorClass);
        return mark != null && activeAt(now, params) && mark.countsAt(now, healedAt(errorClass), errorClass, params);
    }

    /** SILENT when not active, FAILING when any class still counts, else HEALTHY. */
    public EndpointState stateAt(long now, DetectionParams params) {
        if (!activeAt(now, params)) {
            return EndpointState.SILENT;
        }
        for (Map.Entry<ErrorClass, FailureMark> e : failures.entrySet()) {
            if (e.getValue().countsAt(now, healedAt(e.getKey()), e.getKey(), params)) {
                return EndpointState.FAILING;
            }
        }
        return EndpointState.HEALTHY;
    }
}
