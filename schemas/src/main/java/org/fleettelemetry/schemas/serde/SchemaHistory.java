package org.fleettelemetry.schemas.serde;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.SchemaStore;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.schemas.avro.EndpointEvent;

/**
 * The earlier versions of our record schemas, kept under {@code src/main/resources/avro-history}.
 *
 * <p>Avro single-object bytes (what the streams app keeps in its own stores and repartition topics) name their writer
 * schema by fingerprint only: a decoder that knows just the current schema cannot read what the previous version of
 * the app wrote. Records framed for the registry do not need this, the registry serves their writer schema by id.
 */
public final class SchemaHistory {
    private static final List<Schema> CONNECTIVITY_ALERT = List.of(
            load("ConnectivityAlert-v1.avsc"),
            load("ConnectivityAlert-v2.avsc"),
            load("ConnectivityAlert-v3.avsc"),
            load("ConnectivityAlert-v4.avsc"));
    private static final BinaryMessageDecoder<ConnectivityAlert> ALERT_DECODER = alertDecoder();
    private static final List<Schema> ENDPOINT_EVENT = List.of(load("EndpointEvent-v1.avsc"));
    private static final BinaryMessageDecoder<EndpointEvent> EVENT_DECODER = eventDecoder();

    private SchemaHistory() {}

    /**
     * The earlier versions of {@link ConnectivityAlert}, oldest first (v1: before {@code remediationSteps}; v2: before
     * {@code outageScope}; v3: before {@code silencedBy} and the acknowledgement; v4: before the active probe's
     * {@code probeConfirmed}, {@code probeEndpoints}, {@code probeFailedStep} and {@code probeDetail}).
     */
    public static List<Schema> connectivityAlert() {
        return CONNECTIVITY_ALERT;
    }

    /** Decodes {@link ConnectivityAlert} single-object bytes written with the current schema or an earlier one. */
    public static ConnectivityAlert decodeAlert(java.nio.ByteBuffer bytes) throws IOException {
        return ALERT_DECODER.decode(bytes);
    }

    /** The earlier versions of {@link EndpointEvent}, oldest first (v1: before {@code endOffset}). */
    public static List<Schema> endpointEvent() {
        return ENDPOINT_EVENT;
    }

    /**
     * Decodes {@link EndpointEvent} single-object bytes written with the current schema or an earlier one: the
     * collector's disk spool may hold events an earlier version wrote before it was upgraded.
     */
    public static EndpointEvent decodeEvent(java.nio.ByteBuffer bytes) throws IOException {
        return EVENT_DECODER.decode(bytes);
    }

    private static BinaryMessageDecoder<EndpointEvent> eventDecoder() {
        SchemaStore.Cache earlier = new SchemaStore.Cache();
        ENDPOINT_EVENT.forEach(earlier::addSchema);
        return EndpointEvent.createDecoder(earlier);
    }

    private static BinaryMessageDecoder<ConnectivityAlert> alertDecoder() {
        SchemaStore.Cache earlier = new SchemaStore.Cache();
        CONNECTIVITY_ALERT.forEach(earlier::addSchema);
        return ConnectivityAlert.createDecoder(earlier);
    }

    private static Schema load(String file) {
        String resource = "/avro-history/" + file;
        try (InputStream in = SchemaHistory.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath");
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
    }
}
