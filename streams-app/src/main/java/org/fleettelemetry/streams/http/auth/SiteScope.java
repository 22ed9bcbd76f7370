package org.fleettelemetry.streams.http.auth;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.fleettelemetry.streams.query.SiteFilter;

/**
 * The sites a principal may see and act on, as globs ({@code *} any run of characters, {@code ?} one character;
 * nothing else is special). {@link #ALL} is {@code *}.
 */
public final class SiteScope implements SiteFilter {
    public static final SiteScope ALL = new SiteScope(List.of("*"));

    private final List<String> globs;
    private final List<Pattern> patterns;
    private final boolean all;

    public SiteScope(List<String> globs) {
        if (globs == null || globs.isEmpty()) {
            throw new IllegalArgumentException("a site scope needs at least one glob");
        }
        this.globs = List.copyOf(globs);
        this.patterns = this.globs.stream().map(SiteScope::compile).toList();
        this.all = this.globs.contains("*");
    }

    /** Parses {@code "acme-*, beta"}: a comma list of globs. */
    public static SiteScope parse(String commaList) {
        Objects.requireNonNull(commaList, "commaList");
        List<String> globs = java.util.Arrays.stream(commaList.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
        return new SiteScope(globs);
    }

    /** Whether every site is in scope. */
    @Override
    public boolean all() {
        return all;
    }

    public List<String> globs() {
        return globs;
    }

    @Override
    public boolean allows(String site) {
        if (all) {
            return true;
        }
        if (site == null) {
            return false;
        }
        for (Pattern p : patterns) {
            if (p.matcher(site).matches()) {
                return true;
            }
        }
        return false;
    }

    private static Pattern compile(String glob) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SiteScope other && globs.equals(other.globs);
    }

    @Override
    public int hashCode() {
        return globs.hashCode();
    }

    @Override
    public String toString() {
        return String.join(",", globs);
    }
}
