package org.fleettelemetry.streams.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Checks {@code Authorization: Bearer <token>} against the configured tokens, in constant time per token. With no
 * token configured every request is refused: the API fails closed.
 */
public final class BearerAuth {
    private static final String PREFIX = "Bearer ";

    private final byte[][] tokens;

    public BearerAuth(List<String> tokens) {
        this.tokens =
                tokens.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    }

    /** Why the header does not authenticate, or null when it does. */
    public String refusal(String authorization) {
        if (tokens.length == 0) {
            return "no api.tokens are configured on this instance";
        }
        if (authorization == null || !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return "a bearer token is required (Authorization: Bearer <token>)";
        }
        byte[] given = authorization.substring(PREFIX.length()).trim().getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (byte[] token : tokens) {
            match |= MessageDigest.isEqual(token, given);
        }
        return match ? null : "the bearer token is not valid";
    }
}
