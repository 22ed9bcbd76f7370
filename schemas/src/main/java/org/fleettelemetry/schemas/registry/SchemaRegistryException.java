package org.fleettelemetry.schemas.registry;

import org.apache.kafka.common.errors.SerializationException;

/**
 * The registry answered with a 4xx: the request is wrong for the registry's current state, so
 * repeating it unchanged cannot help. Carries the HTTP status and the registry's own {@code
 * error_code} (e.g. 40401) so callers can branch without parsing the message.
 */
public class SchemaRegistryException extends SerializationException {

    private final int httpStatus;
    private final int errorCode;

    public SchemaRegistryException(String message, int httpStatus, int errorCode) {
        super(message);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The registry's {@code error_code}, or the HTTP status when the body carried none. */
    public int errorCode() {
        return errorCode;
    }
}
