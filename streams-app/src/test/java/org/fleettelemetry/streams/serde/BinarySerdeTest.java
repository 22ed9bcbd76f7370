package org.fleettelemetry.streams.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.fleettelemetry.streams.domain.Times;
import org.junit.jupiter.api.Test;

class BinarySerdeTest {
    private static final String TOPIC = "t";

    /** Version 1 wrote a name; version 2 appended a count. */
    private record Item(String name, long count) {}

    private static final class V1 implements BinaryCodec<Item> {
        @Override
        public int version() {
            return 1;
        }

        @Override
        public void write(Item value, BinaryWriter out) {
            out.writeString(value.name());
        }

        @Override
        public Item read(int version, BinaryReader in) {
            return new Item(in.readString(), 0);
        }
    }

    private static class V2 implements BinaryCodec<Item> {
        @Override
        public int version() {
            return 2;
        }

        @Override
        public void write(Item value, BinaryWriter out) {
            out.writeString(value.name()).writeLong(count(value));
        }

        /** The count written; a test's codec computes it while it writes. */
        long count(Item value) {
            return value.count();
        }

        @Override
        public Item read(int version, BinaryReader in) {
            String name = in.readString();
            return new Item(name, version >= 2 ? in.readLong() : 0);
        }
    }

    private final BinarySerde<Item> v1 = new BinarySerde<>("Item", new V1());
    private final BinarySerde<Item> v2 = new BinarySerde<>("Item", new V2());

    @Test
    void shouldReadAnOldRecordWhenTheLayoutGrewSinceItWasWritten() {
        byte[] old = v1.serializer().serialize(TOPIC, new Item("a", 7));
        assertThat(v2.deserializer().deserialize(TOPIC, old)).isEqualTo(new Item("a", 0));
    }

    @Test
    void shouldIgnoreTheAppendedFieldsWhenAnOlderVersionReadsANewerRecord() {
        byte[] newer = v2.serializer().serialize(TOPIC, new Item("a", 7));
        assertThat(newer[0]).isEqualTo((byte) 2);
        assertThat(v1.deserializer().deserialize(TOPIC, newer)).isEqualTo(new Item("a", 0));
    }

    @Test
    void shouldPassNullThroughWhenTheValueIsATombstone() {
        assertThat(v2.serializer().serialize(TOPIC, null)).isNull();
        assertThat(v2.deserializer().deserialize(TOPIC, null)).isNull();
    }

    @Test
    void shouldRejectTheRecordWhenItIsTruncated() {
        byte[] whole = v2.serializer().serialize(TOPIC, new Item("a longer name", 1L << 40));
        for (int length = 0; length < whole.length; length++) {
            byte[] cut = Arrays.copyOf(whole, length);
            assertThatThrownBy(() -> v2.deserializer().deserialize(TOPIC, cut))
                    .as("cut to %d bytes", length)
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("Item");
        }
    }

    @Test
    void shouldRejectTheRecordWhenItIsJsonFromBeforeTheBinaryFormat() {
        byte[] json = "{\"name\":\"a\",\"count\":7}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThatThrownBy(() -> v2.deserializer().deserialize(TOPIC, json)).isInstanceOf(SerializationException.class);
    }

    @Test
    void shouldRejectTheRecordWhenTheVersionByteIsZero() {
        assertThatThrownBy(() -> v2.deserializer().deserialize(TOPIC, new byte[] {0, 2, 'a'}))
                .isInstanceOf(SerializationException.class)
                .hasRootCauseMessage("version byte 0 is not a version");
    }

    @Test
    void shouldWriteEachValueWholeWhenTheWriterIsReused() {
        String big = "x".repeat(5_000);
        byte[] first = v2.serializer().serialize(TOPIC, new Item(big, 1));
        byte[] small = v2.serializer().serialize(TOPIC, new Item("b", 2));
        byte[] again = v2.serializer().serialize(TOPIC, new Item(big, 1));

        assertThat(v2.deserializer().deserialize(TOPIC, small)).isEqualTo(new Item("b", 2));
        assertThat(small)
                .as("exactly the value's bytes, nothing of the larger one before it")
                .hasSize(1 + 2 + 1);
        assertThat(again).isEqualTo(first).isNotSameAs(first);
        assertThat(v2.deserializer().deserialize(TOPIC, first)).isEqualTo(new Item(big, 1));
    }

    @Test
    void shouldWriteNonAsciiStringsAsUtf8() {
        for (String name :
                new String[] {"", "ascii", "Zürich-Filiale", "東京", "proxy \uD83D\uDD12 secure", "\u007f\u0080"}) {
            byte[] bytes = v1.serializer().serialize(TOPIC, new Item(name, 0));
            byte[] utf8 = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(bytes).as(name).hasSize(1 + 1 + utf8.length);
            assertThat(Arrays.copyOfRange(bytes, bytes.length - utf8.length, bytes.length))
                    .isEqualTo(utf8);
            assertThat(v1.deserializer().deserialize(TOPIC, bytes)).isEqualTo(new Item(name, 0));
        }
    }

    @Test
    void shouldWriteATimeAsTheNullableLongItReplacesSoThatStoredValuesReadTheSame() {
        for (long t : new long[] {Times.NEVER, 0, -1, 1_636_735_230_152L, Long.MAX_VALUE}) {
            byte[] time = new BinaryWriter(16).writeTime(t).toByteArray();
            byte[] nullable = nullableLong(t == Times.NEVER ? null : t);
            assertThat(time).as("time %d", t).isEqualTo(nullable);
            assertThat(new BinaryReader(nullable).readTime()).isEqualTo(t);
            BinaryReader read = new BinaryReader(time);
            assertThat(read.readBoolean() ? (Long) read.readLong() : null).isEqualTo(t == Times.NEVER ? null : t);
        }
    }

    /** The layout the codecs wrote a nullable Long time in before times were primitives: presence, then the long. */
    private static byte[] nullableLong(Long value) {
        BinaryWriter out = new BinaryWriter(16);
        return (value == null ? out.writeByte(0) : out.writeByte(1).writeLong(value)).toByteArray();
    }

    @Test
    void shouldSerializeThroughTheSameSerdeFromInsideAWrite() {
        BinarySerde<Item>[] self = new BinarySerde[1];
        self[0] = new BinarySerde<>("Nested", new V2() {
            @Override
            long count(Item value) {
                // the inner value goes through the same serde, on the same thread, while the outer one is written
                return value.count() > 0
                        ? self[0].serializer().serialize(TOPIC, new Item(value.name() + "-inner", 0)).length
                        : 0;
            }
        });

        byte[] outer = self[0].serializer().serialize(TOPIC, new Item("outer", 1));

        assertThat(self[0].deserializer().deserialize(TOPIC, outer))
                .as("the inner value's length, written after the outer value's name, which it did not overwrite")
                .isEqualTo(new Item("outer", 1 + 1 + "outer-inner".length() + 1));
    }
}
