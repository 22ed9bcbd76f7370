package org.fleettelemetry.streams.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.fleettelemetry.streams.config.ApiPrincipal;
import org.fleettelemetry.streams.http.auth.Principal;
import org.fleettelemetry.streams.http.auth.Role;
import org.fleettelemetry.streams.http.auth.SiteScope;

/**
 * Checks {@code Authorization: Bearer <token>} and says who it is. The presented token is hashed with SHA-256 and
 * compared, in constant time, with the digest of every {@code api.tokens} token (admins of every site) and of every
 * {@code api.principal.*} principal: all of them, every time, so the time taken does not tell which one matched. No
 * token is kept in memory beyond its digest. With no token and no principal configured every request is refused: the
 * API fails closed. With {@code api.oidc.*} set, a token that is none of those and has the shape of a JWT is checked by
 * {@link OidcAuth}; static tokens are looked up first, so one that happens to contain dots keeps working.
 */
public final class BearerAuth {
    private static final String PREFIX = "Bearer ";

    /** The answer: a principal, or why there is none. */
    public record Result(Principal principal, String refusal) {
        public boolean ok() {
            return principal != null;
        }
    }

    private record Entry(byte[] digest, Principal principal) {}

    private final List<Entry> entries;
    private final OidcAuth oidc;

    public BearerAuth(List<String> tokens) {
        this(tokens, List.of());
    }

    public BearerAuth(List<String> tokens, List<ApiPrincipal> principals) {
        this(tokens, principals, null);
    }

    /** With {@code oidc} non-null, a token shaped like a JWT that is no static token is checked as an OIDC JWT. */
    public BearerAuth(List<String> tokens, List<ApiPrincipal> principals, OidcAuth oidc) {
        this.oidc = oidc;
        List<Entry> e = new ArrayList<>();
        for (String t : tokens) {
            e.add(new Entry(sha256(t), Principal.apiToken()));
        }
        for (ApiPrincipal p : principals) {
            e.add(new Entry(HexFormat.of().parseHex(p.tokenSha256()), principal(p)));
        }
        this.entries = List.copyOf(e);
    }

    /** The principal a configured {@code api.principal.<name>.*} stands for. */
    public static Principal principal(ApiPrincipal p) {
        return new Principal(p.name(), Role.valueOf(p.role().toUpperCase(Locale.ROOT)), new SiteScope(p.sites()));
    }

    /** Who the header authenticates, or why it does not. */
    public Result authenticate(String authorization) {
        if (entries.isEmpty() && oidc == null) {
            return new Result(null, "no api.tokens, api.principal.* or api.oidc.* are configured on this instance");
        }
        if (authorization == null || !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return new Result(null, "a bearer token is required (Authorization: Bearer <token>)");
        }
        String token = authorization.substring(PREFIX.length()).trim();
        byte[] given = sha256(token);
        Principal found = null;
        for (Entry e : entries) {
            // every digest is compared, also after a match: no early exit to time
            if (MessageDigest.isEqual(e.digest(), given) && found == null) {
                found = e.principal();
            }
        }
        if (found != null) {
            return new Result(found, null);
        }
        if (oidc != null && OidcAuth.looksLikeJwt(token)) {
            return oidc.authenticate(token);
        }
        return new Result(null, "the bearer token is not valid");
    }

    /** Why the header does not authenticate, or null when it does. */
    public String refusal(String authorization) {
        return authenticate(authorization).refusal();
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
