package org.fleettelemetry.streams.http.auth;

/**
 * The principal is known but its role may not do this: 403 with {@code {"code":"forbidden","message":...}}. Not for
 * what its site scope hides: that is a 404, as if the site did not exist (see {@link Access#requireSite}).
 */
public final class ForbiddenException extends RuntimeException {
    public ForbiddenException(String message) {
        super(message, null, false, false);
    }
}
