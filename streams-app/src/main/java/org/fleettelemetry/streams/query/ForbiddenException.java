package org.fleettelemetry.streams.query;

/**
 * The principal is known but may not do this (a viewer acting, an operator expiring another's silence, a silence
 * reaching outside its sites): 403. Not for what a site scope hides: that is a 404, as if the site did not exist
 * ({@link org.fleettelemetry.streams.http.auth.Access#requireSite}).
 */
public final class ForbiddenException extends QueryException {
    public ForbiddenException(String message) {
        super("forbidden", message);
    }
}
