package org.fleettelemetry.streams.domain;

/**
 * A site alert the fleet stage holds (group wait) or swallows (a fleet alert of its class is open): the latest
 * candidate received for it, so it can be published with its latest figures when released or promoted.
 *
 * @param receivedAt when its OPEN arrived, or when the site first saw its condition if that was earlier (an outage
 *     that had to settle before it opened): the group wait counts from here
 * @param receivedWall the wall-clock time its OPEN arrived, null where nothing settles (event-time-ordered input, or
 *     a state an older version wrote): it is held at least {@link DetectionParams#settle()} past it, so that the other
 *     sites of a backlog, whose conditions settle within that of this one, can make it a FLEET outage first
 */
public record HeldSiteAlert(long receivedAt, AlertSnapshot latest, Long receivedWall) {}
