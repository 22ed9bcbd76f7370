package org.fleettelemetry.collector.probe;

import java.util.ArrayList;
import java.util.List;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.EventKind;
import org.fleettelemetry.schemas.avro.LogFile;
import org.fleettelemetry.schemas.avro.ProbeResult;
import org.fleettelemetry.schemas.avro.ProbeStep;

/**
 * A probe's outcome as the EndpointEvent the contract of #18 describes: {@code logFile} PROBE, the {@link ProbeResult},
 * kind and codes as a log line of the same failure would carry them, and the id {@code endpointId:probe:<sequence>}
 * with {@code endOffset} = sequence + 1, so the streams app's per-endpoint dedup of (file, offset range) sees each
 * probe once and a re-send as the same.
 */
public final class ProbeEvents {
    /** The {@code source} of probe events (where a log event names the agent's C++ or .NET class). */
    public static final String SOURCE = "fleet-telemetry::probe";
    /** The "file identity" of probe events in their eventId. */
    public static final String FILE_KEY = "probe";

    /** Endpoint-wide facts stamped on every event, as on log events. */
    public record Endpoint(String endpointId, String site, String proxy, String product) {}

    private ProbeEvents() {}

    public static String eventId(String endpointId, long sequence) {
        return endpointId + ":" + FILE_KEY + ":" + sequence;
    }

    public static EndpointEvent toEvent(Endpoint endpoint, long sequence, ProbeOutcome outcome) {
        List<ProbeStep> steps = new ArrayList<>(outcome.steps().size());
        for (StepOutcome s : outcome.steps()) {
            steps.add(ProbeStep.newBuilder()
                    .setName(s.step().name())
                    .setOk(s.ok())
                    .setLatencyMicros(s.latencyMicros())
                    .setDetail(s.detail())
                    .build());
        }
        ProbeResult result = ProbeResult.newBuilder()
                .setTarget(outcome.target().toString())
                .setVerdict(outcome.verdict().name())
                .setFailedStep(
                        outcome.failedStep() == null
                                ? null
                                : outcome.failedStep().name())
                .setTlsIssuer(outcome.tlsIssuer())
                .setHttpStatus(outcome.httpStatus())
                .setSteps(steps)
                .build();
        return EndpointEvent.newBuilder()
                .setEventId(eventId(endpoint.endpointId(), sequence))
                .setEndpointId(endpoint.endpointId())
                .setSite(endpoint.site())
                .setProxy(endpoint.proxy())
                .setProduct(endpoint.product())
                .setLogFile(LogFile.PROBE)
                .setTimestamp(outcome.startedAt())
                .setLevel(outcome.ok() ? "I" : ".W")
                .setSource(SOURCE)
                .setMessage(summary(outcome))
                .setKind(outcome.ok() ? EventKind.CONNECTION_OK : EventKind.CONNECTION_FAILURE)
                .setErrorCode(outcome.errorCode())
                .setCurlCode(outcome.curlCode())
                .setTargetHost(outcome.target().host())
                .setLineProxy(outcome.proxy() == null ? null : outcome.proxy().toString())
                .setDurationMs(outcome.durationMicros() / 1000)
                .setEndOffset(sequence + 1)
                .setProbe(result)
                .build();
    }

    /** One line for a person: target, path, verdict, where and why it failed. */
    public static String summary(ProbeOutcome outcome) {
        String path = outcome.proxy() == null ? "direct" : "via proxy " + outcome.proxy();
        long ms = outcome.durationMicros() / 1000;
        if (outcome.ok()) {
            return "probe " + outcome.target() + " " + path + ": OK in " + ms + " ms"
                    + (outcome.httpStatus() == null ? "" : " (HTTP " + outcome.httpStatus() + ")");
        }
        return "probe " + outcome.target() + " " + path + ": " + outcome.verdict() + " ("
                + ProbeReport.codes(outcome) + ") at " + outcome.failedStep() + " after " + ms + " ms: "
                + outcome.failureDetail();
    }
}
