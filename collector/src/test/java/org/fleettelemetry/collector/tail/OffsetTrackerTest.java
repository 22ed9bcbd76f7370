package org.fleettelemetry.collector.tail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    @Test
    void shouldCommitOnlyContiguousAcksWhenAcksArriveOutOfOrder() {
        long seed = 7_340_2024L;
        System.out.println("OffsetTrackerTest random seed: " + seed);
        Random random = new Random(seed);
        for (int round = 0; round < 50; round++) {
            long base = random.nextInt(1000);
            OffsetTracker tracker = new OffsetTracker(base);
            List<Long> offsets = new ArrayList<>();
            long offset = base;
            int events = 1 + random.nextInt(300);
            for (int i = 0; i < events; i++) {
                offset += 1 + random.nextInt(200);
                offsets.add(offset);
                tracker.register(offset);
            }
            List<Long> ackOrder = new ArrayList<>(offsets);
            Collections.shuffle(ackOrder, random);
            boolean[] acked = new boolean[offsets.size()];
            for (long ack : ackOrder) {
                assertThat(tracker.ack(ack)).isTrue();
                acked[offsets.indexOf(ack)] = true;
                assertThat(tracker.committable()).isEqualTo(expectedCommittable(base, offsets, acked));
            }
            assertThat(tracker.committable()).isEqualTo(offset);
            assertThat(tracker.unackedCount()).isZero();
            assertThat(tracker.unackedBytes()).isZero();
        }
    }

    @Test
    void shouldReachTheLastOffsetWhenManyThreadsAck() throws Exception {
        OffsetTracker tracker = new OffsetTracker(0);
        int events = 20_000;
        for (int i = 1; i <= events; i++) {
            tracker.register(i * 10L);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = events - thread; i >= 1; i -= 4) {
                        tracker.ack(i * 10L);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(tracker.committable()).isEqualTo(events * 10L);
        assertThat(tracker.unackedCount()).isZero();
    }

    @Test
    void shouldReportUnackedCountBytesAndAgeWhenEventsWait() {
        ManualTicker ticker = new ManualTicker();
        OffsetTracker tracker = new OffsetTracker(100, ticker);
        tracker.register(150);
        ticker.advance(Duration.ofSeconds(2));
        tracker.register(220);
        ticker.advance(Duration.ofSeconds(3));

        assertThat(tracker.unackedCount()).isEqualTo(2);
        assertThat(tracker.unackedBytes()).isEqualTo(120);
        assertThat(tracker.oldestUnackedAge()).isEqualTo(Duration.ofSeconds(5));

        tracker.ack(150);
        assertThat(tracker.unackedBytes()).isEqualTo(70);
        assertThat(tracker.oldestUnackedAge()).isEqualTo(Duration.ofSeconds(3));
        tracker.ack(220);
        assertThat(tracker.oldestUnackedAge()).isEqualTo(Duration.ZERO);
    }

    @Test
    void shouldRegisterOnlyOffsetsAfterTheLastWhenRegisteringIfAfterLast() {
        OffsetTracker tracker = new OffsetTracker(0);

        assertThat(tracker.registerIfAfterLast(10)).isTrue();
        assertThat(tracker.registerIfAfterLast(10)).isFalse();
        assertThat(tracker.registerIfAfterLast(5)).isFalse();
        assertThat(tracker.registerIfAfterLast(20)).isTrue();

        assertThat(tracker.lastRegistered()).isEqualTo(20);
        assertThat(tracker.unackedCount()).isEqualTo(2);
    }

    @Test
    void shouldIgnoreUnknownAndRepeatedAcksWhenAckingIfRegistered() {
        OffsetTracker tracker = new OffsetTracker(0);
        tracker.register(10);
        tracker.register(20);
        tracker.register(30);

        assertThat(tracker.ackIfRegistered(40)).isFalse(); // after the last registered: an earlier run's event
        assertThat(tracker.ackIfRegistered(15)).isFalse(); // between registered offsets: never registered
        assertThat(tracker.ackIfRegistered(20)).isTrue();
        assertThat(tracker.ackIfRegistered(20)).isFalse();
        assertThat(tracker.committable()).isZero();
        assertThat(tracker.ackIfRegistered(10)).isTrue();
        assertThat(tracker.committable()).isEqualTo(20);
        assertThat(tracker.ackIfRegistered(10)).isFalse(); // already committed
        assertThat(tracker.ackIfRegistered(30)).isTrue();

        assertThat(tracker.committable()).isEqualTo(30);
        assertThat(tracker.unackedCount()).isZero();
        assertThat(tracker.unackedBytes()).isZero();
    }

    @Test
    void shouldStartAtTheBaseOffsetWhenNothingIsRegistered() {
        assertThat(new OffsetTracker(42).committable()).isEqualTo(42);
    }

    @Test
    void shouldIgnoreARepeatedAckWhenAlreadyAcknowledged() {
        OffsetTracker tracker = new OffsetTracker(0);
        tracker.register(10);
        tracker.register(20);
        assertThat(tracker.ack(20)).isTrue();
        assertThat(tracker.ack(20)).isFalse();
        assertThat(tracker.ack(10)).isTrue();
        assertThat(tracker.ack(10)).isFalse();
        assertThat(tracker.committable()).isEqualTo(20);
    }

    @Test
    void shouldRejectMisuseWhenOffsetsAreOutOfOrderOrUnknown() {
        OffsetTracker tracker = new OffsetTracker(10);
        tracker.register(20);

        assertThatThrownBy(() -> tracker.register(20)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tracker.register(15)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tracker.ack(30))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("never registered");
    }

    private static long expectedCommittable(long base, List<Long> offsets, boolean[] acked) {
        long committable = base;
        for (int i = 0; i < offsets.size() && acked[i]; i++) {
            committable = offsets.get(i);
        }
        return committable;
    }
}
