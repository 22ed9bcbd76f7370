package org.fleettelemetry.streams.query;

/** A request parameter is missing, malformed or out of range; the message names it. */
public final class BadParameterException extends QueryException {
    private final String parameter;

    public BadParameterException(String parameter, String problem) {
        super("bad_parameter", "parameter '" + parameter + "': " + problem);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
