package org.fleettelemetry.schemas.serde;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.Utf8;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.fleettelemetry.schemas.registry.RegistryUnavailableException;
import org.fleettelemetry.schemas.registry.SchemaRegistryClient;
import org.fleettelemetry.schemas.registry.SchemaRegistryException;

/**
 * Reads Confluent wire format: fetches the writer schema by id (cached) and resolves it to the
 * reader schema, so older and newer writers decode into what this reader expects. What the reader
 * schema is depends on how the deserializer was made:
 *
 * <ul>
 *   <li>{@link #specific(Class)}: always the class's schema, values are that class;
 *   <li>{@link #generic(Schema)}: the given schema, values are {@link GenericRecord};
 *   <li>no-arg / client constructor: {@code specific.avro.reader=true} reads into the generated class
 *       named by the writer schema with that class's schema; false (default) reads generic records
 *       with the writer's schema.
 * </ul>
 *
 * Strings inside generic records are {@link String} when the schema says {@code
 * "avro.java.string": "String"} (our generated contracts do) and Avro's {@code Utf8} otherwise, as in
 * plain Avro; a bare string payload (a key) is always a {@link String}. Other primitive payloads come
 * back as Integer, Long, Float, Double, Boolean or byte[]. {@link RegistryUnavailableException} passes
 * through as is; every other failure is a {@link SerializationException} naming topic and schema id.
 */
public class AvroDeserializer<T> implements Deserializer<T> {

    /**
     * Decodes the Avro body of a record written with exactly the reader's schema (the same Parsing Canonical Form, so
     * the same binary layout): hand-written code for a hot type, in place of Avro's resolving reader. Reads the whole
     * body; the deserializer checks that nothing is left over.
     */
    @FunctionalInterface
    public interface BodyReader<T> {
        T read(BinaryDecoder in) throws IOException;
    }

    private final Class<?> specificType;
    private final Schema fixedReaderSchema;
    /** With {@link #fixedReaderSchema}: the reader for writers of that very layout, or null. */
    private final BodyReader<?> sameLayoutReader;

    private final long readerFingerprint;
    private SchemaRegistryClient client;
    private boolean ownsClient;
    private boolean specificByWriterName;

    /** Per writer schema id: the reader to use, or why this deserializer cannot read it. */
    private final Map<Integer, ReaderEntry> readers = new ConcurrentHashMap<>();

    private final ThreadLocal<BinaryDecoder> decoders = new ThreadLocal<>();

    /** For Kafka's reflective instantiation: {@link #configure} creates the client and picks the mode. */
    public AvroDeserializer() {
        this(null, null, null);
    }

    /** Shares the client (and its caches); generic until {@link #configure}d otherwise. */
    public AvroDeserializer(SchemaRegistryClient client) {
        this(client, null, null);
    }

    private AvroDeserializer(SchemaRegistryClient client, Class<?> specificType, Schema fixedReaderSchema) {
        this(client, specificType, fixedReaderSchema, null);
    }

    private AvroDeserializer(
            SchemaRegistryClient client, Class<?> specificType, Schema fixedReaderSchema, BodyReader<?> sameLayout) {
        this.client = client;
        this.specificType = specificType;
        this.fixedReaderSchema = fixedReaderSchema;
        this.sameLayoutReader = sameLayout;
        this.readerFingerprint = sameLayout == null ? 0 : SchemaNormalization.parsingFingerprint64(fixedReaderSchema);
    }

    /**
     * As {@link #specific(Class)}, but a record whose writer schema has the class's own layout is decoded by {@code
     * sameLayout}; any other compatible writer goes through Avro's resolving reader as before.
     */
    public static <T extends SpecificRecord> AvroDeserializer<T> specific(Class<T> type, BodyReader<T> sameLayout) {
        return new AvroDeserializer<>(
                null, type, SpecificData.get().getSchema(type), Objects.requireNonNull(sameLayout, "sameLayout"));
    }

    /** Always reads into {@code type} with its own schema; the client comes from {@link #configure}. */
    public static <T extends SpecificRecord> AvroDeserializer<T> specific(Class<T> type) {
        return new AvroDeserializer<>(null, type, SpecificData.get().getSchema(type));
    }

    public static <T extends SpecificRecord> AvroDeserializer<T> specific(Class<T> type, SchemaRegistryClient client) {
        return new AvroDeserializer<>(
                Objects.requireNonNull(client, "client"),
                type,
                SpecificData.get().getSchema(type));
    }

    /** Generic records in the writer's schema; the client comes from {@link #configure}. */
    public static AvroDeserializer<GenericRecord> generic() {
        return new AvroDeserializer<>(null, null, null);
    }

    /** Generic records resolved to {@code readerSchema}; the client comes from {@link #configure}. */
    public static AvroDeserializer<GenericRecord> generic(Schema readerSchema) {
        return new AvroDeserializer<>(null, null, Objects.requireNonNull(readerSchema, "readerSchema"));
    }

    public static AvroDeserializer<GenericRecord> generic(SchemaRegistryClient client) {
        return new AvroDeserializer<>(Objects.requireNonNull(client, "client"), null, null);
    }

    public static AvroDeserializer<GenericRecord> generic(SchemaRegistryClient client, Schema readerSchema) {
        return new AvroDeserializer<>(
                Objects.requireNonNull(client, "client"), null, Objects.requireNonNull(readerSchema, "readerSchema"));
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        configure(configs, isKey, null);
    }

