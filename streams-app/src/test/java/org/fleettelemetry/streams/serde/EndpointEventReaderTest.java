package org.fleettelemetry.streams.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.EventKind;
import org.fleettelemetry.schemas.avro.LogFile;
import org.fleettelemetry.schemas.registry.FakeSchemaRegistry;
import org.fleettelemetry.schemas.registry.SchemaRegistryClient;
import org.fleettelemetry.schemas.serde.AvroSerde;
import org.fleettelemetry.schemas.serde.SchemaHistory;
import org.fleettelemetry.streams.ProbeRecords;
import org.junit.jupiter.api.Test;

/** The hand-written reader of the events' own layout against Avro's reader, field for field. */
class EndpointEventReaderTest {
    private static final String TOPIC = "fleet.endpoint-events.v1";
    private static final Schema SCHEMA = EndpointEvent.getClassSchema();

    @Test
    void shouldDecodeEveryFieldAsAvrosReaderDoesWhateverIsSetOrMissing() throws IOException {
        Random random = new Random(20261207L);
        EndpointEventReader reader = new EndpointEventReader();
        SpecificDatumReader<EndpointEvent> avro =
                new SpecificDatumReader<>(SCHEMA, SCHEMA, SpecificData.getForClass(EndpointEvent.class));
        for (int i = 0; i < 3_000; i++) {
            EndpointEvent event = randomEvent(random, i);
            byte[] body = body(event);

            EndpointEvent expected = avro.read(null, DecoderFactory.get().binaryDecoder(body, null));
            var in = DecoderFactory.get().binaryDecoder(body, null);
            EndpointEvent decoded = reader.read(in);

            assertThat(in.isEnd()).as("event %d read to its end", i).isTrue();
            assertThat(decoded).as("event %d", i).isEqualTo(expected).isEqualTo(event);
            assertThat(decoded.toString()).isEqualTo(expected.toString());
        }
    }

    @Test
    void shouldGiveARecurringValueAsTheSameStringAndNeverAnotherValuesString() throws IOException {
        EndpointEventReader reader = new EndpointEventReader();
        Random random = new Random(3);
        List<String> sites = List.of("site-049", "site-050", "Aa", "BB", "hq-ä", "x".repeat(257));
        java.util.Map<String, String> first = new java.util.HashMap<>();
        for (int i = 0; i < 2_000; i++) {
            EndpointEvent event = randomEvent(random, 7 * i + 1);
            String site = sites.get(random.nextInt(sites.size()));
            event.setSite(site);
            event.setProxy("proxy.example:3128");
            // the other recurring fields fixed, so that only the sites compete for the table's slots
            event.setProduct("Elements EPP for Computers");
            event.setLevel("E");
            event.setSource("fsscorplug");
            event.setErrorCode("curl:28");
            event.setTargetHost(null);
            event.setLineProxy(null);
            EndpointEvent decoded = reader.read(DecoderFactory.get().binaryDecoder(body(event), null));
            assertThat(decoded).isEqualTo(event);
            String kept = first.putIfAbsent(site, decoded.getSite());
            // "Aa" and "BB" share a slot (equal hashes), so each may evict the other: equal, not always the same
            if (kept != null && site.length() <= 256 && !site.equals("Aa") && !site.equals("BB")) {
                assertThat(decoded.getSite())
                        .as("site %s the second time", site)
                        .isSameAs(kept);
            }
        }
    }

    @Test
    void shouldRefuseAUnionBranchOrSymbolThatTheSchemaDoesNotHave() throws IOException {
        EndpointEvent event = randomEvent(new Random(1), 0);
        event.setPid(null);
        byte[] body = body(event);
        // eventId..product are 5 strings, then logFile's index, the timestamp, then pid's union branch (0: null)
        int at = 0;
        for (int s = 0; s < 5; s++) {
            long length = zigzag(body, at);
            while ((body[at] & 0x80) != 0) {
                at++;
            }
            at += 1 + (int) length;
        }
        byte[] badSymbol = body.clone();
        badSymbol[at] = 2 * 40; // enum index 40
        assertThatThrownBy(() ->
                        new EndpointEventReader().read(DecoderFactory.get().binaryDecoder(badSymbol, null)))
                .hasMessageContaining("enum index 40 of field logFile");
        int pidAt = at + 1;
        while ((body[pidAt] & 0x80) != 0) {
            pidAt++;
        }
        pidAt++;
        byte[] badBranch = body.clone();
        badBranch[pidAt] = 2 * 3; // union branch 3
        assertThatThrownBy(() ->
                        new EndpointEventReader().read(DecoderFactory.get().binaryDecoder(badBranch, null)))
                .hasMessageContaining("union branch 3 of field pid");
    }

