package org.fleettelemetry.streams.query;

/**
 * An expected way for a query to fail: the caller's input, a missing key, the state not being servable now. Carries a
 * stable machine-readable code and a message for the operator. No stack trace is filled in: these are answers, not
 * bugs, and they must stay cheap.
 */
public abstract class QueryException extends RuntimeException {
    private final String code;

    protected QueryException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
