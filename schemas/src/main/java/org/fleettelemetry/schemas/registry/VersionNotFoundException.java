package org.fleettelemetry.schemas.registry;

/** Error 40402: the subject exists but not this version. */
public class VersionNotFoundException extends SchemaRegistryException {

    public VersionNotFoundException(String message, int httpStatus, int errorCode) {
        super(message, httpStatus, errorCode);
    }
}
