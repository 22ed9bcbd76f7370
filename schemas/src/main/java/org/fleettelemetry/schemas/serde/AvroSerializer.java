package org.fleettelemetry.schemas.serde;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import org.fleettelemetry.schemas.registry.RegisteredSchema;
import org.fleettelemetry.schemas.registry.RegistryUnavailableException;
import org.fleettelemetry.schemas.registry.SchemaRegistryClient;
import org.fleettelemetry.schemas.registry.SchemaRegistryException;

/**
 * Writes records in Confluent's wire format (magic 0, schema id, Avro binary), registering or looking
 * up the schema under the subject the {@link SubjectNameStrategy} names. Accepts specific and generic
 * records and Avro primitives; {@code null} stays {@code null}. Thread-safe.
 *
 * <p>{@link RegistryUnavailableException} is thrown as is (retriable); every other failure is a
 * {@link SerializationException} naming the topic and the schema.
 */
public class AvroSerializer<T> implements Serializer<T> {

    private final Class<?> expectedType;
    private SchemaRegistryClient client;
    private boolean ownsClient;
    private AvroSerdeConfig config;
    private boolean isKey;

    /** Values resolved once per (topic, schema): the id to frame with and the writer to use. */
    private final Map<String, Map<Schema, Target>> targets = new ConcurrentHashMap<>();
    /** For use.latest.version: the subject per (topic, schema), computed once. */
    private final Map<String, Map<Schema, String>> subjects = new ConcurrentHashMap<>();
    /** For use.latest.version: (our schema, latest id) -> writer of our record into the latest schema. */
    private final Map<LatestKey, DatumWriter<Object>> latestWriters = new ConcurrentHashMap<>();

    private final Map<Schema, DatumWriter<Object>> writers = new ConcurrentHashMap<>();
    private final ThreadLocal<EncodeBuffer> buffers = EncodeBuffer.perThread();

    /** For Kafka's reflective instantiation: {@link #configure} creates the registry client. */
    public AvroSerializer() {
        this(null, null);
    }

    /** Shares the client (and its caches); usable at once with defaults, or {@link #configure}d. */
    public AvroSerializer(SchemaRegistryClient client) {
        this(client, null);
    }

    AvroSerializer(SchemaRegistryClient client, Class<?> expectedType) {
        this.client = client;
        this.expectedType = expectedType;
        this.config = AvroSerdeConfig.defaults();
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        configure(configs, isKey, null);
    }

    /** As {@link #configure(Map, boolean)}, using {@code shared} when no client was given at construction. */
    void configure(Map<String, ?> configs, boolean isKey, SchemaRegistryClient shared) {
        this.config = AvroSerdeConfig.from(configs, isKey);
        this.isKey = isKey;
        if (client == null) {
            if (shared != null) {
                client = shared;
            } else {
                client = SchemaRegistryClient.create(configs);
                ownsClient = true;
            }
        }
        targets.clear();
        subjects.clear();
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        if (client == null) {
            throw new IllegalStateException(
                    "AvroSerializer used before configure() and without a SchemaRegistryClient");
        }
        if (expectedType != null && !expectedType.isInstance(data)) {
            throw new SerializationException("serializer for " + expectedType.getName() + " was given a "
                    + data.getClass().getName() + " for topic '" + topic + "'");
        }
        Schema schema = AvroValues.schemaOf(topic, data);
        Target target = target(topic, schema);
        EncodeBuffer out = buffers.get();
        out.reset();
        out.write(WireFormat.MAGIC_BYTE);
        out.write(target.id >>> 24);
        out.write(target.id >>> 16);
        out.write(target.id >>> 8);
        out.write(target.id);
        if (target.writer == null) {
            byte[] raw = AvroValues.rawBytes(data);
            out.write(raw, 0, raw.length);
            return out.toByteArray();
        }
        try {
            if (target.writer instanceof CompiledRecordWriter compiled) {
                compiled.write(data, out);
            } else {
                BinaryEncoder encoder = out.avroEncoder();
                target.writer.write(data, encoder);
                encoder.flush();
            }
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(
                    "could not encode a value of schema '" + schema.getFullName() + "' for topic '" + topic
                            + "' with schema id " + target.id + ": " + e,
                    e);
        }
        return out.toByteArray();
    }

    private Target target(String topic, Schema schema) {
        if (config.useLatestVersion()) {
            return latestTarget(topic, schema);
        }
        Map<Schema, Target> byTopic = targets.computeIfAbsent(topic, t -> new ConcurrentHashMap<>());
        Target cached = byTopic.get(schema);
        if (cached != null) {
            return cached;
        }
        String subject = config.subjectNameStrategy().subjectName(topic, isKey, schema);
        int id;
        try {
            id = config.autoRegisterSchemas()
                    ? client.register(subject, schema)
                    : client.lookup(subject, schema).id();
        } catch (SchemaRegistryException e) {
            throw registryFailure(topic, schema, e);
        }
        Target target = new Target(id, writer(schema));
        byTopic.put(schema, target);
        return target;
    }

    /** Not cached here: the client's latest cache (with its TTL) decides when a new version is seen. */
    private Target latestTarget(String topic, Schema schema) {
        String subject = subjects.computeIfAbsent(topic, t -> new ConcurrentHashMap<>())
                .computeIfAbsent(schema, s -> config.subjectNameStrategy().subjectName(topic, isKey, s));
        RegisteredSchema latest;
        try {
            latest = client.latest(subject);
        } catch (SchemaRegistryException e) {
            throw registryFailure(topic, schema, e);
        }
        return new Target(latest.id(), latestWriter(topic, schema, latest));
    }

    private static SerializationException registryFailure(String topic, Schema schema, SchemaRegistryException e) {
        return new SerializationException(
                "could not serialize a value of schema '" + schema.getFullName() + "' for topic '" + topic + "': "
                        + e.getMessage(),
                e);
    }

    private DatumWriter<Object> writer(Schema schema) {
        if (schema.getType() == Schema.Type.BYTES) {
            return null;
        }
        return writers.computeIfAbsent(
                schema,
                s -> CompiledRecordWriter.compile(s)
                        .<DatumWriter<Object>>map(w -> w)
                        .orElseGet(() -> new SpecificDatumWriter<>(s, AvroWriteModel.byPosition())));
    }

    private DatumWriter<Object> latestWriter(String topic, Schema schema, RegisteredSchema latest) {
        if (latest.schema().equals(schema)) {
            return writer(schema);
        }
        return latestWriters.computeIfAbsent(new LatestKey(schema, latest.id()), key -> {
            SchemaCompatibility.SchemaPairCompatibility check =
                    SchemaCompatibility.checkReaderWriterCompatibility(latest.schema(), schema);
            if (check.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
                throw new SerializationException(
                        "cannot write a value of schema '" + schema.getFullName() + "' for topic '" + topic
                                + "' as the latest version " + latest.version() + " (schema id " + latest.id()
                                + ") of subject '" + latest.subject() + "': " + check.getDescription());
            }
            // the generic writer, because SpecificDatumWriter reads fields and conversions by position
            return new GenericDatumWriter<>(latest.schema(), AvroWriteModel.byName());
        });
    }

    @Override
    public void close() {
        if (ownsClient && client != null) {
            client.close();
        }
    }

    /** A null writer means the value is written raw (byte[] values, as Confluent does). */
    private record Target(int id, DatumWriter<Object> writer) {}

    private record LatestKey(Schema schema, int latestId) {}
}
