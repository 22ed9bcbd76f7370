package org.fleettelemetry.streams.http;

/** A health answer: UP or DOWN, and the Kafka Streams state behind it. */
public record Health(String status, String streams) {}
