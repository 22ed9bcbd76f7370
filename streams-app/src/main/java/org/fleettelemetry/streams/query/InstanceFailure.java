package org.fleettelemetry.streams.query;

/** An instance whose share of a fan-out is missing from an answer, and why. */
public record InstanceFailure(String instance, String reason) {}
