package org.fleettelemetry.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
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
        DatumWriter<Object> compiled =
                CompiledRecordWriter.compile(EndpointEvent.getClassSchema()).orElseThrow();
        DatumWriter<Object> avro =
                new SpecificDatumWriter<>(EndpointEvent.getClassSchema(), AvroWriteModel.byPosition());
        for (int i = 0; i < 5_000; i++) {
            EndpointEvent event = SampleRecords.randomEndpointEvent(random);
            assertThat(bytes(compiled, event)).as("record %d", i).isEqualTo(bytes(avro, event));
        }
    }

    @Test
    void shouldWriteTheSameBytesAsAvroWhenRecordsAreGenericOrOtherContracts() throws IOException {
        Random random = new Random(SEED);
        EndpointEvent event = SampleRecords.randomEndpointEvent(random);
        GenericRecord generic = read(
                bytes(new SpecificDatumWriter<>(EndpointEvent.getClassSchema()), event),
                EndpointEvent.getClassSchema());
        DatumWriter<Object> compiledEvent =
                CompiledRecordWriter.compile(EndpointEvent.getClassSchema()).orElseThrow();
        assertThat(bytes(compiledEvent, generic)).isEqualTo(bytes(compiledEvent, event));

        EndpointHeartbeat heartbeat = SampleRecords.heartbeat();
        DatumWriter<Object> compiledBeat =
                CompiledRecordWriter.compile(EndpointHeartbeat.getClassSchema()).orElseThrow();
        assertThat(bytes(compiledBeat, heartbeat))
                .isEqualTo(bytes(
                        new SpecificDatumWriter<>(EndpointHeartbeat.getClassSchema(), AvroWriteModel.byPosition()),
                        heartbeat));
        // resolvedAt is a nullable timestamp: a union with a logical type, left to Avro
        assertThat(CompiledRecordWriter.compile(ConnectivityAlert.getClassSchema()))
                .isEmpty();
    }

    @Test
    void shouldWriteTheSameBytesAsAvroWhenTheSameStringObjectsComeBackAndChange() throws IOException {
        // a string field reuses the bytes of the last String object it wrote: same object, equal text in another
        // object, other text, non-ASCII, empty, and back again must all give Avro's bytes
        String[] pool = {
            "helsinki-hq",
            new String("helsinki-hq"),
            "zürich-€-站点",
            "",
            "DIRECT",
            "helsinki-hq".substring(0, 8),
            "long-€-".repeat(40),
            "x".repeat(128),
            "y".repeat(129)
        };
        Random random = new Random(SEED);
        DatumWriter<Object> compiled =
                CompiledRecordWriter.compile(EndpointEvent.getClassSchema()).orElseThrow();
        DatumWriter<Object> avro =
                new SpecificDatumWriter<>(EndpointEvent.getClassSchema(), AvroWriteModel.byPosition());
        for (int i = 0; i < 2_000; i++) {
            EndpointEvent event = SampleRecords.endpointEvent();
            event.setEndpointId(pool[random.nextInt(pool.length)]);
            event.setSite(pool[random.nextInt(pool.length)]);
            event.setProxy(pool[random.nextInt(pool.length)]);
            event.setErrorCode(random.nextBoolean() ? null : pool[random.nextInt(pool.length)]);
            event.setUrls(List.of(pool[random.nextInt(pool.length)], pool[random.nextInt(pool.length)]));
            assertThat(bytes(compiled, event)).as("record %d", i).isEqualTo(bytes(avro, event));
        }
    }

    @Test
    void shouldGiveEachThreadItsOwnStringsWhenThreadsShareOneWriter() throws Exception {
        CompiledRecordWriter compiled =
                CompiledRecordWriter.compile(EndpointEvent.getClassSchema()).orElseThrow();
        DatumWriter<Object> avro =
                new SpecificDatumWriter<>(EndpointEvent.getClassSchema(), AvroWriteModel.byPosition());
        int threads = 4;
        List<EndpointEvent> events = new ArrayList<>();
        List<byte[]> expected = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            EndpointEvent event = SampleRecords.endpointEvent();
            String id = "endpoint-" + t + "-" + "x".repeat(t * 7);
            event.setEndpointId(id);
            event.setSite("site-" + t);
            events.add(event);
            expected.add(bytes(avro, event));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> mismatches = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                mismatches.add(pool.submit(() -> {
                    int wrong = 0;
                    EncodeBuffer buffer = new EncodeBuffer();
                    for (int i = 0; i < 50_000; i++) {
                        buffer.reset();
                        compiled.write(events.get(thread), buffer);
                        wrong += Arrays.equals(buffer.toByteArray(), expected.get(thread)) ? 0 : 1;
                    }
                    return wrong;
                }));
            }
            for (Future<Integer> result : mismatches) {
                assertThat(result.get(1, TimeUnit.MINUTES)).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldWriteTheSameBytesAsAvroWhenPrimitivesAreAtTheirLimits() throws IOException {
        Schema schema = SchemaBuilder.record("P")
                .fields()
                .requiredBoolean("flag")
                .requiredInt("i")
                .requiredLong("l")
                .requiredFloat("f")
                .requiredDouble("d")
                .name("maybe")
                .type()
                .unionOf()
                .doubleType()
                .and()
                .nullType()
                .endUnion()
                .noDefault()
                .name("words")
                .type()
                .array()
                .items()
                .stringType()
                .noDefault()
                .endRecord();
        DatumWriter<Object> compiled = CompiledRecordWriter.compile(schema).orElseThrow();
        DatumWriter<Object> avro = new GenericDatumWriter<>(schema);
        int[] ints = {0, 1, -1, 63, -64, 64, -65, Integer.MAX_VALUE, Integer.MIN_VALUE};
        long[] longs = {0, -1, 1L << 35, -(1L << 35), Long.MAX_VALUE, Long.MIN_VALUE};
        float[] floats = {0f, -0f, 1.5f, Float.NaN, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, Float.MAX_VALUE};
        double[] doubles = {0d, -0d, Math.PI, Double.NaN, Double.POSITIVE_INFINITY, Double.MIN_VALUE, -Double.MAX_VALUE
        };
        for (int k = 0; k < 64; k++) {
            GenericRecord record = new GenericData.Record(schema);
            record.put("flag", k % 2 == 0);
            record.put("i", ints[k % ints.length]);
            record.put("l", longs[k % longs.length]);
            record.put("f", floats[k % floats.length]);
            record.put("d", doubles[k % doubles.length]);
            record.put("maybe", k % 3 == 0 ? null : doubles[(k + 1) % doubles.length]);
            record.put("words", k % 4 == 0 ? List.of() : List.of("a", "é€", "x".repeat(k * 5)));
            assertThat(bytes(compiled, record)).as("record %d", k).isEqualTo(bytes(avro, record));
        }
    }

    @Test
    void shouldLeaveTheSchemaToAvroWhenItHasAShapeThatIsNotCompiled() {
        Schema withMap = SchemaBuilder.record("M")
                .fields()
                .name("tags")
                .type()
                .map()
                .values()
                .stringType()
                .noDefault()
                .endRecord();
        Schema wideUnion = SchemaBuilder.record("U")
                .fields()
                .name("v")
                .type()
                .unionOf()
                .nullType()
                .and()
                .intType()
                .and()
                .stringType()
                .endUnion()
                .noDefault()
                .endRecord();
        Schema micros = SchemaBuilder.record("T")
                .fields()
                .name("at")
                .type(org.apache.avro.LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG)))
                .noDefault()
                .endRecord();

        assertThat(CompiledRecordWriter.compile(withMap)).isEmpty();
        assertThat(CompiledRecordWriter.compile(wideUnion)).isEmpty();
        assertThat(CompiledRecordWriter.compile(micros)).isEmpty();
        assertThat(CompiledRecordWriter.compile(Schema.create(Schema.Type.STRING)))
                .isEmpty();
    }

    @Test
    void shouldNameTheFieldWhenAValueCannotBeWritten() {
        Schema schema = SchemaBuilder.record("R")
                .fields()
                .requiredString("name")
                .name("count")
                .type()
                .unionOf()
                .nullType()
                .and()
                .longType()
                .endUnion()
                .nullDefault()
                .endRecord();
        DatumWriter<Object> compiled = CompiledRecordWriter.compile(schema).orElseThrow();
        GenericRecord missingName = new GenericData.Record(schema);
        GenericRecord intForLong = new GenericData.Record(schema);
        intForLong.put("name", "x");
        intForLong.put("count", 3);

        assertThatThrownBy(() -> bytes(compiled, missingName)).hasMessageContaining("R.name");
        assertThatThrownBy(() -> bytes(compiled, intForLong))
                .isInstanceOf(org.apache.avro.UnresolvedUnionException.class);
    }

    private static byte[] bytes(DatumWriter<Object> writer, Object record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        writer.write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static GenericRecord read(byte[] bytes, Schema schema) throws IOException {
        return new GenericDatumReader<GenericRecord>(schema)
                .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
    }
}
