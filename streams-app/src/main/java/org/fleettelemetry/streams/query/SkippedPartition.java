package org.fleettelemetry.streams.query;

/** A partition of a store an instance holds but could not serve for a fan-out, and why. */
public record SkippedPartition(int partition, String reason) {}
