package org.fleettelemetry.streams.domain;

/** The active endpoint count of a site at one minute, for SILENT detection. */
public record ActiveSample(long at, int active) {}
