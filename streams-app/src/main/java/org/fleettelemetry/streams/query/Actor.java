package org.fleettelemetry.streams.query;

import java.util.function.Predicate;

/**
 * Who acts, as the query layer needs to know it (the HTTP layer makes it from its principal): the name recorded in
 * {@code createdBy} and the audit trail, the role's name, what it may do and which sites it may act on.
 */
public record Actor(
        String name,
        String role,
        boolean mayAct,
        boolean mayExpireOthers,
        boolean allSites,
        Predicate<String> siteAllowed) {}
