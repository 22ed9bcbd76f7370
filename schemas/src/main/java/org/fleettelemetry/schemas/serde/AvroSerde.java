package org.fleettelemetry.schemas.serde;

import java.util.Map;
import java.util.Objects;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.fleettelemetry.schemas.registry.SchemaRegistryClient;

/**
 * Serializer and deserializer of one Avro type. When configured from a map (no client given), one
 * registry client is created for both halves and closed with the serde.
 *
 * <p>Kafka Streams does not call {@link #configure} on serdes passed to {@code Consumed.with} or
 * {@code Produced.with}: call it yourself, or pass a client.
 */
public class AvroSerde<T> implements Serde<T> {

    private final AvroSerializer<T> serializer;
    private final AvroDeserializer<T> deserializer;
    private final boolean clientGiven;
    private SchemaRegistryClient ownClient;

    /** For {@code default.key.serde}/{@code default.value.serde}: {@code specific.avro.reader} picks the mode. */
    public AvroSerde() {
        this(new AvroSerializer<>(), new AvroDeserializer<>(), false);
    }

    /** Shares the client; generic until {@link #configure}d with {@code specific.avro.reader=true}. */
    public AvroSerde(SchemaRegistryClient client) {
        this(new AvroSerializer<>(client), new AvroDeserializer<>(client), true);
    }

    private AvroSerde(AvroSerializer<T> serializer, AvroDeserializer<T> deserializer, boolean clientGiven) {
        this.serializer = serializer;
        this.deserializer = deserializer;
        this.clientGiven = clientGiven;
    }

    /** Reads always into {@code type} with its own schema, whichever compatible version wrote the record. */
    public static <T extends SpecificRecord> AvroSerde<T> specific(Class<T> type) {
        return new AvroSerde<>(new AvroSerializer<>(null, type), AvroDeserializer.specific(type), false);
    }

    /** As {@link #specific(Class)}, decoding what the class's own schema wrote with {@code sameLayout}. */
    public static <T extends SpecificRecord> AvroSerde<T> specific(
            Class<T> type, AvroDeserializer.BodyReader<T> sameLayout) {
        return new AvroSerde<>(new AvroSerializer<>(null, type), AvroDeserializer.specific(type, sameLayout), false);
    }

    public static <T extends SpecificRecord> AvroSerde<T> specific(Class<T> type, SchemaRegistryClient client) {
        Objects.requireNonNull(client, "client");
        return new AvroSerde<>(new AvroSerializer<>(client, type), AvroDeserializer.specific(type, client), true);
    }

    /** Generic records in the writer's schema. */
    public static AvroSerde<GenericRecord> generic() {
        return new AvroSerde<>(new AvroSerializer<>(), AvroDeserializer.generic(), false);
    }

    public static AvroSerde<GenericRecord> generic(SchemaRegistryClient client) {
        Objects.requireNonNull(client, "client");
        return new AvroSerde<>(new AvroSerializer<>(client), AvroDeserializer.generic(client), true);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        SchemaRegistryClient shared = null;
        if (!clientGiven) {
            if (ownClient == null) {
                ownClient = SchemaRegistryClient.create(configs);
            }
            shared = ownClient;
        }
        serializer.configure(configs, isKey, shared);
        deserializer.configure(configs, isKey, shared);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    @Override
    public void close() {
        serializer.close();
        deserializer.close();
        if (ownClient != null) {
            ownClient.close();
        }
    }
}
