package org.fleettelemetry.streams.http;

import java.util.List;
import java.util.Locale;
import org.fleettelemetry.streams.http.auth.Principal;

/**
 * {@code GET /api/v1/me}: who the token is, what it may do and which sites it sees, so that a page can hide what the
 * caller may not use. Never the token.
 *
 * @param role viewer, operator or admin
 * @param sites the scope's globs ({@code ["*"]}: every site)
 */
public record Me(String name, String role, List<String> sites) {
    public static Me of(Principal p) {
        return new Me(
                p.name(), p.role().name().toLowerCase(Locale.ROOT), p.sites().globs());
    }
}
