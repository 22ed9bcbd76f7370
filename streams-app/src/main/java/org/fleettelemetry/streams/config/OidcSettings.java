package org.fleettelemetry.streams.config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fleettelemetry.config.ConfigReader;

/**
 * Single sign-on for the query API, from {@code api.oidc.*}: bearer JWTs of one OIDC issuer, checked against its JWKS.
 * Absent ({@link #OFF}) unless {@code api.oidc.issuer} is set. Config knows roles by name only; the HTTP layer maps
 * them to permissions.
 *
 * @param roleValues claim values per role name ({@code viewer}, {@code operator}, {@code admin}), highest role wins
 * @param sitesClaim the claim that holds site globs, or null when every token gets {@code sitesDefault}
 * @param sitesDefault the globs of a token without the sites claim, or an empty list: such a token is refused
 */
public record OidcSettings(
        String issuer,
        String audience,
        URI jwksUrl,
        Duration clockSkew,
        Duration jwksTimeout,
        Duration jwksMinRefresh,
        String nameClaim,
        String roleClaim,
        Map<String, List<String>> roleValues,
        String sitesClaim,
        List<String> sitesDefault) {
    public static final String PREFIX = "api.oidc.";
    public static final OidcSettings OFF = null;
    private static final Set<String> KEYS = Set.of(
            "issuer",
            "audience",
            "jwks.url",
            "clock.skew",
            "jwks.timeout",
            "jwks.min.refresh",
            "name.claim",
            "role.claim",
            "role.viewer",
            "role.operator",
            "role.admin",
            "sites.claim",
            "sites.default");

    public OidcSettings {
        roleValues = Map.copyOf(roleValues);
        sitesDefault = List.copyOf(sitesDefault);
    }

    /** Reads {@code api.oidc.*}, each problem reported by its key; null when {@code api.oidc.issuer} is not set. */
    static OidcSettings read(ConfigReader r) {
        Map<String, String> all = r.prefixed(PREFIX);
        for (String k : all.keySet()) {
            if (!KEYS.contains(k)) {
                r.problem("unknown key " + PREFIX + k + " (known: " + PREFIX + String.join(", " + PREFIX, sorted())
                        + ")");
            }
        }
        String issuer = blankToNull(all.get("issuer"));
        if (issuer == null) {
            if (!all.isEmpty()) {
                r.problem(PREFIX + "issuer is required with any other " + PREFIX + "* key");
            }
            return OFF;
        }
        String audience = blankToNull(all.get("audience"));
        if (audience == null) {
            r.problem(PREFIX + "audience is required with " + PREFIX
                    + "issuer (the client id or API URI the tokens are issued for)");
        }
        URI jwks = null;
        String jwksText = blankToNull(all.get("jwks.url"));
        if (jwksText == null) {
            r.problem(PREFIX + "jwks.url is required with " + PREFIX
                    + "issuer (the jwks_uri of the issuer's .well-known/openid-configuration)");
        } else {
            try {
                jwks = URI.create(jwksText);
                if (jwks.getHost() == null || !("https".equals(jwks.getScheme()) || loopbackHttp(jwks))) {
                    r.problem(PREFIX + "jwks.url must be an https URL (plain http only on a loopback host), got '"
                            + jwksText + "'");
                }
            } catch (IllegalArgumentException e) {
                r.problem(PREFIX + "jwks.url is not a URL: '" + jwksText + "'");
            }
        }
        Duration skew = r.duration(PREFIX + "clock.skew", Duration.ofSeconds(60));
        if (skew.isNegative() || skew.compareTo(Duration.ofMinutes(5)) > 0) {
            r.problem(PREFIX + "clock.skew must be between 0s and 5m, got " + skew);
        }
        Duration timeout = r.duration(PREFIX + "jwks.timeout", Duration.ofSeconds(5));
        if (timeout.isZero() || timeout.isNegative()) {
            r.problem(PREFIX + "jwks.timeout must be positive");
        }
        Duration minRefresh = r.duration(PREFIX + "jwks.min.refresh", Duration.ofSeconds(30));
        if (minRefresh.isNegative()) {
            r.problem(PREFIX + "jwks.min.refresh must not be negative");
        }
        String nameClaim = r.string(PREFIX + "name.claim", "preferred_username");
        String roleClaim = r.string(PREFIX + "role.claim", "roles");
        Map<String, List<String>> roleValues = new LinkedHashMap<>();
        for (String role : ApiPrincipal.ROLES) {
            List<String> values = split(all.get("role." + role));
            if (!values.isEmpty()) {
                roleValues.put(role, values);
            }
        }
        if (roleValues.isEmpty()) {
            r.problem("at least one of " + PREFIX + "role.viewer, " + PREFIX + "role.operator and " + PREFIX
                    + "role.admin is required with " + PREFIX + "issuer (the " + roleClaim
                    + " claim values that give the role)");
        }
        String sitesClaim = blankToNull(all.get("sites.claim"));
        List<String> sitesDefault = split(all.get("sites.default"));
        if (sitesClaim == null && sitesDefault.isEmpty()) {
            r.problem(PREFIX + "sites.claim or " + PREFIX + "sites.default is required with " + PREFIX
                    + "issuer (sites.default=* gives every token every site)");
        }
        return new OidcSettings(
                issuer,
                audience,
                jwks,
                skew,
                timeout,
                minRefresh,
                nameClaim,
                roleClaim,
                roleValues,
                sitesClaim,
                sitesDefault);
    }

    private static boolean loopbackHttp(URI u) {
        String h = u.getHost();
        return "http".equals(u.getScheme())
                && (h.equals("localhost") || h.equals("[::1]") || h.equals("::1") || h.startsWith("127."));
    }

    private static List<String> sorted() {
        return KEYS.stream().sorted().toList();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    static List<String> split(String commaList) {
        List<String> out = new ArrayList<>();
        if (commaList != null) {
            for (String v : commaList.split(",")) {
                if (!v.isBlank()) {
                    out.add(v.trim());
                }
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "OidcSettings{issuer=" + issuer + ", audience=" + audience + ", jwks.url=" + jwksUrl + ", clock.skew="
                + clockSkew + ", role.claim=" + roleClaim + ", roles=" + roleValues + ", sites.claim=" + sitesClaim
                + ", sites.default=" + sitesDefault + "}";
    }
}
