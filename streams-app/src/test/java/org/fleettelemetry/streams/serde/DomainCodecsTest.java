package org.fleettelemetry.streams.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.fleettelemetry.streams.domain.EndpointFiles;
import org.fleettelemetry.streams.domain.EndpointRecord;
import org.fleettelemetry.streams.domain.EndpointState;
import org.fleettelemetry.streams.domain.EndpointStatus;
import org.fleettelemetry.streams.domain.EndpointTrack;
import org.fleettelemetry.streams.domain.ErrorClass;
import org.fleettelemetry.streams.domain.FailureMark;
import org.fleettelemetry.streams.domain.FailureWindow;
import org.fleettelemetry.streams.domain.PendingWindow;
import org.fleettelemetry.streams.domain.ProbeMark;
import org.fleettelemetry.streams.domain.SeenRanges;
import org.fleettelemetry.streams.domain.Times;
import org.junit.jupiter.api.Test;

/** Randomized round trips of the hot state and repartition types through their binary serdes. */
class DomainCodecsTest {
    private static final long SEED = 20261129L;
    private static final int ROUNDS = 2_000;
    private static final String TOPIC = "fleet-test-store-changelog";

    @Test
    void shouldReadBackTheSameEndpointRecordWhenAnyPartIsSetOrMissing() {
        Random random = seeded("EndpointRecord");
        EndpointRecordCodec codec = new EndpointRecordCodec();
        for (int i = 0; i < ROUNDS / 4; i++) {
            EndpointStatus status = random.nextInt(5) == 0 ? null : status(random);
            EndpointTrack track = random.nextInt(5) == 0 ? null : track(random);
            EndpointTrack forwarded = random.nextBoolean() ? track : random.nextBoolean() ? null : track(random);
            Map<String, SeenRanges> files = new LinkedHashMap<>();
            for (int f = random.nextInt(4); f > 0; f--) {
                int n = random.nextInt(5);
                long[] starts = new long[n];
                long[] ends = new long[n];
                long at = random.nextInt(1000);
                for (int r = 0; r < n; r++) {
                    starts[r] = at;
                    ends[r] = at + 1 + random.nextInt(500);
                    at = ends[r] + 1 + random.nextInt(500);
                }
                files.put(text(random), SeenRanges.of(starts, ends, time(random)));
            }
            List<PendingWindow> pending = new ArrayList<>();
            for (int p = random.nextInt(3); p > 0; p--) {
                pending.add(new PendingWindow(
                        time(random),
                        text(random),
                        text(random),
                        text(random),
                        random.nextInt(1000),
                        time(random),
                        time(random),
                        maybe(random, text(random))));
            }
            EndpointRecord r = new EndpointRecord(
                    status,
                    track,
                    forwarded,
                    maybe(random, text(random)),
                    EndpointFiles.of(files),
                    random.nextInt(100),
                    pending);
            byte[] bytes = EndpointRecordCodec.SERDE.serializer().serialize(TOPIC, r);
            EndpointRecord back = EndpointRecordCodec.SERDE.deserializer().deserialize(TOPIC, bytes);
            assertThat(back.status()).isEqualTo(status);
            assertThat(back.track()).isEqualTo(track);
            assertThat(back.forwarded()).isEqualTo(forwarded);
            assertThat(back.forwardedSite()).isEqualTo(r.forwardedSite());
            assertThat(back.pending()).isEqualTo(pending);
            assertThat(back.pendingEpoch()).isEqualTo(r.pendingEpoch());
            assertThat(back.files().files().keySet()).containsExactlyElementsOf(files.keySet());
            assertThat(EndpointRecordCodec.SERDE.serializer().serialize(TOPIC, back))
                    .isEqualTo(bytes);
        }
    }

    @Test
    void shouldReadBackAnEqualEndpointStatusWhenAnyFieldIsSetOrMissing() {
        Random random = seeded("EndpointStatus");
        for (int i = 0; i < ROUNDS; i++) {
            EndpointStatus s = status(random);
            // the status is stored inside the endpoint-state value (EndpointRecordCodec)
            EndpointRecord r = new EndpointRecord(s, null, null, null, new EndpointFiles(), 0, List.of());
            assertThat(roundTrip(EndpointRecordCodec.SERDE, r).status()).isEqualTo(s);
        }
    }

    @Test
    void shouldReadBackAnEqualEndpointTrackWhenItHasAnyNumberOfFailureClasses() {
        Random random = seeded("EndpointTrack");
        for (int i = 0; i < ROUNDS; i++) {
            EndpointTrack t = track(random);
            assertThat(roundTrip(EndpointTrackCodec.SERDE, t)).isEqualTo(t);
        }
    }

    @Test
    void shouldReadBackAnEqualFailureWindowWhenItHoldsManyEndpoints() {
        Random random = seeded("FailureWindow");
        for (int i = 0; i < ROUNDS / 10; i++) {
            FailureWindow w = window(random, 300);
            assertThat(roundTrip(FailureWindowCodec.SERDE, w)).isEqualTo(w);
        }
    }

