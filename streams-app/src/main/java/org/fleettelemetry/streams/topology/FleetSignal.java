package org.fleettelemetry.streams.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.schemas.serde.SchemaHistory;
import org.fleettelemetry.streams.domain.SiteSummary;

/**
 * What the site stage tells the fleet stage: a changed site summary, or a site alert candidate (kept as
 * Avro single-object bytes, since the alert is an Avro record).
 */
public record FleetSignal(SiteSummary summary, byte[] candidate) {

    public static FleetSignal of(SiteSummary summary) {
        return new FleetSignal(summary, null);
    }

    public static FleetSignal of(ConnectivityAlert candidate) {
        try {
            ByteBuffer buffer = candidate.toByteBuffer();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return new FleetSignal(null, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode alert candidate " + candidate.getAlertId(), e);
        }
    }

    public ConnectivityAlert alert() {
        try {
            // an instance of the previous version may have written it (rolling upgrade)
            return candidate == null ? null : SchemaHistory.decodeAlert(ByteBuffer.wrap(candidate));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode an alert candidate", e);
        }
    }
}
