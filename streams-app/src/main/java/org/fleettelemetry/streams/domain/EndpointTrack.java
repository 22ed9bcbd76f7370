package org.fleettelemetry.streams.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;

/**
 * What the site rules remember about one endpoint: the latest failure per class, the latest healthy contact, the
 * latest sign of life. Immutable; {@link #observe} returns the next value.
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
        ProbeMark probe) {

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
     * The track after one observation. Event times after {@code now} are taken as {@code now}: an endpoint clock
     * running ahead must not keep it active or failing for longer than it reported.
     */
    public static EndpointTrack observe(EndpointTrack previous, Observation o, long now) {
        long at = Math.min(o.eventTime(), now);
        if (previous == null) {
            previous = new EndpointTrack(o.endpointId(), o.proxy(), o.product(), at, Times.NEVER, Times.NEVER, null);
        }
        boolean newest = at >= previous.lastSeen;
        String proxy = newest ? o.proxy() : previous.proxy;
        String product = newest && !o.product().isEmpty() ? o.product() : previous.product;
        long lastSeen = Math.max(previous.lastSeen, at);
        long lastHealthy = previous.lastHealthy;
        long lastLookupOk = previous.lastLookupOk;
        SortedMap<ErrorClass, FailureMark> failures = previous.failures;
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
            failures = ((FailureMarks) failures).with(o.errorClass(), existing == null ? mark : existing.newer(mark));
        }
        ProbeMark probe = previous.probe;
        if (o.probe() != null) {
            probe = probe == null ? o.probe() : probe.newer(o.probe());
        }
        // the previous track's id: the same endpoint's, and one String per endpoint kept instead of one per event
        return new EndpointTrack(
                previous.endpointId, proxy, product, lastSeen, lastHealthy, lastLookupOk, failures, probe);
    }

    /** The last contact that can prove a failure of this class over (see {@link ErrorClass#clearedOnlyByLookup}). */
    public long healedAt(ErrorClass errorClass) {
        return errorClass.clearedOnlyByLookup() ? lastLookupOk : lastHealthy;
    }

    /**
     * Whether the latest probe confirms that this endpoint fails with {@code errorClass}: it failed with that class.
     * Asked only of endpoints affected by that class, so a probe failure that a later healthy contact healed never
     * confirms anything.
     */
    public boolean probeConfirms(ErrorClass errorClass) {
        return probe != null && probe.failed() == errorClass;
    }

    /** Not seen for the endpoint retention: forget it. */
    public boolean expiredAt(long now, DetectionParams params) {
        return now - lastSeen > params.endpointRetentionMs();
    }

    /** Seen (any observation) within the active window. */
    public boolean activeAt(long now, DetectionParams params) {
        return now - lastSeen <= params.activeWindowMs();
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
