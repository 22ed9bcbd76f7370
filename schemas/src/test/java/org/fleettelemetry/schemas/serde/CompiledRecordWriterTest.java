package org.fleettelemetry.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.EndpointHeartbeat;
import org.junit.jupiter.api.Test;

class CompiledRecordWriterTest {

    private static final long SEED = Long.getLong("serde.seed", 0x5eed_2026_1129L);

    @Test
    void shouldWriteTheSameBytesAsAvroWhenEventsAreRandom() throws IOException {
        System.out.println("CompiledRecordWriterTest seed=" + SEED + " (rerun with -Dserde.seed=" + SEED + ")");
        Random random = new Random(SEED);
        DatumWriter<Object> compiled = CompiledRecordWriter.compile(EndpointEvent.getClassSchema()).orElseThrow();
        DatumWriter<Object> avro = new SpecificDatumWriter<>(EndpointEvent.getClassSchema(), AvroWriteModel.byPosition());
        for (int i = 0; i < 5_000; i++) {
            EndpointEvent event = SampleRecords.randomEndpointEvent(random);
            assertThat(bytes(compiled, event)).as("record %d", i).isEqualTo(bytes(avro, event));
        }
    }

    @Test
    void shouldWriteTheSameBytesAsAvroWhenRecordsAreGenericOrOtherContracts() throws IOException {
        Random random = new Random(SEED);
        EndpointEvent event = SampleRecords.randomEndpointEvent(random);
        GenericRecord generic = read(bytes(new SpecificDatumWriter<>(EndpointEvent.getClassSchema()), event),
                EndpointEvent.getClassSchema());
        DatumWriter<Object> compiledEvent = CompiledRecordWriter.compile(EndpointEvent.getClassSchema()).orElseThrow();
        assertThat(bytes(compiledEvent, generic)).isEqualTo(bytes(compiledEvent, event));

        EndpointHeartbeat heartbeat = SampleRecords.heartbeat();
        DatumWriter<Object> compiledBeat = CompiledRecordWriter.compile(EndpointHeartbeat.getClassSchema()).orElseThrow();
        assertThat(bytes(compiledBeat, heartbeat))
                .isEqualTo(bytes(new SpecificDatumWriter<>(EndpointHeartbeat.getClassSchema(), AvroWriteModel.byPosition()),
                        heartbeat));
        // resolvedAt is a nullable timestamp: a union with a logical type, left to Avro
        assertThat(CompiledRecordWriter.compile(ConnectivityAlert.getClassSchema())).isEmpty();
    }

    @Test
    void shouldLeaveTheSchemaToAvroWhenItHasAShapeThatIsNotCompiled() {
        Schema withMap = SchemaBuilder.record("M").fields().name("tags").type().map().values().stringType().noDefault()
                .endRecord();
        Schema wideUnion = SchemaBuilder.record("U").fields().name("v").type().unionOf().nullType().and().intType()
                .and().stringType().endUnion().noDefault().endRecord();
        Schema micros = SchemaBuilder.record("T").fields().name("at").type(
                org.apache.avro.LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG))).noDefault()
                .endRecord();

        assertThat(CompiledRecordWriter.compile(withMap)).isEmpty();
        assertThat(CompiledRecordWriter.compile(wideUnion)).isEmpty();
        assertThat(CompiledRecordWriter.compile(micros)).isEmpty();
        assertThat(CompiledRecordWriter.compile(Schema.create(Schema.Type.STRING))).isEmpty();
    }

    @Test
    void shouldNameTheFieldWhenAValueCannotBeWritten() {
        Schema schema = SchemaBuilder.record("R").fields()
                .requiredString("name")
                .name("count").type().unionOf().nullType().and().longType().endUnion().nullDefault()
                .endRecord();
        DatumWriter<Object> compiled = CompiledRecordWriter.compile(schema).orElseThrow();
        GenericRecord missingName = new GenericData.Record(schema);
        GenericRecord intForLong = new GenericData.Record(schema);
        intForLong.put("name", "x");
        intForLong.put("count", 3);

        assertThatThrownBy(() -> bytes(compiled, missingName)).hasMessageContaining("R.name");
        assertThatThrownBy(() -> bytes(compiled, intForLong)).isInstanceOf(org.apache.avro.UnresolvedUnionException.class);
    }

    private static byte[] bytes(DatumWriter<Object> writer, Object record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        writer.write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static GenericRecord read(byte[] bytes, Schema schema) throws IOException {
        return new GenericDatumReader<GenericRecord>(schema).read(null, DecoderFactory.get().binaryDecoder(bytes, null));
    }
}
