package org.fleettelemetry.streams.domain;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The latest failure of one class at one endpoint.
 *
 * @param sticky the failure does not age out ({@code orsp:suppressed}); only a later healthy contact or a later
 *     failure of the same class replaces it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FailureMark(long at, String errorCode, String targetHost, boolean sticky) {

    /**
     * Whether this failure still makes the endpoint failing for its class: within the evaluation period (or
     * sticky) and not followed by a healthy contact that proves the class is over.
     */
    public boolean countsAt(long now, long lastHealthy, ErrorClass errorClass, DetectionParams params) {
        return countsAt(at, sticky, now, lastHealthy, errorClass, params);
    }

    /** {@link #countsAt(long, long, ErrorClass, DetectionParams)} of a failure at {@code at}. */
    static boolean countsAt(
            long at, boolean sticky, long now, long lastHealthy, ErrorClass errorClass, DetectionParams params) {
        if (healedBy(at, lastHealthy, errorClass)) {
            return false;
        }
        return sticky || now - at <= params.evaluationPeriodMs();
    }

    /**
     * Whether a healthy contact came after this failure and proves the class is over ({@link Times#NEVER} when there
     * was none: it is before every failure).
     */
    public boolean healedBy(long lastHealthy, ErrorClass errorClass) {
        return healedBy(at, lastHealthy, errorClass);
    }

    /** {@link #healedBy(long, ErrorClass)} of a failure at {@code at}. */
    static boolean healedBy(long at, long lastHealthy, ErrorClass errorClass) {
        return errorClass.clearedByCloudContact() && lastHealthy > at;
    }

    /** The newer of two marks (ties keep this one: one failure is never counted twice). */
    public FailureMark newer(FailureMark other) {
        return other != null && other.at > at ? other : this;
    }
}
