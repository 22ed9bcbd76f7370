package org.fleettelemetry.collector.faults;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.fleettelemetry.collector.testing.CapturedLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class RateLimitedLogTest {
    private final AtomicLong nanos = new AtomicLong();

    @RegisterExtension
    final CapturedLogs logs = CapturedLogs.of(RateLimitedLogTest.class);

    private final Logger logger = LoggerFactory.getLogger(RateLimitedLogTest.class);

    @Test
    void shouldLogTheFirstWithItsTraceThenOncePerIntervalWithTheCountLeftOut() {
        RateLimitedLog limited = new RateLimitedLog(logger, Duration.ofMinutes(1), nanos::get);
        RuntimeException error = new IllegalStateException("boom");
        // four a second for five minutes: what a failing poll did before (#22)
        for (int i = 0; i < 1200; i++) {
            limited.error("poll failed", error);
            nanos.addAndGet(Duration.ofMillis(250).toNanos());
        }
        assertThat(logs.events()).hasSize(5);
        assertThat(logs.events().get(0).getThrowableProxy()).isNotNull();
        assertThat(logs.events().get(1).getThrowableProxy())
                .as("the trace once")
                .isNull();
        assertThat(logs.events().get(1).getFormattedMessage())
                .isEqualTo(
                        "poll failed (239 more like it in the last 60 s not logged): java.lang.IllegalStateException:"
                                + " boom");
    }

    @Test
    void shouldLogAtOnceAgainAfterAReset() {
        RateLimitedLog limited = new RateLimitedLog(logger, Duration.ofMinutes(1), nanos::get);
        limited.warn("gone", null);
        limited.warn("gone", null);
        assertThat(limited.reset()).isEqualTo(1);
        limited.warn("gone", null);
        assertThat(logs.events()).extracting(ILoggingEvent::getFormattedMessage).containsExactly("gone", "gone");
    }
}
