package org.fleettelemetry.streams.query;

/**
 * The principal may not do this (a viewer acting, an operator expiring another's silence, a silence reaching outside
 * its sites): 403. The actions' one refusal; the principals' work may bring its own helper, to be unified with this.
 */
public final class ForbiddenException extends QueryException {
    public ForbiddenException(String message) {
        super("forbidden", message);
    }
}
