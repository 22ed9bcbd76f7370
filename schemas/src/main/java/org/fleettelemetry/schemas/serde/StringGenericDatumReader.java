package org.fleettelemetry.schemas.serde;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;

/**
 * A generic reader that yields {@link String} for Avro strings instead of {@code Utf8}, so generic
 * records compare and print like the specific ones ({@code Utf8.equals(String)} is false).
 */
final class StringGenericDatumReader<D> extends GenericDatumReader<D> {

    StringGenericDatumReader(Schema writer, Schema reader) {
        super(writer, reader, GenericData.get());
    }

    @Override
    @SuppressWarnings("rawtypes")
    protected Class findStringClass(Schema schema) {
        return String.class;
    }
}
