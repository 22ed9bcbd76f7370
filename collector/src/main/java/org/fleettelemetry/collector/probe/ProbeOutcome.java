package org.fleettelemetry.collector.probe;

import java.time.Instant;
import java.util.List;
import org.fleettelemetry.collector.config.HostPort;

/**
 * One target's probe: the steps walked up to and including the first that failed, and the verdict.
 *
 * @param proxy the proxy walked through, null when direct
 * @param failedStep the step that failed, null when the verdict is OK
 * @param curlCode the curl code the agent would have logged: the verdict's, except a TLS failure that is not about
 *     the chain or the name (35 instead of 60); null for OK
 * @param tlsIssuer the subject of the issuer of the server's certificate, once the handshake saw one
 * @param httpStatus the proxy's CONNECT status when it was not 2xx, else the HTTPS answer's status
 */
public record ProbeOutcome(
        HostPort target,
        HostPort proxy,
        Instant startedAt,
        long durationMicros,
        Verdict verdict,
        Step failedStep,
        Integer curlCode,
        String tlsIssuer,
        Integer httpStatus,
        List<StepOutcome> steps) {

    public ProbeOutcome {
        steps = List.copyOf(steps);
    }

    public boolean ok() {
        return verdict == Verdict.OK;
    }

    /** The errorCode an event carries: {@code curl:N} or {@code proxy:407}; null for OK. */
    public String errorCode() {
        if (verdict == Verdict.TLS_INSPECTION && curlCode != null) {
            return "curl:" + curlCode;
        }
        return verdict.errorCode();
    }

    /** The failed step's detail, or null. */
    public String failureDetail() {
        return steps.isEmpty() || steps.get(steps.size() - 1).ok()
                ? null
                : steps.get(steps.size() - 1).detail();
    }
}
