package org.fleettelemetry.streams.domain;

import java.util.Objects;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.EndpointHeartbeat;
import org.fleettelemetry.schemas.avro.EventKind;

/**
 * What the rules need from one endpoint event or heartbeat.
 *
 * @param targetHost the backend host the failure named; for a PROXY_DNS failure without one, the proxy name the
 *     line itself cited ({@code Couldn't resolve proxy: X}), since that is the name that did not resolve
 * @param sticky true for {@code orsp:suppressed}: the endpoint stays failing until a success or a newer failure of
 *     the same class says otherwise
 * @param probe the active probe's result when the event is one ({@code logFile} PROBE), else null: it counts as any
 *     other observation (a failure of its class, or a healthy contact), and the endpoint's track keeps it apart too
 */
public record Observation(
        String endpointId,
        String site,
        String proxy,
        String product,
        long eventTime,
        ObservationType type,
        String errorCode,
        ErrorClass errorClass,
        String targetHost,
        String message,
        boolean sticky,
        ProbeMark probe) {

    /** The code of a HEALTHY observation that is a fast cloud lookup (not only a doorman contact). */
    public static final String LOOKUP_OK = "orsp:ok";

    public Observation {
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(type, "type");
        site = SharedStrings.of(site);
        proxy = proxy == null || proxy.isBlank() ? "DIRECT" : SharedStrings.of(proxy);
        product = product == null ? "" : SharedStrings.of(product);
        errorCode = SharedStrings.of(errorCode);
        targetHost = SharedStrings.of(targetHost);
        if (type == ObservationType.FAILURE && errorClass == null) {
            throw new IllegalArgumentException("a FAILURE needs an errorClass: " + endpointId + " " + errorCode);
        }
        if (type != ObservationType.FAILURE) {
            errorClass = null;
            sticky = false;
        }
        if (probe != null && type == ObservationType.ACTIVITY) {
            // a probe result that is neither a failure nor a pass (a malformed one) says nothing about the path
            probe = null;
        }
    }

    public Observation(
            String endpointId,
            String site,
            String proxy,
            String product,
            long eventTime,
            ObservationType type,
            String errorCode,
            ErrorClass errorClass,
            String targetHost,
            String message,
            boolean sticky) {
        this(
                endpointId,
                site,
                proxy,
                product,
                eventTime,
                type,
                errorCode,
                errorClass,
                targetHost,
                message,
                sticky,
                null);
    }

    /** Classifies an endpoint event; every event is at least ACTIVITY (it proves the collector reports). */
    public static Observation of(EndpointEvent event, DetectionParams params) {
        EventKind kind = event.getKind();
        ErrorClass errorClass = ErrorClassifier.classify(event.getErrorCode(), kind, event.getDurationMs(), params)
                .orElse(null);
        ObservationType type;
        if (errorClass != null) {
            type = ObservationType.FAILURE;
        } else if (kind == EventKind.CONNECTION_OK || kind == EventKind.CLOUD_QUERY_LATENCY) {
            // a latency entry without a failure class is a fast answer: the cloud was reached
            type = kind == EventKind.CLOUD_QUERY_LATENCY && event.getDurationMs() == null
                    ? ObservationType.ACTIVITY
                    : ObservationType.HEALTHY;
        } else {
            type = ObservationType.ACTIVITY;
        }
        String target = event.getTargetHost();
        if (target == null && errorClass == ErrorClass.PROXY_DNS) {
            target = event.getLineProxy();
        }
        String code = event.getErrorCode();
        if (code == null && errorClass == ErrorClass.CLOUD_LOOKUP && kind == EventKind.CLOUD_QUERY_LATENCY) {
            code = "orsp:slow";
        } else if (code == null && type == ObservationType.HEALTHY && kind == EventKind.CLOUD_QUERY_LATENCY) {
            code = LOOKUP_OK;
        }
        long at = event.getTimestamp().toEpochMilli();
        return new Observation(
                event.getEndpointId(),
                event.getSite(),
                event.getProxy(),
                event.getProduct(),
                at,
                type,
                code,
                errorClass,
                target,
                event.getMessage(),
                ErrorClassifier.isSticky(event.getErrorCode()),
                ProbeMark.of(event, errorClass, at));
    }

    /** A fast cloud lookup: heals lookup failures as well as network ones. */
    public boolean isLookupOk() {
        return type == ObservationType.HEALTHY && LOOKUP_OK.equals(errorCode);
    }

    /** A heartbeat: the collector is alive, which says nothing about the cloud. */
    public static Observation of(EndpointHeartbeat heartbeat) {
        return activity(
                heartbeat.getEndpointId(),
                heartbeat.getSite(),
                heartbeat.getProxy(),
                heartbeat.getProduct(),
                heartbeat.getTimestamp().toEpochMilli());
    }

    public static Observation activity(String endpointId, String site, String proxy, String product, long at) {
        return new Observation(
                endpointId, site, proxy, product, at, ObservationType.ACTIVITY, null, null, null, null, false);
    }

    public static Observation healthy(String endpointId, String site, String proxy, String product, long at) {
        return new Observation(
                endpointId, site, proxy, product, at, ObservationType.HEALTHY, null, null, null, null, false);
    }

    /** A fast cloud lookup (an ORSP answer under the slow threshold). */
    public static Observation lookupOk(String endpointId, String site, String proxy, String product, long at) {
        return new Observation(
                endpointId, site, proxy, product, at, ObservationType.HEALTHY, LOOKUP_OK, null, null, null, false);
    }

    /** A failure of the class {@link ErrorClassifier} gives the code; sticky for {@code orsp:suppressed}. */
    public static Observation failure(
            String endpointId,
            String site,
            String proxy,
            String product,
            long at,
            String errorCode,
            String targetHost,
            DetectionParams params) {
        ErrorClass errorClass = ErrorClassifier.classify(errorCode, null, null, params)
                .orElseThrow(() -> new IllegalArgumentException("not a failure code: " + errorCode));
        return new Observation(
                endpointId,
                site,
                proxy,
                product,
                at,
                ObservationType.FAILURE,
                errorCode,
                errorClass,
                targetHost,
                null,
                ErrorClassifier.isSticky(errorCode));
    }
}
