package org.fleettelemetry.streams.domain;

/**
 * A site alert the fleet stage holds (group wait) or swallows (a fleet alert of its class is open): the latest
 * candidate received for it, so it can be published with its latest figures when released or promoted.
 *
 * @param receivedAt when its OPEN arrived (the group wait counts from here)
 */
public record HeldSiteAlert(long receivedAt, AlertSnapshot latest) {}
