package org.fleettelemetry.streams.domain;

import java.util.SortedMap;

/**
 * What the site rules read of an endpoint's track: the immutable {@link EndpointTrack} the site stage holds, or the
 * endpoint stage's {@link LiveTrack} that its events change in place. {@link SiteView} compares one with the other.
 */
public interface TrackView {
    String endpointId();

    String proxy();

    String product();

    long lastSeen();

    /** Latest proven healthy cloud contact, {@link Times#NEVER} if none seen. */
    long lastHealthy();

    /** Latest fast cloud lookup, {@link Times#NEVER} if none seen. */
    long lastLookupOk();

    /** Latest failure per class. */
    SortedMap<ErrorClass, FailureMark> failures();

    /** The latest result of the collector's active probe, null when the endpoint never probed. */
    ProbeMark probe();

    /** The last contact that can prove a failure of this class over (see {@link ErrorClass#clearedOnlyByLookup}). */
    default long healedAt(ErrorClass errorClass) {
        return errorClass.clearedOnlyByLookup() ? lastLookupOk() : lastHealthy();
    }

    /** Not seen for the endpoint retention: forget it. */
    default boolean expiredAt(long now, DetectionParams params) {
        return now - lastSeen() > params.endpointRetentionMs();
    }

    /** Seen (any observation) within the active window. */
    default boolean activeAt(long now, DetectionParams params) {
        return now - lastSeen() <= params.activeWindowMs();
    }
}
