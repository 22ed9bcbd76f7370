package org.fleettelemetry.schemas.registry;

/** Error 40403: no schema with this id, or this schema is not registered under the subject. */
public class SchemaNotFoundException extends SchemaRegistryException {

    public SchemaNotFoundException(String message, int httpStatus, int errorCode) {
        super(message, httpStatus, errorCode);
    }
}
