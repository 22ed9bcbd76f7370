package org.fleettelemetry.schemas.registry;

/** HTTP 422: the registry could not parse the schema or the request (42201, 42202, 42203). */
public class InvalidSchemaException extends SchemaRegistryException {

    public InvalidSchemaException(String message, int httpStatus, int errorCode) {
        super(message, httpStatus, errorCode);
    }
}
