package org.fleettelemetry.streams.http.auth;

/** What a principal may do: each role may do what the one before it may, and more. */
public enum Role {
    /** Reads sites, endpoints, failures, outages, silences and the audit trail (within its site scope). */
    VIEWER,
    /** Also acknowledges outages and creates or expires its own silences. */
    OPERATOR,
    /** Also expires other principals' silences. */
    ADMIN;

    public boolean mayAct() {
        return this != VIEWER;
    }

    public boolean mayExpireOthers() {
        return this == ADMIN;
    }
}
