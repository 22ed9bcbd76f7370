package org.fleettelemetry.streams.query;

/**
 * Another instance could not answer a forwarded query (unreachable, too slow, or itself unable to serve it): the
 * caller may fall back to a copy of its own, or report the instance as failed.
 */
final class ForwardException extends Exception {
    ForwardException(String message) {
        super(message, null, false, false);
    }
}
