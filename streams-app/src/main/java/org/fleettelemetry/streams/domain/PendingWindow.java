package org.fleettelemetry.streams.domain;

/**
 * One endpoint's failures in one (proxy, code, window) that the endpoint stage counted but has not yet passed to
 * the site stage. Kept with the endpoint's state so that a task restored after a crash flushes them again.
 */
public record PendingWindow(long start, FailureWindow window) {}
