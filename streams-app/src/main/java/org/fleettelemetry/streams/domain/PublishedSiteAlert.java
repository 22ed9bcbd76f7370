package org.fleettelemetry.streams.domain;

/**
 * A site alert the fleet stage published and that is not resolved yet.
 *
 * @param revision the last revision published (the fleet stage numbers 1, 2, 3... whatever the site skipped)
 * @param siteRevision the last site revision received (older or repeated candidates are duplicates)
 */
public record PublishedSiteAlert(String site, String errorClass, int revision, int siteRevision) {}
