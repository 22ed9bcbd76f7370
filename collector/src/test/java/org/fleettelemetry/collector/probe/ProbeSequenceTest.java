package org.fleettelemetry.collector.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbeSequenceTest {
    private static final long T0 = 1_796_000_000_000L; // 2026-11-29, a wall clock in millis

    @TempDir
    Path state;

    private final AtomicLong clock = new AtomicLong(T0);

    @Test
    void shouldFollowTheClockWithTheTargetIndexWhenTheClockRuns() throws Exception {
        ProbeSequence s = ProbeSequence.open(state, clock::get);

        long a = s.next(0);
        long b = s.next(1);
        clock.addAndGet(300_000);
        long c = s.next(0);

        assertThat(a).isEqualTo(T0 * 16);
        assertThat(b).isEqualTo(T0 * 16 + 1);
        assertThat(c).isEqualTo((T0 + 300_000) * 16);
    }

    @Test
    void shouldStillIncreaseWhenTheClockStandsOrGoesBack() throws Exception {
        ProbeSequence s = ProbeSequence.open(state, clock::get);
        long a = s.next(3);
        long b = s.next(3); // same millisecond, same target
        clock.addAndGet(-3_600_000);
        long c = s.next(0);

        assertThat(b).isEqualTo(a + 1);
        assertThat(c).isEqualTo(b + 1);
    }

    @Test
    void shouldContinueAboveThePersistedValueAfterARestartWithTheClockSetBack() throws Exception {
        ProbeSequence first = ProbeSequence.open(state, clock::get);
        long last = 0;
        for (int i = 0; i < 5; i++) {
            last = first.next(i);
        }
        clock.addAndGet(-86_400_000); // a day back while the collector was stopped

        ProbeSequence second = ProbeSequence.open(state, clock::get);

        assertThat(second.last()).isEqualTo(last);
        assertThat(second.next(0)).isEqualTo(last + 1);
    }

    @Test
    void shouldStayAboveEveryEarlierValueWhenTheStateFileIsLost() throws Exception {
        ProbeSequence first = ProbeSequence.open(state, clock::get);
        List<Long> earlier = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 16; i++) {
                earlier.add(first.next(i));
            }
            clock.addAndGet(10_000);
        }
        Files.delete(state.resolve(ProbeSequence.FILE_NAME));
        clock.addAndGet(1); // the restart takes at least a millisecond

        long after = ProbeSequence.open(state, clock::get).next(0);

        assertThat(after)
                .isGreaterThan(earlier.stream().mapToLong(Long::longValue).max().orElseThrow());
    }

    @Test
    void shouldTreatAnUnreadableStateFileAsLost() throws Exception {
        Files.writeString(state.resolve(ProbeSequence.FILE_NAME), "not a number");

        ProbeSequence s = ProbeSequence.open(state, clock::get);

        assertThat(s.last()).isEqualTo(-1);
        assertThat(s.next(2)).isEqualTo(T0 * 16 + 2);
    }

    @Test
    void shouldBeStrictlyIncreasingAcrossRandomRestartsAndClockSteps() throws Exception {
        long seed = Long.getLong("test.seed", 18L);
        System.out.println("ProbeSequenceTest seed " + seed + " (rerun with -Dtest.seed=" + seed + ")");
        Random random = new Random(seed);
        ProbeSequence s = ProbeSequence.open(state, clock::get);
        long previous = -1;
        for (int step = 0; step < 5_000; step++) {
            switch (random.nextInt(10)) {
                case 0 -> s = ProbeSequence.open(state, clock::get); // a restart with the state kept
                case 1 -> clock.addAndGet(-random.nextInt(3_600_000)); // the clock set back
                default -> clock.addAndGet(random.nextInt(600_000)); // time passes, maybe none
            }
            long v = s.next(random.nextInt(16));
            assertThat(v).as("step %d", step).isGreaterThan(previous);
            previous = v;
        }
    }

    @Test
    void shouldPersistTheValueBeforeHandingItOut() throws Exception {
        long v = ProbeSequence.open(state, clock::get).next(0);

        assertThat(Files.readString(state.resolve(ProbeSequence.FILE_NAME))).isEqualTo(Long.toString(v));
    }

    @Test
    void shouldRefuseATargetIndexOutsideTheSlotsOfAMillisecond() {
        ProbeSequence s = ProbeSequence.open(state, clock::get);

        assertThatThrownBy(() -> s.next(16)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.next(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
