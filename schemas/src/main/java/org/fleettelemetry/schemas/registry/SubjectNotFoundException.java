package org.fleettelemetry.schemas.registry;

/** Error 40401: the subject has no versions. */
public class SubjectNotFoundException extends SchemaRegistryException {

    public SubjectNotFoundException(String message, int httpStatus, int errorCode) {
        super(message, httpStatus, errorCode);
    }
}
