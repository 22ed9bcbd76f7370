package org.fleettelemetry.collector.faults;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RateLimitedLogTest {
    private final AtomicLong nanos = new AtomicLong();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(RateLimitedLogTest.class);

    @BeforeEach
    void captureLogs() {
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        logger.detachAppender(logs);
    }

    @Test
    void shouldLogTheFirstWithItsTraceThenOncePerIntervalWithTheCountLeftOut() {
        RateLimitedLog limited = new RateLimitedLog(logger, Duration.ofMinutes(1), nanos::get);
        RuntimeException error = new IllegalStateException("boom");
        // four a second for five minutes: what a failing poll did before (#22)
        for (int i = 0; i < 1200; i++) {
            limited.error("poll failed", error);
            nanos.addAndGet(Duration.ofMillis(250).toNanos());
        }
        assertThat(logs.list).hasSize(5);
        assertThat(logs.list.get(0).getThrowableProxy()).isNotNull();
        assertThat(logs.list.get(1).getThrowableProxy()).as("the trace once").isNull();
        assertThat(logs.list.get(1).getFormattedMessage())
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
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly("gone", "gone");
    }
}
