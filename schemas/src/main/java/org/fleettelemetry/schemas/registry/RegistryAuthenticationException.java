package org.fleettelemetry.schemas.registry;

/** HTTP 401 or 403: the credentials are missing, wrong, or lack the permission. */
public class RegistryAuthenticationException extends SchemaRegistryException {

    public RegistryAuthenticationException(String message, int httpStatus, int errorCode) {
        super(message, httpStatus, errorCode);
    }
}
