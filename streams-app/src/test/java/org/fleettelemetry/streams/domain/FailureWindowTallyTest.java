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

    private static String id(int i) {
        return String.format("pc-%05d", i);
    }

    private Observation failure(String endpointId, long at) {
        return Observation.failure(
                endpointId, "hq", "DIRECT", "Elements EPP for Computers", at, "curl:7", null, params);
    }
}