    /**
     * Version 1 (before the probe) wrote the same layout without the probe results at the end: such a track and such
     * an endpoint record still decode, as never probed.
     */
    @Test
    void shouldReadAVersionOneTrackAndRecordAsNeverProbed() {
        Random random = seeded("version 1");
        for (int i = 0; i < ROUNDS / 4; i++) {
            EndpointTrack probed = track(random);
            EndpointTrack t = new EndpointTrack(
                    probed.endpointId(),
                    probed.proxy(),
                    probed.product(),
                    probed.lastSeen(),
                    probed.lastHealthy(),
                    probed.lastLookupOk(),
                    probed.failures());
            byte[] v2 = EndpointTrackCodec.SERDE.serializer().serialize(TOPIC, t);
            // version 2 ends with one "no probe" flag byte: without it and with version byte 1, it is version 1
            byte[] v1 = Arrays.copyOf(v2, v2.length - 1);
            v1[0] = 1;
            assertThat(v2[v2.length - 1]).isZero();
            assertThat(EndpointTrackCodec.SERDE.deserializer().deserialize(TOPIC, v1))
                    .isEqualTo(t);

            EndpointRecord r = new EndpointRecord(status(random), t, t, "hel", new EndpointFiles(), 3, List.of());
            byte[] record2 = EndpointRecordCodec.SERDE.serializer().serialize(TOPIC, r);
            byte[] record1 = Arrays.copyOf(record2, record2.length - 1);
            record1[0] = 1;
            EndpointRecord back = EndpointRecordCodec.SERDE.deserializer().deserialize(TOPIC, record1);
            assertThat(back.track()).isEqualTo(t);
            assertThat(back.track().probe()).isNull();
            // the endpoint stage's track is its own (changed in place); the site's copy equals it, not behind
            assertThat(back.forwarded()).isEqualTo(back.track());
            assertThat(back.behind()).isFalse();
        }
    }

    @Test
    void shouldReadAWindowWhoseIdsAreNotInAscendingOrder() {
        // what write() never produces (it writes the sorted set in order): ids out of order and repeated
        BinaryWriter out = new BinaryWriter(64);
        out.writeByte(1)
                .writeNullableString("hq")
                .writeNullableString("DIRECT")
                .writeNullableString("curl:7")
                .writeNullableString("PROXY_CONNECT")
                .writeLong(4)
                .writeSize(4)
                .writeString("pc-3")
                .writeString("pc-1")
                .writeString("pc-2")
                .writeString("pc-1")
                .writeBoolean(false)
                .writeLong(1_700_000_000_000L)
                .writeLong(1_700_000_001_000L)
                .writeSize(0)
                .writeSize(0);
        FailureWindow w = FailureWindowCodec.SERDE.deserializer().deserialize(TOPIC, out.toByteArray());
        assertThat(w.endpoints()).containsExactly("pc-1", "pc-2", "pc-3");
        assertThat(w.count()).isEqualTo(4);
    }

    @Test
    void shouldShareAStringByItsTextWhetherOrNotItIsTheSameObject() {
        EndpointRecord shared = recordOf("site-049-pc-0330", "site-049", "proxy.site-049.example:3128");
        // equal texts in other String objects: the table must find them by content, as it finds the same object
        EndpointRecord copies = recordOf(
                new String("site-049-pc-0330".toCharArray()),
                new String("site-049".toCharArray()),
                new String("proxy.site-049.example:3128".toCharArray()));
        byte[] bytes = EndpointRecordCodec.SERDE.serializer().serialize(TOPIC, shared);
        assertThat(EndpointRecordCodec.SERDE.serializer().serialize(TOPIC, copies))
                .isEqualTo(bytes);
        // the status's id, site and proxy and the track's id and proxy: three texts, each written once
        assertThat(countOf(bytes, "site-049-pc-0330")).isEqualTo(1);
        assertThat(countOf(bytes, "proxy.site-049.example:3128")).isEqualTo(1);
    }

    @Test
    void shouldKeepTwoStringsApartWhenOnlyTheirHashCodesAreEqual() {
        // "Aa" and "BB" have the same String.hashCode: the table must compare the texts, not only the hashes
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
        EndpointRecord r = recordOf("Aa", "BB", "Aa");
        EndpointRecord back = roundTrip(EndpointRecordCodec.SERDE, r);
        assertThat(back.status()).isEqualTo(r.status());
        assertThat(back.status().site()).isEqualTo("BB");
        assertThat(back.track()).isEqualTo(r.track());
    }

    private static EndpointRecord recordOf(String id, String site, String proxy) {
        EndpointStatus status = new EndpointStatus(
                id,
                site,
                proxy,
                "Elements EPP for Computers",
                1_636_735_230_152L,
                Times.NEVER,
                null,
                null,
                1_636_735_230_152L,
                Times.NEVER,
                Times.NEVER,
                EndpointState.HEALTHY);
        EndpointTrack track = new EndpointTrack(
                id,
                proxy,
                "Elements EPP for Computers",
                1_636_735_230_152L,
                1_636_735_230_152L,
                Times.NEVER,
                new TreeMap<>());
        return new EndpointRecord(status, track, track, site, new EndpointFiles(), 0, List.of());
    }

