package org.fleettelemetry.schemas.registry;

/** HTTP 409: the schema breaks the subject's compatibility rule. */
public class IncompatibleSchemaException extends SchemaRegistryException {

    public IncompatibleSchemaException(String message, int httpStatus, int errorCode) {
        super(message, httpStatus, errorCode);
    }
}
