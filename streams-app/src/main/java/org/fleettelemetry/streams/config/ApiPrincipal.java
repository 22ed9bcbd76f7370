package org.fleettelemetry.streams.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.fleettelemetry.config.ConfigReader;

/**
 * A named principal of the query API, from {@code api.principal.<name>.*}: the SHA-256 of its bearer token (never the
 * token), its role and the sites it may see. Config knows the role by its name only; the HTTP layer maps it to its
 * permissions.
 *
 * @param role one of {@link #ROLES}, lower case
 * @param sites comma-list globs, at least one
 * @param tokenSha256 64 lower-case hex characters
 */
public record ApiPrincipal(String name, String role, List<String> sites, String tokenSha256) {
    public static final String PREFIX = "api.principal.";
    public static final List<String> ROLES = List.of("viewer", "operator", "admin");
    /** A name is one key segment: no dot, so that {@code api.principal.<name>.<sub-key>} splits one way only. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Set<String> SUB_KEYS = Set.of("token.sha256", "role", "sites");

    public ApiPrincipal {
        sites = List.copyOf(sites);
    }

    /** Why {@code name} cannot name a principal, or null when it can. */
    public static String nameProblem(String name) {
        return name != null && NAME.matcher(name).matches()
                ? null
                : "a principal's name is 1 to 64 letters, digits, '-' or '_' (starting with a letter or digit), got '"
                        + name + "'";
    }

    /** Why {@code role} is not a role, or null when it is (case does not matter). */
    public static String roleProblem(String role) {
        return role != null && ROLES.contains(role.trim().toLowerCase(Locale.ROOT))
                ? null
                : "must be viewer, operator or admin";
    }

    /**
     * Reads every {@code api.principal.*} key, reporting each problem by its key through {@code r}. The digests of
     * {@code apiTokens} are passed in so that a principal that repeats one of them is refused too.
     */
    static List<ApiPrincipal> read(ConfigReader r, List<String> apiTokenDigests) {
        Map<String, Map<String, String>> byName = new TreeMap<>();
        r.prefixed(PREFIX).forEach((rest, value) -> {
            int dot = rest.indexOf('.');
            String name = dot < 0 ? rest : rest.substring(0, dot);
            String sub = dot < 0 ? "" : rest.substring(dot + 1);
            if (!SUB_KEYS.contains(sub)) {
                r.problem("unknown key " + PREFIX + rest + " (a principal takes " + PREFIX + "<name>.token.sha256, "
                        + ".role and .sites)");
                return;
            }
            byName.computeIfAbsent(name, n -> new HashMap<>()).put(sub, value == null ? "" : value.trim());
        });
        List<ApiPrincipal> out = new ArrayList<>();
        Map<String, String> hashOwners = new HashMap<>();
        apiTokenDigests.forEach(d -> hashOwners.put(d, "a token of api.tokens"));
        byName.forEach((name, subs) -> {
            String key = PREFIX + name;
            String nameProblem = nameProblem(name);
            if (nameProblem != null) {
                r.problem(key + ".*: " + nameProblem);
                return;
            }
            String role = subs.get("role");
            String hash = subs.get("token.sha256");
            String sites = subs.getOrDefault("sites", "*");
            boolean ok = true;
            if (role == null || role.isEmpty()) {
                r.problem(key + ".role is required (viewer, operator or admin)");
                ok = false;
            } else if (roleProblem(role) != null) {
                r.problem(key + ".role='" + role + "' is invalid: " + roleProblem(role));
                ok = false;
            }
            if (hash == null || hash.isEmpty()) {
                r.problem(key + ".token.sha256 is required (the SHA-256 of its token, as"
                        + " `streams-app token create` prints it)");
                ok = false;
            } else if (!SHA256_HEX.matcher(hash).matches()) {
                // the value is not echoed: a token pasted here by mistake must not reach the log
                r.problem(key + ".token.sha256 must be 64 hex characters (the SHA-256 of the token, not the token),"
                        + " got " + hash.length() + " characters");
                ok = false;
            }
            List<String> globs = splitGlobs(sites);
            if (globs.isEmpty()) {
                r.problem(key + ".sites must list at least one site glob (default *)");
                ok = false;
            }
            if (!ok) {
                return;
            }
            String digest = hash.toLowerCase(Locale.ROOT);
            String other = hashOwners.putIfAbsent(digest, key + ".token.sha256");
            if (other != null) {
                r.problem(key + ".token.sha256 is the same token as " + other + ": each principal needs its own");
                return;
            }
            out.add(new ApiPrincipal(name, role.toLowerCase(Locale.ROOT), globs, digest));
        });
        return out;
    }

    /** The SHA-256 of a token, as 64 lower-case hex characters: what {@code token.sha256} holds. */
    public static String sha256Hex(String token) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static List<String> splitGlobs(String commaList) {
        List<String> out = new ArrayList<>();
        for (String g : commaList.split(",")) {
            if (!g.isBlank()) {
                out.add(g.trim());
            }
        }
        return out;
    }

    /** Never the digest: it is not secret, but nothing of a token belongs in a log line. */
    @Override
    public String toString() {
        return name + "(" + role + ", sites=" + String.join(",", sites) + ")";
    }
}
