package org.fleettelemetry.streams.http.auth;

import java.util.Objects;

/**
 * Who made a request, as the API authenticated it: a name (for the audit trail and the logs; never the token), what
 * it may do, and which sites it may see.
 */
public record Principal(String name, Role role, SiteScope sites) {
    public Principal {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(sites, "sites");
    }

    /** The principal of a token from {@code api.tokens}: an admin of every site. */
    public static Principal apiToken() {
        return new Principal("api-token", Role.ADMIN, SiteScope.ALL);
    }
}
