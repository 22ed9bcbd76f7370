package org.fleettelemetry.streams.http;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;
import java.net.MalformedURLException;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.fleettelemetry.streams.config.OidcSettings;
import org.fleettelemetry.streams.http.auth.Principal;
import org.fleettelemetry.streams.http.auth.Role;
import org.fleettelemetry.streams.http.auth.SiteScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bearer JWTs of one OIDC issuer ({@code api.oidc.*}), checked with Nimbus JOSE+JWT: signed (JWS) with RS256 or
 * ES256 by a key of the issuer's JWKS, {@code iss} exactly the issuer, {@code aud} containing the audience, {@code exp}
 * required and {@code nbf} honoured, both with the clock skew. The JWKS is fetched with a timeout, cached, and fetched
 * again when a token names a {@code kid} it does not hold, at most once per {@code api.oidc.jwks.min.refresh} (so a
 * flood of unknown kids cannot hammer the issuer). The refusal says why in general terms, never the token.
 */
public final class OidcAuth {
    private static final Logger log = LoggerFactory.getLogger(OidcAuth.class);
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    private static final Pattern JWT_SHAPE = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
    private static final long JWKS_TTL_MS = 15 * 60 * 1000L;
    private static final int JWKS_SIZE_LIMIT = 512 * 1024;

    private final OidcSettings settings;
    private final DefaultJWTProcessor<SecurityContext> processor;

    public OidcAuth(OidcSettings settings) {
        this.settings = settings;
        int timeout = (int) settings.jwksTimeout().toMillis();
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.<SecurityContext>create(
                            settings.jwksUrl().toURL(), new DefaultResourceRetriever(timeout, timeout, JWKS_SIZE_LIMIT))
                    .cache(JWKS_TTL_MS, timeout)
                    .rateLimited(Math.max(1, settings.jwksMinRefresh().toMillis()))
                    .retrying(false)
                    .build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("api.oidc.jwks.url is not a URL: " + settings.jwksUrl(), e);
        }
        processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        // Keycloak, Entra ID: "JWT"; RFC 9068 access tokens (Okta and others): "at+jwt"; some issuers set none
        processor.setJWSTypeVerifier(
                new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
        processor.setJWTClaimsSetVerifier(new ClaimsCheck());
    }

    /** Whether the token has the shape of a JWT: three base64url parts separated by dots (the last may be empty). */
    public static boolean looksLikeJwt(String token) {
        return JWT_SHAPE.matcher(token).matches();
    }

    /** Who the JWT authenticates, or why it does not. */
    public BearerAuth.Result authenticate(String token) {
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException e) {
            return refuse("the bearer JWT cannot be parsed");
        }
        if (!(jwt instanceof SignedJWT signed)) {
            return refuse("the bearer JWT is not signed (RS256 or ES256 are accepted)");
        }
        if (!ALGORITHMS.contains(signed.getHeader().getAlgorithm())) {
            return refuse("the bearer JWT's algorithm is not accepted (RS256 or ES256 only)");
        }
        try {
            // a foreign issuer is refused before its key is looked for: its kids must not make us fetch our JWKS
            if (!settings.issuer().equals(signed.getJWTClaimsSet().getIssuer())) {
                return refuse("the bearer JWT is from another issuer");
            }
        } catch (ParseException e) {
            return refuse("the bearer JWT's claims cannot be parsed");
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(signed, null);
        } catch (BadJWTException e) {
            return refuse(e.getMessage());
        } catch (BadJOSEException e) {
            return refuse("the bearer JWT's signature is not valid, or its key is not one of the issuer's");
        } catch (JOSEException e) {
            log.warn("the issuer's keys could not be fetched from {}: {}", settings.jwksUrl(), e.getMessage());
            return refuse("the issuer's keys could not be fetched to check the bearer JWT");
        }
        return principal(claims);
    }

    private BearerAuth.Result principal(JWTClaimsSet claims) {
        Object nameValue = claim(claims, settings.nameClaim());
        if (nameValue == null) {
            nameValue = claims.getSubject();
        }
        if (!(nameValue instanceof String name) || name.isBlank()) {
            return refuse("the bearer JWT names no principal (" + settings.nameClaim() + " or sub)");
        }
        List<String> roleValues = strings(claim(claims, settings.roleClaim()));
        Role role = null;
        for (Map.Entry<String, List<String>> e : settings.roleValues().entrySet()) {
            Role r = Role.valueOf(e.getKey().toUpperCase(Locale.ROOT));
            if (e.getValue().stream().anyMatch(roleValues::contains) && (role == null || r.compareTo(role) > 0)) {
                role = r;
            }
        }
        if (role == null) {
            return refuse(
                    "no role for this token: its " + settings.roleClaim() + " claim names none of api.oidc.role.*");
        }
        List<String> sites = settings.sitesClaim() == null ? List.of() : strings(claim(claims, settings.sitesClaim()));
        if (sites.isEmpty()) {
            sites = settings.sitesDefault();
        }
        if (sites.isEmpty()) {
            return refuse("no sites for this token: it has no " + settings.sitesClaim()
                    + " claim and api.oidc.sites.default is not set");
        }
        return new BearerAuth.Result(new Principal(name, role, new SiteScope(sites)), null);
    }

    /** A claim by its dotted path ({@code realm_access.roles}), or null. */
    static Object claim(JWTClaimsSet claims, String path) {
        Object v = claims.getClaims();
        for (String part : path.split("\\.")) {
            if (!(v instanceof Map<?, ?> m)) {
                return null;
            }
            v = m.get(part);
        }
        return v;
    }

    /** A string (a comma list) or an array of strings, as a list; anything else is no value. */
    static List<String> strings(Object v) {
        List<String> out = new ArrayList<>();
        if (v instanceof String s) {
            for (String p : s.split(",")) {
                if (!p.isBlank()) {
                    out.add(p.trim());
                }
            }
        } else if (v instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof String s && !s.isBlank()) {
                    out.add(s.trim());
                }
            }
        }
        return out;
    }

    private static BearerAuth.Result refuse(String why) {
        return new BearerAuth.Result(null, why);
    }

    /** The registered claims, with refusals in our own words. */
    private final class ClaimsCheck implements JWTClaimsSetVerifier<SecurityContext> {
        @Override
        public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
            Instant now = Instant.now();
            long skew = settings.clockSkew().toMillis();
            if (!settings.issuer().equals(claims.getIssuer())) {
                throw new BadJWTException("the bearer JWT is from another issuer");
            }
            List<String> aud = claims.getAudience();
            if (aud == null || !aud.contains(settings.audience())) {
                throw new BadJWTException("the bearer JWT is for another audience");
            }
            Date exp = claims.getExpirationTime();
            if (exp == null) {
                throw new BadJWTException("the bearer JWT has no expiry (exp)");
            }
            if (exp.toInstant().plusMillis(skew).isBefore(now)) {
                throw new BadJWTException("the bearer JWT has expired");
            }
            Date nbf = claims.getNotBeforeTime();
            if (nbf != null && nbf.toInstant().minusMillis(skew).isAfter(now)) {
                throw new BadJWTException("the bearer JWT is not valid yet (nbf)");
            }
        }
    }
}
