package org.fleettelemetry.streams.domain;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.fleettelemetry.schemas.avro.EventKind;

/**
 * Maps a normalised error code (as the collector writes it: {@code curl:5}, {@code wait:258}, {@code fserr:101},
 * {@code orsp:failed}, {@code driver:2222}, {@code fsscore:timeout}, the active probe's {@code proxy:407}, ...) to its {@link ErrorClass}.
 */
public final class ErrorClassifier {

    private ErrorClassifier() {}

    /**
     * The class of a failure, or empty when the entry is not a failure (no code, {@code fserr:0}, a fast ORSP
     * answer).
     *
     * <p>A slow ORSP answer ({@code CLOUD_QUERY_LATENCY} at or above the slow threshold) is a CLOUD_LOOKUP failure:
     * slow lookups degrade the endpoint even when none fails. An entry whose kind says failure but whose code is
     * missing is classified by its kind rather than dropped, so a collector that could not extract the code still
     * counts.
     */
    public static Optional<ErrorClass> classify(
            String errorCode, EventKind kind, Long durationMs, DetectionParams params) {
        if (kind == EventKind.CLOUD_QUERY_LATENCY && durationMs != null) {
            return durationMs >= params.slowThresholdMs() ? Optional.of(ErrorClass.CLOUD_LOOKUP) : Optional.empty();
        }
        if (errorCode == null || errorCode.isBlank()) {
            return Optional.ofNullable(byKind(kind));
        }
        Optional<ErrorClass> known = BY_CODE.get(errorCode);
        if (known != null) {
            return known;
        }
        Optional<ErrorClass> parsed = parse(errorCode);
        if (BY_CODE.size() < MAX_REMEMBERED) {
            BY_CODE.putIfAbsent(errorCode, parsed);
        }
        return parsed;
    }

    /**
     * The classes of the codes seen so far: a handful of codes make up nearly every event, and normalising each
     * (trim, lower case, split) cost the endpoint stage a string or three per event. Bounded, since the codes come
     * from the input: past the bound a code is parsed each time.
     */
    private static final ConcurrentHashMap<String, Optional<ErrorClass>> BY_CODE = new ConcurrentHashMap<>();

    private static final int MAX_REMEMBERED = 4096;

    private static Optional<ErrorClass> parse(String errorCode) {
        String code = errorCode.trim().toLowerCase(Locale.ROOT);
        int colon = code.indexOf(':');
        String family = colon < 0 ? code : code.substring(0, colon);
        String value = colon < 0 ? "" : code.substring(colon + 1).trim();
        return switch (family) {
            case "curl" -> Optional.of(curl(value));
            case "agent" -> Optional.of(agent(value));
            case "proxy" -> Optional.of("407".equals(value) ? ErrorClass.PROXY_AUTH : ErrorClass.OTHER);
            case "wait" -> Optional.of("258".equals(value) ? ErrorClass.TIMEOUT : ErrorClass.OTHER);
            case "fserr" -> isZero(value) ? Optional.empty() : Optional.of(ErrorClass.NETWORK_FAILURE);
            case "orsp" -> Optional.of(ErrorClass.CLOUD_LOOKUP);
            case "driver" -> Optional.of(ErrorClass.CONTENT_FILTER);
            case "fsscore" -> Optional.of(ErrorClass.MAIL_URL_SCAN);
            default -> Optional.of(ErrorClass.OTHER);
        };
    }

    /** True for {@code orsp:suppressed}: later failures are no longer logged, so the failure must not age out. */
    public static boolean isSticky(String errorCode) {
        return errorCode != null && "orsp:suppressed".equalsIgnoreCase(errorCode.trim());
    }

    private static ErrorClass curl(String value) {
        return switch (value) {
            case "5" -> ErrorClass.PROXY_DNS;
            case "6" -> ErrorClass.BACKEND_DNS;
            case "7" -> ErrorClass.CONNECT_REFUSED;
            case "28" -> ErrorClass.TIMEOUT;
            case "35", "60" -> ErrorClass.TLS_INSPECTION;
            case "56" -> ErrorClass.RECV_ERROR;
            default -> ErrorClass.OTHER;
        };
    }

    private static ErrorClass agent(String value) {
        return switch (value) {
            case "111" -> ErrorClass.PROXY_DNS;
            case "201" -> ErrorClass.TIMEOUT;
            default -> ErrorClass.OTHER;
        };
    }

    private static boolean isZero(String value) {
        try {
            return Long.parseLong(value) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static ErrorClass byKind(EventKind kind) {
        if (kind == null) {
            return null;
        }
        return switch (kind) {
            case CONNECTION_FAILURE -> ErrorClass.OTHER;
            case CLOUD_QUERY_FAILURE -> ErrorClass.CLOUD_LOOKUP;
            case DRIVER_FAILURE -> ErrorClass.CONTENT_FILTER;
            case SCAN_SKIPPED -> ErrorClass.MAIL_URL_SCAN;
            default -> null;
        };
    }
}
