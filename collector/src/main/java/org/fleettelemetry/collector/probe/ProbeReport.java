package org.fleettelemetry.collector.probe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A probe's outcome for a person at the endpoint (as the vendor's connection checker shows it) or as JSON. */
public final class ProbeReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProbeReport() {}

    /** The steps, each with its time and what it found, then the verdict. */
    public static String text(ProbeOutcome outcome) {
        StringBuilder out = new StringBuilder();
        out.append(outcome.target())
                .append(outcome.proxy() == null ? " (direct)" : " through proxy " + outcome.proxy())
                .append('\n');
        for (StepOutcome s : outcome.steps()) {
            out.append(String.format(
                    Locale.ROOT,
                    "  %-14s %-6s %10.1f ms  %s%n",
                    s.step(),
                    s.ok() ? "ok" : "FAILED",
                    s.latencyMicros() / 1000.0,
                    s.detail() == null ? "" : s.detail()));
        }
        if (outcome.ok()) {
            out.append(String.format(
                    Locale.ROOT,
                    "  verdict: OK in %.1f ms: the agent's path to %s works%n",
                    outcome.durationMicros() / 1000.0,
                    outcome.target().host()));
        } else {
            out.append(String.format(
                    Locale.ROOT,
                    "  verdict: %s at %s (%s)%s%n",
                    outcome.verdict(),
                    outcome.failedStep(),
                    codes(outcome),
                    outcome.tlsIssuer() != null && outcome.verdict() == Verdict.TLS_INSPECTION
                            ? ": certificate issued by " + outcome.tlsIssuer()
                            : ""));
        }
        return out.toString();
    }

    /** {@code curl:5}, or {@code proxy:407, as curl 56} when the error code is not curl's own. */
    static String codes(ProbeOutcome outcome) {
        String error = outcome.errorCode();
        return error.equals("curl:" + outcome.curlCode()) ? error : error + ", as curl " + outcome.curlCode();
    }

    /** One JSON object: target, verdict (OK or the failure class), steps, and the rest of the outcome. */
    public static String json(ProbeOutcome outcome) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("target", outcome.target().toString());
        o.put("verdict", outcome.verdict().name());
        o.put("proxy", outcome.proxy() == null ? null : outcome.proxy().toString());
        o.put(
                "failedStep",
                outcome.failedStep() == null ? null : outcome.failedStep().name());
        o.put("errorCode", outcome.errorCode());
        o.put("curlCode", outcome.curlCode());
        o.put("tlsIssuer", outcome.tlsIssuer());
        o.put("httpStatus", outcome.httpStatus());
        o.put("startedAt", outcome.startedAt().toString());
        o.put("durationMicros", outcome.durationMicros());
        List<Map<String, Object>> steps = new ArrayList<>();
        for (StepOutcome s : outcome.steps()) {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("name", s.step().name());
            step.put("ok", s.ok());
            step.put("latencyMicros", s.latencyMicros());
            step.put("detail", s.detail());
            steps.add(step);
        }
        o.put("steps", steps);
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a probe outcome as JSON", e);
        }
    }
}
