package org.fleettelemetry.streams.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.fleettelemetry.streams.domain.EndpointState;
import org.fleettelemetry.streams.domain.EndpointStatus;
import org.fleettelemetry.streams.domain.EndpointTrack;
import org.fleettelemetry.streams.domain.ErrorClass;
import org.fleettelemetry.streams.domain.FailureMark;
import org.fleettelemetry.streams.domain.FailureWindow;
import org.fleettelemetry.streams.domain.Observation;
import org.fleettelemetry.streams.domain.ObservationType;
import org.junit.jupiter.api.Test;

/** Randomized round trips of the hot state and repartition types through their binary serdes. */
class DomainCodecsTest {
    private static final long SEED = 20261129L;
    private static final int ROUNDS = 2_000;
    private static final String TOPIC = "fleet-test-store-changelog";

    @Test
    void shouldReadBackAnEqualObservationWhenAnyFieldIsSetOrMissing() {
        Random random = seeded("Observation");
        for (int i = 0; i < ROUNDS; i++) {
            ObservationType type = pick(random, ObservationType.values());
            Observation o = new Observation(text(random), text(random), maybe(random, text(random)),
                    maybe(random, text(random)), time(random), type, maybe(random, text(random)),
                    type == ObservationType.FAILURE ? pick(random, ErrorClass.values()) : null,
                    maybe(random, text(random)), maybe(random, text(random)), random.nextBoolean());
            assertThat(roundTrip(ObservationCodec.SERDE, o)).isEqualTo(o);
        }
    }

    @Test
    void shouldReadBackAnEqualEndpointStatusWhenAnyFieldIsSetOrMissing() {
        Random random = seeded("EndpointStatus");
        for (int i = 0; i < ROUNDS; i++) {
            EndpointStatus s = new EndpointStatus(text(random), maybe(random, text(random)),
                    maybe(random, text(random)), maybe(random, text(random)), time(random), maybeTime(random),
                    maybe(random, text(random)), maybe(random, pick(random, ErrorClass.values())), maybeTime(random),
                    maybeTime(random), maybeTime(random), pick(random, EndpointState.values()));
            assertThat(roundTrip(EndpointStatusCodec.SERDE, s)).isEqualTo(s);
        }
    }

    @Test
    void shouldReadBackAnEqualEndpointTrackWhenItHasAnyNumberOfFailureClasses() {
        Random random = seeded("EndpointTrack");
        for (int i = 0; i < ROUNDS; i++) {
            TreeMap<ErrorClass, FailureMark> failures = new TreeMap<>();
            for (int f = random.nextInt(4); f > 0; f--) {
                failures.put(pick(random, ErrorClass.values()), new FailureMark(time(random),
                        maybe(random, text(random)), maybe(random, text(random)), random.nextBoolean()));
            }
            EndpointTrack t = new EndpointTrack(text(random), maybe(random, text(random)),
                    maybe(random, text(random)), time(random), maybeTime(random), maybeTime(random), failures);
            assertThat(roundTrip(EndpointTrackCodec.SERDE, t)).isEqualTo(t);
        }
    }

    @Test
    void shouldReadBackAnEqualFailureWindowWhenItHoldsManyEndpoints() {
        Random random = seeded("FailureWindow");
        for (int i = 0; i < ROUNDS / 10; i++) {
            TreeSet<String> endpoints = new TreeSet<>();
            for (int e = random.nextInt(300); e > 0; e--) {
                endpoints.add(text(random));
            }
            List<String> hosts = new ArrayList<>();
            for (int h = random.nextInt(6); h > 0; h--) {
                hosts.add(text(random));
            }
            FailureWindow w = new FailureWindow(maybe(random, text(random)), maybe(random, text(random)),
                    maybe(random, text(random)), maybe(random, pick(random, ErrorClass.values()).name()),
                    random.nextInt(1_000_000), endpoints, random.nextBoolean(), time(random), time(random), hosts,
                    random.nextBoolean() ? List.of() : List.of(text(random), text(random)));
            assertThat(roundTrip(FailureWindowCodec.SERDE, w)).isEqualTo(w);
        }
    }

    @Test
    void shouldWriteTheVersionFirstAndFarFewerBytesThanJson() {
        Observation o = Observation.failure("WS-0042", "hel", "proxy.hel.example:3128", "Elements EPP for Computers",
                1_636_735_230_152L, "curl:28", "doorman.sc.fsapi.com",
                org.fleettelemetry.streams.domain.DetectionParams.defaults());
        byte[] binary = ObservationCodec.SERDE.serializer().serialize(TOPIC, o);
        byte[] json = JsonSerde.of(Observation.class).serializer().serialize(TOPIC, o);
        assertThat(binary[0]).isEqualTo((byte) 1);
        assertThat(binary.length).isLessThan(json.length / 2);
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

    private static Long maybeTime(Random random) {
        return random.nextInt(4) == 0 ? null : time(random);
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
    private static String text(Random random) {
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
