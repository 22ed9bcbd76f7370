package org.fleettelemetry.streams.query;

/**
 * Another instance answered a forwarded query with an error that is not one of the known kinds (e.g. it refused the
 * caller's token): its HTTP status, code and message are passed on as they came.
 */
public final class PeerErrorException extends QueryException {
    private final int status;

    public PeerErrorException(int status, String code, String message) {
        super(code, message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