    @Test
    void shouldReadTheCurrentLayoutByHandAndAnOlderOneThroughAvrosResolvingReader() throws IOException {
        try (FakeSchemaRegistry registry = FakeSchemaRegistry.start();
                AvroSerde<EndpointEvent> plain = AvroSerde.specific(EndpointEvent.class);
                AvroSerde<EndpointEvent> fast = AvroSerde.specific(EndpointEvent.class, new EndpointEventReader())) {
            Map<String, Object> config = Map.of("schema.registry.url", registry.url());
            plain.configure(config, false);
            fast.configure(config, false);

            EndpointEvent current = randomEvent(new Random(7), 1);
            current.setLogFile(LogFile.FSSCORPLUG); // symbols the first schema has too
            current.setKind(EventKind.CONNECTION_FAILURE);
            byte[] framed = plain.serializer().serialize(TOPIC, current);
            assertThat(fast.deserializer().deserialize(TOPIC, framed)).isEqualTo(current);

            // the same event as the first schema (before endOffset and the probe) wrote it
            Schema v1 = SchemaHistory.endpointEvent().get(0);
            int v1Id;
            try (SchemaRegistryClient client = SchemaRegistryClient.create(config)) {
                v1Id = client.register("endpoint-event-v1-value", v1);
            }
            byte[] old = frame(v1Id, v1Body(v1, current));
            EndpointEvent viaFast = fast.deserializer().deserialize(TOPIC, old);
            assertThat(viaFast).isEqualTo(plain.deserializer().deserialize(TOPIC, old));
            assertThat(viaFast.getEndOffset()).isNull();
            assertThat(viaFast.getEventId()).isEqualTo(current.getEventId());

            // a record cut short fails as Avro's reader fails: a SerializationException naming the topic
            byte[] truncated = java.util.Arrays.copyOf(framed, framed.length - 3);
            assertThatThrownBy(() -> fast.deserializer().deserialize(TOPIC, truncated))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining(TOPIC);
        }
    }

    private static byte[] v1Body(Schema v1, EndpointEvent e) throws IOException {
        GenericRecord r = new GenericData.Record(v1);
        for (Schema.Field f : v1.getFields()) {
            Object value = e.get(f.name());
            if (value instanceof Instant t) {
                value = t.toEpochMilli();
            } else if (value instanceof Enum<?> symbol) {
                value = new GenericData.EnumSymbol(f.schema(), symbol.name());
            }
            r.put(f.name(), value);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(v1).write(r, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static byte[] frame(int id, byte[] body) {
        return ByteBuffer.allocate(5 + body.length)
                .put((byte) 0)
                .putInt(id)
                .put(body)
                .array();
    }

    private static long zigzag(byte[] b, int at) {
        long raw = 0;
        int shift = 0;
        int i = at;
        do {
            raw |= (long) (b[i] & 0x7F) << shift;
            shift += 7;
        } while ((b[i++] & 0x80) != 0);
        return (raw >>> 1) ^ -(raw & 1);
    }

    private static byte[] body(EndpointEvent event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<EndpointEvent>(SCHEMA, SpecificData.getForClass(EndpointEvent.class))
                .write(event, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    /** Every nullable field set or not, texts in ASCII, Latin-1 and beyond, lists empty or not, a probe in some. */
    private static EndpointEvent randomEvent(Random random, int i) {
        String endpoint = "pc-" + i;
        Instant at = Instant.ofEpochMilli(1_700_000_000_000L + random.nextInt(1_000_000_000));
        if (i % 7 == 3) {
            EndpointEvent probe = ProbeRecords.passed(endpoint, "site-" + random.nextInt(9), "proxy:3128", i, at);
            probe.setRawLines(texts(random));
            return probe;
        }
        return EndpointEvent.newBuilder()
                .setEventId(endpoint + ":fsscorplug.log:" + random.nextInt(1 << 30))
                .setEndpointId(endpoint)
                .setSite(i % 11 == 5 ? "site-" + "x".repeat(300 + random.nextInt(50)) : text(random))
                .setProxy(random.nextBoolean() ? "" : text(random))
                .setProduct(text(random))
                .setLogFile(LogFile.values()[random.nextInt(LogFile.values().length)])
                .setTimestamp(at)
                .setPid(maybe(random, random.nextInt()))
                .setTid(maybe(random, random.nextInt(100_000)))
                .setLevel(text(random))
                .setSource(text(random))
                .setMessage(text(random))
                .setKind(EventKind.values()[random.nextInt(EventKind.values().length)])
                .setErrorCode(maybe(random, text(random)))
                .setCurlCode(maybe(random, random.nextInt(100) - 3))
                .setAgentHttpError(maybe(random, random.nextInt(600)))
                .setFserr(maybe(random, Integer.MIN_VALUE + random.nextInt(3)))
                .setWaitCode(maybe(random, Integer.MAX_VALUE - random.nextInt(3)))
                .setTargetHost(maybe(random, text(random)))
                .setLineProxy(maybe(random, text(random)))
                .setDurationMs(maybe(random, random.nextLong()))
                .setObjectSha1(maybe(random, text(random)))
                .setUrls(texts(random))
                .setRawLines(texts(random))
                .setEndOffset(maybe(random, random.nextBoolean() ? Long.MAX_VALUE : (long) random.nextInt()))
                .build();
    }

    private static List<String> texts(Random random) {
        List<String> values = new ArrayList<>();
        for (int n = random.nextInt(4); n > 0; n--) {
            values.add(text(random));
        }
        return values;
    }

    private static <T> T maybe(Random random, T value) {
        return random.nextInt(3) == 0 ? null : value;
    }

    private static String text(Random random) {
        return DomainCodecsTest.text(random);
    }
}