    private static int countOf(byte[] bytes, String text) {
        byte[] t = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int n = 0;
        for (int i = 0; i + t.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + t.length, t, 0, t.length)) {
                n++;
            }
        }
        return n;
    }

    @Test
    void shouldWriteTheVersionFirstAndFarFewerBytesThanJson() {
        EndpointTrack t = new EndpointTrack(
                "WS-0042",
                "proxy.hel.example:3128",
                "Elements EPP for Computers",
                1_636_735_230_152L,
                1_636_735_200_000L,
                Times.NEVER,
                new TreeMap<>(Map.of(
                        ErrorClass.TIMEOUT,
                        new FailureMark(1_636_735_230_152L, "curl:28", "doorman.sc.fsapi.com", false))));
        byte[] binary = EndpointTrackCodec.SERDE.serializer().serialize(TOPIC, t);
        byte[] json = JsonSerde.of(EndpointTrack.class).serializer().serialize(TOPIC, t);
        assertThat(binary[0]).isEqualTo((byte) 2);
        assertThat(binary.length).isLessThan(json.length / 2);
    }

    private static EndpointStatus status(Random random) {
        return new EndpointStatus(
                text(random),
                maybe(random, text(random)),
                maybe(random, text(random)),
                maybe(random, text(random)),
                time(random),
                maybeTime(random),
                maybe(random, text(random)),
                maybe(random, pick(random, ErrorClass.values())),
                maybeTime(random),
                maybeTime(random),
                maybeTime(random),
                pick(random, EndpointState.values()));
    }

    private static EndpointTrack track(Random random) {
        TreeMap<ErrorClass, FailureMark> failures = new TreeMap<>();
        for (int f = random.nextInt(4); f > 0; f--) {
            failures.put(
                    pick(random, ErrorClass.values()),
                    new FailureMark(
                            time(random),
                            maybe(random, text(random)),
                            maybe(random, text(random)),
                            random.nextBoolean()));
        }
        return new EndpointTrack(
                text(random),
                maybe(random, text(random)),
                maybe(random, text(random)),
                time(random),
                maybeTime(random),
                maybeTime(random),
                failures,
                probe(random));
    }

    /** None (never probed), passed, or failed with any class, step, status and issuer. */
    private static ProbeMark probe(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> null;
            case 1 -> ProbeMark.passed(time(random));
            default ->
                new ProbeMark(
                        time(random),
                        pick(random, ErrorClass.values()),
                        maybe(random, text(random)),
                        random.nextBoolean() ? 0 : random.nextInt(600),
                        maybe(random, text(random)));
        };
    }

    private static FailureWindow window(Random random, int maxEndpoints) {
        TreeSet<String> endpoints = new TreeSet<>();
        for (int e = random.nextInt(maxEndpoints); e > 0; e--) {
            endpoints.add(text(random));
        }
        List<String> hosts = new ArrayList<>();
        for (int h = random.nextInt(6); h > 0; h--) {
            hosts.add(text(random));
        }
        return new FailureWindow(
                maybe(random, text(random)),
                maybe(random, text(random)),
                maybe(random, text(random)),
                maybe(random, pick(random, ErrorClass.values()).name()),
                random.nextInt(1_000_000),
                endpoints,
                random.nextBoolean(),
                time(random),
                time(random),
                hosts,
                random.nextBoolean() ? List.of() : List.of(text(random), text(random)));
    }

    private static <T> T roundTrip(BinarySerde<T> serde, T value) {
        return serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, value));
    }

    private static Random seeded(String what) {
        System.out.println("DomainCodecsTest " + what + " seed " + SEED);
        return new Random(SEED);
    }

    private static <T> T pick(Random random, T[] values) {
        return values[random.nextInt(values.length)];
    }

    private static <T> T maybe(Random random, T value) {
        return random.nextInt(4) == 0 ? null : value;
    }

    private static long maybeTime(Random random) {
        return random.nextInt(4) == 0 ? Times.NEVER : time(random);
    }

    /** Negative, zero, small and epoch-millisecond values: the varint must handle every sign and length. */
    private static long time(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> 0L;
            case 1 -> -random.nextInt(1000);
            case 2 -> random.nextLong();
            default -> 1_600_000_000_000L + random.nextInt(Integer.MAX_VALUE);
        };
    }

    /** ASCII, Latin-1, CJK, emoji (surrogate pairs) and the empty string. */
    /** ASCII, Latin-1 beyond ASCII, CJK and a surrogate pair, up to 23 chars (EndpointEventReaderTest uses it too). */
    static String text(Random random) {
        String alphabet = "abcXYZ019:-._ äöåé漢字\uD83D\uDE00";
        int length = random.nextInt(24);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int at = random.nextInt(alphabet.length() - 1);
            if (Character.isHighSurrogate(alphabet.charAt(at))) {
                s.append(alphabet, at, at + 2);
            } else if (!Character.isLowSurrogate(alphabet.charAt(at))) {
                s.append(alphabet.charAt(at));
            }
        }
        return s.toString();
    }
}
