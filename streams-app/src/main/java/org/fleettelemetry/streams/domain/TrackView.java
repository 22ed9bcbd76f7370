package org.fleettelemetry.streams.domain;

import java.util.Objects;
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

    /** Bit {@code ordinal} set for each class with a failure; the four accessors below answer for those only. */
    int failureMask();

    /** The time of the latest failure of {@code c}. */
    long failureAt(ErrorClass c);

    /** The code of the latest failure of {@code c}. */
    String failureCode(ErrorClass c);

    /** The backend host of the latest failure of {@code c}, null if none was named. */
    String failureHost(ErrorClass c);

    /** Whether the latest failure of {@code c} is sticky ({@link FailureMark#sticky}). */
    boolean failureSticky(ErrorClass c);

    /** Whether {@code other} holds the same failures (what {@code failures().equals(other.failures())} says). */
    default boolean sameFailures(EndpointTrack other) {
        FailureMarks marks = (FailureMarks) other.failures();
        if (marks.mask() != failureMask()) {
            return false;
        }
        for (int left = failureMask(); left != 0; left &= left - 1) {
            ErrorClass c = FailureMarks.classOf(Integer.numberOfTrailingZeros(left));
            FailureMark m = marks.get(c);
            if (m.at() != failureAt(c)
                    || m.sticky() != failureSticky(c)
                    || !Objects.equals(m.errorCode(), failureCode(c))
                    || !Objects.equals(m.targetHost(), failureHost(c))) {
                return false;
            }
        }
        return true;
    }

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
