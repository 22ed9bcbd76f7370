package org.fleettelemetry.streams.http.auth;

import org.fleettelemetry.streams.query.ForbiddenException;
import org.fleettelemetry.streams.query.NotFoundException;

/**
 * What a principal may do, as the routes ask it: a role that may not is a 403 ({@link ForbiddenException}); a site
 * outside its scope is the very 404 a site that does not exist gets, so that a scope does not tell which sites exist.
 */
public final class Access {
    private Access() {}

    /** Acknowledging and silencing: operators and admins. */
    public static void requireAct(Principal p) {
        if (!p.role().mayAct()) {
            throw new ForbiddenException(
                    "principal '" + p.name() + "' is a " + roleName(p) + ": only operators and admins may do this");
        }
    }

    /** Expiring another principal's silence: admins. */
    public static void requireExpireOthers(Principal p) {
        if (!p.role().mayExpireOthers()) {
            throw new ForbiddenException("principal '" + p.name() + "' is a " + roleName(p)
                    + ": only admins may expire another principal's silence");
        }
    }

    /** The site, if the principal may see it; else the 404 of a site that does not exist. */
    public static String requireSite(Principal p, String site) {
        if (!p.sites().allows(site)) {
            throw NotFoundException.site(site);
        }
        return site;
    }

    public static boolean sees(Principal p, String site) {
        return p.sites().allows(site);
    }

    private static String roleName(Principal p) {
        return p.role().name().toLowerCase(java.util.Locale.ROOT);
    }
}