    /** As {@link #configure(Map, boolean)}, using {@code shared} when no client was given at construction. */
    void configure(Map<String, ?> configs, boolean isKey, SchemaRegistryClient shared) {
        AvroSerdeConfig config = AvroSerdeConfig.from(configs, isKey);
        this.specificByWriterName = config.specificAvroReader() && specificType == null && fixedReaderSchema == null;
        if (client == null) {
            if (shared != null) {
                client = shared;
            } else {
                client = SchemaRegistryClient.create(configs);
                ownsClient = true;
            }
        }
        readers.clear();
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (client == null) {
            throw new IllegalStateException(
                    "AvroDeserializer used before configure() and without a SchemaRegistryClient");
        }
        int id = WireFormat.schemaId(topic, data);
        ReaderEntry entry = readers.get(id);
        if (entry == null) {
            entry = readerFor(topic, id);
            readers.putIfAbsent(id, entry);
        }
        if (entry.failure != null) {
            throw new SerializationException("cannot read a record of topic '" + topic + "': " + entry.failure);
        }
        if (entry.reader == null) {
            return (T) Arrays.copyOfRange(data, WireFormat.HEADER_SIZE, data.length);
        }
        BinaryDecoder decoder = DecoderFactory.get()
                .binaryDecoder(data, WireFormat.HEADER_SIZE, data.length - WireFormat.HEADER_SIZE, decoders.get());
        decoders.set(decoder);
        Object value;
        boolean complete;
        try {
            value = entry.reader.read(null, decoder);
            complete = decoder.isEnd();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(
                    "could not decode a " + data.length + "-byte record from topic '" + topic
                            + "' with writer schema id " + id + " (" + entry.writer.getFullName()
                            + "): truncated or corrupt"
                            + " Avro body: " + e,
                    e);
        }
        if (!complete) {
            throw new SerializationException("could not decode a " + data.length + "-byte record from topic '" + topic
                    + "' with writer schema id " + id + " (" + entry.writer.getFullName() + "): bytes left over after"
                    + " the record, the body does not match its schema");
        }
        // a bare string (typically a key) is worth a String: Utf8 is not equal to String
        return (T) (value instanceof Utf8 utf8 ? utf8.toString() : value);
    }

    private ReaderEntry readerFor(String topic, int id) {
        Schema writer;
        try {
            writer = client.schemaById(id);
        } catch (RegistryUnavailableException e) {
            throw e;
        } catch (SchemaRegistryException e) {
            throw new SerializationException(
                    "cannot read a record of topic '" + topic + "' with writer schema id " + id + ": " + e.getMessage(),
                    e);
        }
        if (writer.getType() == Schema.Type.BYTES && fixedReaderSchema == null) {
            return new ReaderEntry(writer, null, null);
        }
        if (fixedReaderSchema != null) {
            if (sameLayoutReader != null && SchemaNormalization.parsingFingerprint64(writer) == readerFingerprint) {
                return new ReaderEntry(writer, new SameLayout(sameLayoutReader), null);
            }
            return resolving(id, writer, fixedReaderSchema, specificType);
        }
        if (specificByWriterName && isNamed(writer)) {
            Class<?> type = SpecificData.get().getClass(writer);
            if (type == null
                    || !SpecificRecord.class.isAssignableFrom(type) && writer.getType() == Schema.Type.RECORD) {
                return new ReaderEntry(
                        writer,
                        null,
                        "specific.avro.reader=true but no generated class " + writer.getFullName()
                                + " on the classpath for writer schema id " + id);
            }
            return resolving(id, writer, SpecificData.get().getSchema(type), type);
        }
        return new ReaderEntry(writer, new GenericDatumReader<>(writer, writer, GenericData.get()), null);
    }

    private static ReaderEntry resolving(int id, Schema writer, Schema reader, Class<?> type) {
        SchemaCompatibility.SchemaPairCompatibility check =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (check.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            return new ReaderEntry(
                    writer,
                    null,
                    "writer schema id " + id + " (" + writer.getFullName() + ") cannot be read as "
                            + reader.getFullName() + ": " + check.getDescription());
        }
        DatumReader<Object> datumReader = type != null
                ? new SpecificDatumReader<>(writer, reader, SpecificData.getForClass(type))
                : new GenericDatumReader<>(writer, reader, GenericData.get());
        return new ReaderEntry(writer, datumReader, null);
    }

    private static boolean isNamed(Schema schema) {
        Schema.Type type = schema.getType();
        return type == Schema.Type.RECORD || type == Schema.Type.ENUM || type == Schema.Type.FIXED;
    }

    @Override
    public void close() {
        if (ownsClient && client != null) {
            client.close();
        }
    }

    /** A {@link BodyReader} where the deserializer takes a DatumReader: it always reads with a BinaryDecoder. */
    private record SameLayout(BodyReader<?> body) implements DatumReader<Object> {
        @Override
        public void setSchema(Schema schema) {}

        @Override
        public Object read(Object reuse, Decoder in) throws IOException {
            return body.read((BinaryDecoder) in);
        }
    }

    /** A null reader with no failure means the payload is raw bytes (Confluent's byte[] framing). */
    private record ReaderEntry(Schema writer, DatumReader<Object> reader, String failure) {}
}
