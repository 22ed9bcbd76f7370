package org.fleettelemetry.streams.domain;

/**
 * The latest summary of one site in the fleet state.
 *
 * @param lastActiveAt the last time the site had an active endpoint (sites silent for the retention are forgotten)
 */
public record SiteEntry(SiteSummary summary, long receivedAt, long lastActiveAt) {}
