package org.fleettelemetry.collector.config;

/** Where to start reading a file that has no checkpoint yet. */
public enum StartPosition {
    BEGINNING,
    END
}
