package org.fleettelemetry.streams.query;

/** No such site, endpoint or open outage. */
public final class NotFoundException extends QueryException {
    public NotFoundException(String message) {
        super("not_found", message);
    }
}
