package org.fleettelemetry.streams.query;

import org.fleettelemetry.schemas.avro.AlertAction;

/** Where actions are recorded: returns once the record is durable (acks=all), else throws UnavailableException. */
public interface ActionLog extends AutoCloseable {
    void append(AlertAction action);

    @Override
    void close();
}
