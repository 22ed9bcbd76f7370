package org.fleettelemetry.schemas.serde;

import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;

/**
 * The data model the serializer writes with: it accepts both specific and generic records, and
 * logical-type values either converted (Instant) or raw (long), so one writer per schema serves all.
 * {@link #byName()} reads fields by name instead of position, which is how a record is written with
 * a different (later) schema of the same record for {@code use.latest.version}.
 */
class AvroWriteModel extends SpecificData {

    private static final AvroWriteModel BY_POSITION = new AvroWriteModel();
    private static final AvroWriteModel BY_NAME = new ByName();

    AvroWriteModel() {
        addLogicalTypeConversion(new TimeConversions.DateConversion());
        addLogicalTypeConversion(new TimeConversions.TimeMillisConversion());
        addLogicalTypeConversion(new TimeConversions.TimeMicrosConversion());
        addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
        addLogicalTypeConversion(new TimeConversions.LocalTimestampMillisConversion());
        addLogicalTypeConversion(new TimeConversions.LocalTimestampMicrosConversion());
        addLogicalTypeConversion(new Conversions.DecimalConversion());
        addLogicalTypeConversion(new Conversions.UUIDConversion());
    }

    static AvroWriteModel byPosition() {
        return BY_POSITION;
    }

    static AvroWriteModel byName() {
        return BY_NAME;
    }

    /** Generated custom coders always write the class's own schema, which is wrong for a target schema. */
    @Override
    public boolean useCustomCoders() {
        return false;
    }

    private static final class ByName extends AvroWriteModel {

        @Override
        protected Object getRecordState(Object record, Schema targetSchema) {
            return targetSchema;
        }

        @Override
        protected Object getField(Object record, String name, int position, Object targetSchema) {
            IndexedRecord indexed = (IndexedRecord) record;
            Schema.Field own = indexed.getSchema().getField(name);
            if (own != null) {
                return indexed.get(own.pos());
            }
            // the compatibility check done before writing guarantees the target field has a default
            return getDefaultValue(((Schema) targetSchema).getField(name));
        }
    }
}
