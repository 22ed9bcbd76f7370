package org.fleettelemetry.streams;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.EventKind;
import org.fleettelemetry.schemas.avro.LogFile;
import org.fleettelemetry.schemas.avro.ProbeResult;
import org.fleettelemetry.schemas.avro.ProbeStep;

/**
 * Probe results as the collector's active probe sends them (#18, the contract in EndpointEvent.avsc): an EndpointEvent
 * on the events topic with {@code logFile} PROBE and {@code probe} set; CONNECTION_OK for a pass, CONNECTION_FAILURE
 * with the curl-equivalent {@code errorCode} ({@code proxy:407} with curl code 56 for a proxy asking for credentials);
 * {@code targetHost} and {@code lineProxy} set; eventId {@code endpointId:probe:<sequence>} with endOffset sequence + 1.
 * The one place the tests (TopologyTestDriver and the ITs on the real broker) build them, so that the shape follows
 * the collector's in one edit.
 */
public final class ProbeRecords {
    public static final String TARGET = "doorman.sc.fsapi.com:443";
    public static final String TARGET_HOST = "doorman.sc.fsapi.com";
    public static final String PRODUCT = "Elements EPP for Computers";

    private ProbeRecords() {}

    /** A probe through {@code proxy} that passed every step. */
    public static EndpointEvent passed(String endpoint, String site, String proxy, long sequence, Instant at) {
        List<ProbeStep> steps = new ArrayList<>();
        for (String name : path(proxy)) {
            steps.add(new ProbeStep(name, true, 1_500L, null));
        }
        ProbeResult probe = ProbeResult.newBuilder()
                .setTarget(TARGET)
                .setVerdict("OK")
                .setFailedStep(null)
                .setHttpStatus(200)
                .setSteps(steps)
                .build();
        return base(endpoint, site, proxy, sequence, at)
                .setLevel("I")
                .setKind(EventKind.CONNECTION_OK)
                .setMessage("probe " + TARGET + " OK")
                .setDurationMs(42L)
                .setProbe(probe)
                .build();
    }

    /**
     * A probe through {@code proxy} whose CONNECT the proxy answered with 407 Proxy Authentication Required: verdict
     * PROXY_AUTH at step PROXY_TUNNEL, errorCode {@code proxy:407}, curl code 56.
     */
    public static EndpointEvent proxyAuthRequired(
            String endpoint, String site, String proxy, long sequence, Instant at) {
        return failed(
                endpoint,
                site,
                proxy,
                sequence,
                at,
                "PROXY_AUTH",
                "PROXY_TUNNEL",
                "proxy:407",
                56,
                407,
                "HTTP/1.1 407 Proxy Authentication Required");
    }

    /** A failed probe: the steps up to {@code failedStep} passed, that one failed with {@code detail}. */
    public static EndpointEvent failed(
            String endpoint,
            String site,
            String proxy,
            long sequence,
            Instant at,
            String verdict,
            String failedStep,
            String errorCode,
            Integer curlCode,
            Integer httpStatus,
            String detail) {
        List<ProbeStep> steps = new ArrayList<>();
        for (String name : path(proxy)) {
            boolean failing = name.equals(failedStep);
            steps.add(new ProbeStep(name, !failing, failing ? 9_000L : 1_500L, failing ? detail : null));
            if (failing) {
                break;
            }
        }
        ProbeResult probe = ProbeResult.newBuilder()
                .setTarget(TARGET)
                .setVerdict(verdict)
                .setFailedStep(failedStep)
                .setHttpStatus(httpStatus)
                .setSteps(steps)
                .build();
        return base(endpoint, site, proxy, sequence, at)
                .setLevel(".W")
                .setKind(EventKind.CONNECTION_FAILURE)
                .setErrorCode(errorCode)
                .setCurlCode(curlCode)
                .setMessage("probe " + TARGET + " failed at " + failedStep + ": " + detail)
                .setDurationMs(12L)
                .setProbe(probe)
                .build();
    }

    private static EndpointEvent.Builder base(String endpoint, String site, String proxy, long sequence, Instant at) {
        boolean direct = proxy == null || "DIRECT".equals(proxy);
        return EndpointEvent.newBuilder()
                .setEventId(endpoint + ":probe:" + sequence)
                .setEndOffset(sequence + 1)
                .setEndpointId(endpoint)
                .setSite(site)
                .setProxy(direct ? "DIRECT" : proxy)
                .setProduct(PRODUCT)
                .setLogFile(LogFile.PROBE)
                .setTimestamp(at)
                .setSource("collector.probe")
                .setTargetHost(TARGET_HOST)
                .setLineProxy(direct ? null : proxy);
    }

    private static List<String> path(String proxy) {
        return proxy == null || "DIRECT".equals(proxy)
                ? List.of("RESOLVE", "CONNECT", "TLS_HANDSHAKE", "HTTPS_REQUEST")
                : List.of("PROXY_RESOLVE", "PROXY_CONNECT", "PROXY_TUNNEL", "TLS_HANDSHAKE", "HTTPS_REQUEST");
    }
}
