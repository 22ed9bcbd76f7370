package org.fleettelemetry.schemas.registry;

import org.apache.kafka.common.errors.RetriableException;

/**
 * No registry URL answered usefully within the retry budget (connection refused, timeouts, 5xx).
 * Retriable: the same request may succeed later, so callers (a producer's send loop, a Streams
 * exception handler) decide whether to wait or to stop. Serdes pass it through unwrapped.
 */
public class RegistryUnavailableException extends RetriableException {

    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
