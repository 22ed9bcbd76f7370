package org.fleettelemetry.streams.query;

/** Failures of one proxy and error code over a whole time range: the sum of its windows. */
public record FailureTotal(String proxy, String errorCode, String errorClass, long count, int windows) {}
