package org.fleettelemetry.schemas.serde;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.UnresolvedUnionException;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.Encoder;
import org.apache.avro.util.Utf8;

/**
 * Writes records of one schema with a plan made once: one small writer per field, picked from the field's
 * schema. Avro's {@code SpecificDatumWriter} decides the same things again for every value (which union
 * branch, which logical-type conversion, which array accessor), and that was a third of the collector's
 * CPU per line. The bytes are the same as Avro's (checked by {@code CompiledRecordWriterTest} against
 * {@code SpecificDatumWriter} on random records).
 *
 * <p>The serializer's path is {@link #write(Object, EncodeBuffer)}: the field writers put Avro's binary
 * encoding straight into the buffer, with no {@code Encoder} between (its calls are interface calls per
 * value, and it buffers once more). A string field keeps the UTF-8 bytes of the last string it wrote and
 * reuses them when it is given that same String object again: an endpoint's id, site and proxy, and the
 * level and error-code constants, are the same objects in every event.
 *
 * <p>Only the shapes our contracts use are compiled: primitives, enums, timestamp-millis, {@code [null, T]}
 * unions of a primitive or a record, arrays, nested records. {@link #compile} returns empty for anything else (maps,
 * bytes, fixed, other logical types, {@code java-class} strings, wider unions), and the caller uses Avro's
 * writer for that schema.
 */
final class CompiledRecordWriter implements DatumWriter<Object> {

    /** An abstract class, not an interface: a virtual call per value is cheaper than an interface call. */
    private abstract static class ValueWriter {
        abstract void write(Object value, EncodeBuffer out);
    }

    private final Schema schema;
    private final String[] names;
    private final ValueWriter[] fields;

    private CompiledRecordWriter(Schema schema, String[] names, ValueWriter[] fields) {
        this.schema = schema;
        this.names = names;
        this.fields = fields;
    }

    /** A writer for the record schema, or empty when a field has a shape this class does not compile. */
    static Optional<CompiledRecordWriter> compile(Schema schema) {
        if (schema.getType() != Schema.Type.RECORD) {
            return Optional.empty();
        }
        return Optional.ofNullable(record(schema, new HashSet<>()));
    }

    private static CompiledRecordWriter record(Schema schema, Set<String> inProgress) {
        if (!inProgress.add(schema.getFullName())) {
            return null; // recursive schemas are left to Avro
        }
        List<Schema.Field> schemaFields = schema.getFields();
        String[] names = new String[schemaFields.size()];
        ValueWriter[] writers = new ValueWriter[schemaFields.size()];
        for (Schema.Field field : schemaFields) {
            ValueWriter writer = value(field.schema(), inProgress);
            if (writer == null) {
                return null;
            }
            names[field.pos()] = field.name();
            writers[field.pos()] = writer;
        }
        inProgress.remove(schema.getFullName());
        return new CompiledRecordWriter(schema, names, writers);
    }

    private static ValueWriter value(Schema schema, Set<String> inProgress) {
        if (schema.getProp("java-class") != null || schema.getProp("java-key-class") != null) {
            return null;
        }
        if (schema.getLogicalType() != null) {
            return schema.getLogicalType() instanceof LogicalTypes.TimestampMillis ? new TimestampMillisWriter() : null;
        }
        return switch (schema.getType()) {
            case STRING -> new StringWriter();
            case INT -> new IntWriter();
            case LONG -> new LongWriter();
            case BOOLEAN -> new BooleanWriter();
            case FLOAT -> new FloatWriter();
            case DOUBLE -> new DoubleWriter();
            case ENUM -> new EnumWriter(schema);
            case ARRAY -> arrayWriter(schema, inProgress);
            case UNION -> nullableWriter(schema, inProgress);
            case RECORD -> nestedWriter(schema, inProgress);
            default -> null;
        };
    }

    private static ValueWriter nestedWriter(Schema schema, Set<String> inProgress) {
        CompiledRecordWriter nested = record(schema, inProgress);
        return nested == null ? null : new NestedWriter(nested);
    }

    private static ValueWriter arrayWriter(Schema schema, Set<String> inProgress) {
        ValueWriter item = value(schema.getElementType(), inProgress);
        return item == null ? null : new ArrayWriter(item);
    }

    /**
     * {@code [null, T]} or {@code [T, null]} with T a primitive or a record: the branch follows from null or the
     * value's class (a record is any {@link IndexedRecord}: specific or generic, as Avro's writer accepts).
     */
    private static ValueWriter nullableWriter(Schema union, Set<String> inProgress) {
        List<Schema> branches = union.getTypes();
        if (branches.size() != 2) {
            return null;
        }
        int nullIndex = branches.get(0).getType() == Schema.Type.NULL ? 0 : 1;
        Schema other = branches.get(1 - nullIndex);
        if (other.getType() == Schema.Type.NULL || other.getLogicalType() != null) {
            return null;
        }
        Class<?> type = switch (other.getType()) {
            case STRING -> CharSequence.class;
            case INT -> Integer.class;
            case LONG -> Long.class;
            case BOOLEAN -> Boolean.class;
            case FLOAT -> Float.class;
            case DOUBLE -> Double.class;
            case RECORD -> IndexedRecord.class;
            default -> null;
        };
        ValueWriter writer = type == null ? null : value(other, inProgress);
        return writer == null ? null : new NullableWriter(union, nullIndex, type, writer);
    }

    @Override
    public void setSchema(Schema schema) {
        if (!this.schema.equals(schema)) {
            throw new IllegalArgumentException(
                    "compiled for " + this.schema.getFullName() + ", not " + schema.getFullName());
        }
    }

