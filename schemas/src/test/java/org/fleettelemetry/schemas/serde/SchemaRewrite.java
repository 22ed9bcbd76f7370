package org.fleettelemetry.schemas.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/** What the evolution tests do to pass a record from one version of a contract to another. */
final class SchemaRewrite {
    private SchemaRewrite() {}

    /** Writes {@code record} (generic or specific) with {@code writer} and reads it back with {@code reader}. */
    static GenericRecord rewrite(Object record, Schema writer, Schema reader) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        if (record instanceof GenericRecord generic && !(record instanceof SpecificRecord)) {
            new GenericDatumWriter<GenericRecord>(writer).write(generic, encoder);
        } else {
            new SpecificDatumWriter<Object>(writer).write(record, encoder);
        }
        encoder.flush();
        return new GenericDatumReader<GenericRecord>(writer, reader)
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    }
}
