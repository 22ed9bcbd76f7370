package org.fleettelemetry.collector.probe;

/** One step walked: whether it worked, how long it took (to its failure when it failed), and what it found. */
public record StepOutcome(Step step, boolean ok, long latencyMicros, String detail) {}
