package org.fleettelemetry.streams.query;

/**
 * No such site, endpoint or open outage. The factories are the one wording of each: what a principal's site scope
 * hides answers with the very body of what does not exist.
 */
public final class NotFoundException extends QueryException {
    public NotFoundException(String message) {
        super("not_found", message);
    }

    public static NotFoundException site(String site) {
        return new NotFoundException("no site '" + site + "'");
    }

    public static NotFoundException endpoint(String endpointId) {
        return new NotFoundException("no endpoint '" + endpointId + "' (never seen, or forgotten)");
    }

    public static NotFoundException outage(String alertId) {
        return new NotFoundException("no open outage '" + alertId + "' (unknown, or resolved)");
    }
}
