package org.fleettelemetry.streams.domain;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.ProbeResult;

/**
 * The latest result of the collector's active probe at one endpoint (#18): whether it failed, with which class and at
 * which step. An alert says from these how many of its affected endpoints the probe confirms.
 *
 * <p>Kept small, since every endpoint that probes has one in its track (twice: the track and the copy the site stage
 * was given): the class is an enum, the step and the TLS issuer are shared strings (a handful of distinct values in a
 * fleet), the HTTP status a plain int. The probed target is not kept: the failure's own mark has it as its host.
 *
 * @param at the probe's event time: an older probe arriving late does not replace a newer one
 * @param failed the class the probe failed with; null when it passed
 * @param step the step that failed (PROXY_RESOLVE, PROXY_CONNECT, PROXY_TUNNEL, RESOLVE, CONNECT, TLS_HANDSHAKE,
 *     HTTPS_REQUEST); null when it passed or the collector did not say
 * @param httpStatus the HTTP status of the failing answer (407 from a proxy asking for credentials), 0 when none
 * @param tlsIssuer the issuer of the certificate offered when the handshake got that far (TLS inspection), else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProbeMark(long at, ErrorClass failed, String step, int httpStatus, String tlsIssuer) {

    public ProbeMark {
        step = SharedStrings.of(step);
        tlsIssuer = SharedStrings.of(tlsIssuer);
        if (failed == null) {
            step = null;
            httpStatus = 0;
            tlsIssuer = null;
        }
    }

    public static ProbeMark passed(long at) {
        return new ProbeMark(at, null, null, 0, null);
    }

    /**
     * The probe an event reports, or null when it is not a probe result. The class is the one the event's code gives
     * ({@code failed}), so a probe counts exactly as a log line with the same code would.
     */
    static ProbeMark of(EndpointEvent event, ErrorClass failed, long at) {
        ProbeResult probe = event.getProbe();
        if (probe == null) {
            return null;
        }
        if (failed == null) {
            return passed(at);
        }
        Integer status = probe.getHttpStatus();
        return new ProbeMark(at, failed, probe.getFailedStep(), status == null ? 0 : status, probe.getTlsIssuer());
    }

    @JsonIgnore
    public boolean passedProbe() {
        return failed == null;
    }

    /** Whether two probe results say the same (their times aside): what the site rules see of a probe. */
    public static boolean sameVerdict(ProbeMark a, ProbeMark b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.failed == b.failed
                && Objects.equals(a.step, b.step)
                && a.httpStatus == b.httpStatus
                && Objects.equals(a.tlsIssuer, b.tlsIssuer);
    }

    /** The newer of two results (ties keep this one). */
    ProbeMark newer(ProbeMark other) {
        return other != null && other.at > at ? other : this;
    }

    /**
     * What the failing step found, in words for the alert: {@code PROXY_TUNNEL answered 407}, {@code TLS_HANDSHAKE:
     * certificate issued by CN=Inspect CA}; null when it passed or there is nothing to add to the step.
     */
    @JsonIgnore
    public String detail() {
        if (failed == null) {
            return null;
        }
        String where = step == null ? "the probe" : step;
        if (httpStatus != 0) {
            return where + " answered " + httpStatus;
        }
        if (tlsIssuer != null && !tlsIssuer.isBlank()) {
            return where + ": certificate issued by " + tlsIssuer;
        }
        return null;
    }
}
