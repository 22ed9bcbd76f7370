package org.fleettelemetry.streams.http;

import java.time.Duration;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.fleettelemetry.streams.query.BadParameterException;
import org.fleettelemetry.streams.query.ForbiddenException;
import org.fleettelemetry.streams.query.NotFoundException;
import org.fleettelemetry.streams.query.PeerErrorException;
import org.fleettelemetry.streams.query.QueryException;
import org.fleettelemetry.streams.query.UnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place that decides what HTTP answer an error becomes. */
public final class ErrorMapper {
    private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);

    /** The answer: a status, a body, and for 503 how long to wait. */
    public record Mapped(int status, ApiError body, Duration retryAfter) {}

    private ErrorMapper() {}

    public static Mapped map(Throwable e) {
        if (e instanceof BadParameterException q) {
            return new Mapped(400, body(q), null);
        }
        if (e instanceof ForbiddenException q) {
            return new Mapped(403, body(q), null);
        }
        if (e instanceof NotFoundException q) {
            return new Mapped(404, body(q), null);
        }
        if (e instanceof UnavailableException q) {
            return new Mapped(503, body(q), q.retryAfter());
        }
        if (e instanceof PeerErrorException q) {
            int status = q.status() >= 400 && q.status() < 600 ? q.status() : 502;
            return new Mapped(status, body(q), status == 503 ? UnavailableException.DEFAULT_RETRY_AFTER : null);
        }
        if (e instanceof QueryException q) {
            return new Mapped(400, body(q), null);
        }
        if (e instanceof InvalidStateStoreException) {
            // the router handles these; one that slips through still means "not now", not "broken"
            return new Mapped(
                    503,
                    new ApiError("unavailable", "the state is not queryable right now, retry"),
                    UnavailableException.DEFAULT_RETRY_AFTER);
        }
        log.error("query failed unexpectedly", e);
        return new Mapped(500, new ApiError("internal", "internal error; see the instance's log"), null);
    }

    /**
     * The body of an answer decided by its status alone (a route or method that does not exist, a refused token, a
     * request Jetty could not read): a code that names the status, and the message.
     */
    public static ApiError forStatus(int status, String message) {
        String code = switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "payload_too_large";
            case 414 -> "uri_too_long";
            case 431 -> "headers_too_large";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal" : "http_" + status;
        };
        return new ApiError(code, message);
    }

    private static ApiError body(QueryException q) {
        return new ApiError(q.code(), q.getMessage());
    }
}
