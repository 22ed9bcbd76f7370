package org.fleettelemetry.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private static final long MS = 1_000_000L;

    @Test
    void shouldGrantTokensInProportionToElapsedTimeWhenPolledSteadily() {
        TokenBucket bucket = new TokenBucket(40_000, 4_000, 0);

        assertThat(bucket.take(0, 1000)).isZero();
        assertThat(bucket.take(10 * MS, 1000)).isEqualTo(400);
        int total = 400;
        for (long t = 11 * MS; t <= 1000 * MS; t += MS) {
            total += bucket.take(t, 1000);
        }
        assertThat(total).isEqualTo(40_000);
    }

    @Test
    void shouldCapTheBurstAtTheCapacityWhenTheSenderStalled() {
        TokenBucket bucket = new TokenBucket(40_000, 4_000, 0);

        assertThat(bucket.take(5_000 * MS, 100_000)).isEqualTo(4_000);
        assertThat(bucket.take(5_000 * MS, 100_000)).isZero();
    }

    @Test
    void shouldKeepTheFractionOfATokenWhenTheRateIsNotAWholeNumberPerPoll() {
        TokenBucket bucket = new TokenBucket(1_000, 10, 0);

        assertThat(bucket.take(MS / 2, 10)).isZero();
        assertThat(bucket.nanosToNext()).isEqualTo(MS / 2);
        assertThat(bucket.take(MS, 10)).isEqualTo(1);
    }

    @Test
    void shouldGiveNoMoreThanAskedWhenMoreTokensWait() {
        TokenBucket bucket = new TokenBucket(1_000, 100, 0);

        assertThat(bucket.take(50 * MS, 20)).isEqualTo(20);
        assertThat(bucket.nanosToNext()).isZero();
        assertThat(bucket.take(50 * MS, 100)).isEqualTo(30);
    }
}