    /** The DatumWriter contract, for callers that hold an Avro encoder: the same bytes, through a buffer. */
    @Override
    public void write(Object datum, Encoder out) throws IOException {
        EncodeBuffer buffer = new EncodeBuffer();
        write(datum, buffer);
        out.writeFixed(buffer.toByteArray());
    }

    /** Appends the record's Avro binary encoding to the buffer. */
    void write(Object datum, EncodeBuffer out) {
        IndexedRecord record = (IndexedRecord) datum;
        for (int i = 0; i < fields.length; i++) {
            Object value = record.get(i);
            try {
                fields[i].write(value, out);
            } catch (NullPointerException | ClassCastException e) {
                throw new IllegalArgumentException(
                        "field " + schema.getName() + "." + names[i] + " cannot be written from "
                                + (value == null
                                        ? "null"
                                        : "a " + value.getClass().getName()) + ": " + e.getMessage(),
                        e);
            }
        }
    }

    private static final class StringWriter extends ValueWriter {
        /** One reference, so a thread never sees one string with another's bytes. */
        private record Encoded(String text, byte[] utf8) {}

        /** Ids, names and codes repeat; a message or a raw line rarely does, and is not kept alive after it was written. */
        private static final int MAX_CACHED_LENGTH = 128;

        private Encoded last;

        @Override
        void write(Object value, EncodeBuffer out) {
            if (value instanceof String text) {
                Encoded cached = last;
                if (cached != null && cached.text == text) {
                    out.writeLengthPrefixed(cached.utf8, cached.utf8.length);
                    return;
                }
                byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
                if (text.length() <= MAX_CACHED_LENGTH) {
                    last = new Encoded(text, utf8);
                }
                out.writeLengthPrefixed(utf8, utf8.length);
            } else if (value instanceof Utf8 utf8) {
                out.writeLengthPrefixed(utf8.getBytes(), utf8.getByteLength());
            } else {
                byte[] bytes = ((CharSequence) value).toString().getBytes(StandardCharsets.UTF_8);
                out.writeLengthPrefixed(bytes, bytes.length);
            }
        }
    }

    private static final class IntWriter extends ValueWriter {
        @Override
        void write(Object value, EncodeBuffer out) {
            out.writeInt(((Number) value).intValue());
        }
    }

    private static final class LongWriter extends ValueWriter {
        @Override
        void write(Object value, EncodeBuffer out) {
            out.writeLong(((Number) value).longValue());
        }
    }

    private static final class TimestampMillisWriter extends ValueWriter {
        @Override
        void write(Object value, EncodeBuffer out) {
            out.writeLong(value instanceof Instant instant ? instant.toEpochMilli() : ((Number) value).longValue());
        }
    }

    private static final class BooleanWriter extends ValueWriter {
        @Override
        void write(Object value, EncodeBuffer out) {
            out.writeBoolean((Boolean) value);
        }
    }

    private static final class FloatWriter extends ValueWriter {
        @Override
        void write(Object value, EncodeBuffer out) {
            out.writeFloat(((Number) value).floatValue());
        }
    }

    private static final class DoubleWriter extends ValueWriter {
        @Override
        void write(Object value, EncodeBuffer out) {
            out.writeDouble(((Number) value).doubleValue());
        }
    }

    private static final class EnumWriter extends ValueWriter {
        private final Schema schema;

        EnumWriter(Schema schema) {
            this.schema = schema;
        }

        @Override
        void write(Object value, EncodeBuffer out) {
            // as SpecificData: a Java enum by its ordinal (generated enums list the schema's symbols in order)
            out.writeInt(
                    value instanceof Enum<?> e
                            ? e.ordinal()
                            : schema.getEnumOrdinal(((GenericEnumSymbol<?>) value).toString()));
        }
    }

    /** As Avro's BinaryEncoder: the item count (none for an empty array), the items, then a zero count. */
    private static final class ArrayWriter extends ValueWriter {
        private final ValueWriter item;

        ArrayWriter(ValueWriter item) {
            this.item = item;
        }

        @Override
        void write(Object value, EncodeBuffer out) {
            Collection<?> items = (Collection<?>) value;
            int size = items.size();
            if (size > 0) {
                out.writeLong(size);
                int written = 0;
                for (Object element : items) {
                    item.write(element, out);
                    written++;
                }
                if (written != size) {
                    throw new ConcurrentModificationException("array had " + size + " items, then " + written);
                }
            }
            out.writeLong(0);
        }
    }

    private static final class NullableWriter extends ValueWriter {
        private final Schema union;
        private final int nullIndex;
        private final int valueIndex;
        private final Class<?> type;
        private final ValueWriter writer;

        NullableWriter(Schema union, int nullIndex, Class<?> type, ValueWriter writer) {
            this.union = union;
            this.nullIndex = nullIndex;
            this.valueIndex = 1 - nullIndex;
            this.type = type;
            this.writer = writer;
        }

        @Override
        void write(Object value, EncodeBuffer out) {
            if (value == null) {
                out.writeInt(nullIndex);
            } else if (value.getClass() == String.class && type == CharSequence.class || type.isInstance(value)) {
                out.writeInt(valueIndex);
                writer.write(value, out);
            } else {
                throw new UnresolvedUnionException(union, value);
            }
        }
    }

    private static final class NestedWriter extends ValueWriter {
        private final CompiledRecordWriter record;

        NestedWriter(CompiledRecordWriter record) {
            this.record = record;
        }

        @Override
        void write(Object value, EncodeBuffer out) {
            record.write(value, out);
        }
    }
}
