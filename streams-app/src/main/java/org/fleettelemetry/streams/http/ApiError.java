package org.fleettelemetry.streams.http;

/** Every error body: a stable code for programs and a message for people; never a stack trace. */
public record ApiError(String code, String message) {}
