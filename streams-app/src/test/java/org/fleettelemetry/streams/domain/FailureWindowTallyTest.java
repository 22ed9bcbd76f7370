package org.fleettelemetry.streams.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The tally that the endpoint stage adds each failure to: distinct endpoints exact up to the cap, sorted once built. */
class FailureWindowTallyTest {
    private static final long T0 = 1_700_000_000_000L;
    private final DetectionParams params = DetectionParams.defaults();

    @Test
    void shouldCountDistinctEndpointsAndGiveThemSorted() {
        Random random = new Random(7);
        FailureWindow.Tally tally = new FailureWindow.Tally(FailureWindow.add(null, failure("pc-050", T0)));
        List<String> sent = new ArrayList<>(List.of("pc-050"));
        for (int i = 0; i < 500; i++) {
            String id = "pc-" + String.format("%03d", random.nextInt(100));
            sent.add(id);
            tally.add(failure(id, T0 + i));
        }
        FailureWindow w = tally.build();

        assertThat(w.count()).isEqualTo(501);
        assertThat(w.endpoints())
                .containsExactlyElementsOf(sent.stream().distinct().sorted().toList());
        assertThat(w.endpointsCapped()).isFalse();
        assertThat(w.firstSeen()).isEqualTo(T0);
        assertThat(w.lastSeen()).isEqualTo(T0 + 499);
    }

    @Test
    void shouldKeepTheFirstIdsPastTheCapAndSaySo() {
        FailureWindow.Tally tally = new FailureWindow.Tally(FailureWindow.add(null, failure(id(0), T0)));
        for (int i = 1; i < FailureWindow.MAX_IDS; i++) {
            tally.add(failure(id(i), T0));
        }
        tally.add(failure(id(5), T0));
        assertThat(tally.build().endpointsCapped())
                .as("an id already counted at the cap does not make the count a lower bound")
                .isFalse();

        tally.add(failure("zz-late", T0));
        FailureWindow w = tally.build();
        assertThat(w.endpointsCapped()).isTrue();
        assertThat(w.distinctEndpoints()).isEqualTo(FailureWindow.MAX_IDS);
        assertThat(w.endpoints()).doesNotContain("zz-late").contains(id(0), id(FailureWindow.MAX_IDS - 1));
        assertThat(w.count()).isEqualTo(FailureWindow.MAX_IDS + 2L);

        FailureWindow merged = FailureWindow.merge(w, FailureWindow.add(null, failure("aa-other", T0 + 1)));
        assertThat(merged.endpoints()).doesNotContain("aa-other");
        assertThat(merged.endpointsCapped()).isTrue();
        assertThat(merged.count()).isEqualTo(FailureWindow.MAX_IDS + 3L);
    }

    @Test
    void shouldCountTheIdTheCallerGivesAsTheFailingEndpoint() {
        Observation first = failure(new String("pc-007".toCharArray()), T0);
        String kept = "pc-007";
        FailureWindow.Tally tally = FailureWindow.Tally.of(first, kept);
        tally.add(failure(new String("pc-007".toCharArray()), T0 + 5), kept);
        tally.add(failure("pc-009", T0 + 9));
        FailureWindow w = tally.build();

        FailureWindow.Tally reference = new FailureWindow.Tally(FailureWindow.add(null, first));
        reference.add(failure("pc-007", T0 + 5));
        reference.add(failure("pc-009", T0 + 9));
        assertThat(w).isEqualTo(reference.build());
        assertThat(w.endpoints()).containsExactly("pc-007", "pc-009");
        assertThat(w.endpoints().first()).isSameAs(kept);
        assertThat(w.count()).isEqualTo(3);
    }

    @Test
    void shouldMergeTwoWindowsExactlyAsATallyOfBothWould() {
        Random random = new Random(20261207L);
        for (int round = 0; round < 300; round++) {
            FailureWindow a = randomWindow(random, round % 3 == 0);
            FailureWindow b = randomWindow(random, false);
            FailureWindow.Tally tally = new FailureWindow.Tally(a);
            tally.merge(b);
            FailureWindow expected = tally.build();

            FailureWindow merged = FailureWindow.merge(a, b);

            assertThat(merged).as("round %d", round).isEqualTo(expected);
            assertThat(List.copyOf(merged.endpoints())).isEqualTo(List.copyOf(expected.endpoints()));
        }
    }

    /** Ids, hosts and samples from small pools so the two windows overlap; near the id cap when {@code full}. */
    private static FailureWindow randomWindow(Random random, boolean full) {
        java.util.TreeSet<String> ids = new java.util.TreeSet<>();
        int n = full ? FailureWindow.MAX_IDS - random.nextInt(4) : random.nextInt(40);
        while (ids.size() < n) {
            ids.add(full ? id(random.nextInt(FailureWindow.MAX_IDS + 50)) : id(random.nextInt(80)));
        }
        List<String> hosts = new ArrayList<>();
        for (int i = random.nextInt(7); i > 0 && hosts.size() < 5; i--) {
            String host = "host-" + random.nextInt(8) + ".example";
            if (!hosts.contains(host)) {
                hosts.add(host);
            }
        }
        List<String> samples = new ArrayList<>();
        for (int i = random.nextInt(5); i > 0 && samples.size() < 3; i--) {
            String sample = "sample " + random.nextInt(5);
            if (!samples.contains(sample)) {
                samples.add(sample);
            }
        }
        long first = T0 + random.nextInt(60_000);
        return new FailureWindow(
                "hq",
                "DIRECT",
                "curl:7",
                "PROXY_CONNECT",
                ids.size() + random.nextInt(100),
                ids,
                random.nextInt(5) == 0,
                first,
                first + random.nextInt(60_000),
                hosts,
                samples);
    }

    private static String id(int i) {
        return String.format("pc-%05d", i);
    }

    private Observation failure(String endpointId, long at) {
        return Observation.failure(
                endpointId, "hq", "DIRECT", "Elements EPP for Computers", at, "curl:7", null, params);
    }
}
