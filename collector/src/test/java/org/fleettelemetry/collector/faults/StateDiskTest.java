package org.fleettelemetry.collector.faults;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.fleettelemetry.collector.testing.CapturedLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class StateDiskTest {
    @TempDir
    Path dir;

    private final AtomicLong nanos = new AtomicLong();

    @RegisterExtension
    final CapturedLogs logs = CapturedLogs.of(StateDisk.class);

    private static final IOException FULL = new IOException("No space left on device");

    @Test
    void shouldLogOneErrorWhenAnEpisodeStartsAndOneLineWhenTheLastWriterRecovers() {
        StateDisk disk = new StateDisk(dir, nanos::get);
        for (int i = 0; i < 1000; i++) {
            disk.writeFailed(StateDisk.Writer.SPOOL, dir.resolve("spool/1.seg"), FULL);
            disk.writeFailed(StateDisk.Writer.CHECKPOINTS, dir.resolve("checkpoints.json"), FULL);
        }
        assertThat(disk.isFailing()).isTrue();
        disk.writeSucceeded(StateDisk.Writer.SPOOL);
        assertThat(disk.isFailing()).as("the checkpoints still fail").isTrue();
        nanos.addAndGet(Duration.ofSeconds(42).toNanos());
        disk.writeSucceeded(StateDisk.Writer.CHECKPOINTS);

        assertThat(disk.isFailing()).isFalse();
        assertThat(disk.failures()).isEqualTo(2000);
        List<ILoggingEvent> events = logs.events();
        assertThat(events).hasSize(2);
        assertThat(events.get(0).getLevel()).isEqualTo(Level.ERROR);
        assertThat(events.get(0).getFormattedMessage())
                .contains("Cannot write the spool at " + dir.resolve("spool/1.seg"))
                .contains("No space left on device")
                .contains("bytes free of")
                .contains("state.dir " + dir);
        assertThat(events.get(1).getLevel()).isEqualTo(Level.INFO);
        assertThat(events.get(1).getFormattedMessage())
                .contains("no longer waits on writes to " + dir)
                .contains("after 42 s");
    }

    @Test
    void shouldNotTakeAWriteInterruptedByTheCollectorStoppingForADiskFault() {
        StateDisk disk = new StateDisk(dir, nanos::get);

        disk.writeFailed(
                StateDisk.Writer.CHECKPOINTS, dir.resolve("checkpoints.json"), new ClosedByInterruptException());

        assertThat(disk.isFailing()).isFalse();
        assertThat(disk.failures()).isZero();
        assertThat(logs.events()).singleElement().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.INFO);
            assertThat(e.getFormattedMessage()).contains("interrupted: the collector is stopping");
        });
    }

    @Test
    void shouldAnnounceEpisodesAtMostOncePerMinuteWhenTheDiskIsAtTheEdge() {
        StateDisk disk = new StateDisk(dir, nanos::get);
        for (int i = 0; i < 50; i++) {
            disk.writeFailed(StateDisk.Writer.SPOOL, dir, FULL);
            nanos.addAndGet(Duration.ofSeconds(1).toNanos());
            disk.writeSucceeded(StateDisk.Writer.SPOOL);
        }
        assertThat(logs.events()).hasSize(2);
        nanos.addAndGet(Duration.ofMinutes(1).toNanos());
        disk.writeFailed(StateDisk.Writer.SPOOL, dir, FULL);
        disk.writeSucceeded(StateDisk.Writer.SPOOL);
        assertThat(logs.events()).hasSize(4);
        assertThat(logs.events().get(3).getFormattedMessage()).contains("49 shorter episode(s) before, not logged");
    }

    @Test
    void shouldAnnounceAnEpisodeStartingSoonAfterAnotherWhenItLastsAMinute() {
        StateDisk disk = new StateDisk(dir, nanos::get);
        disk.writeFailed(StateDisk.Writer.SPOOL, dir, FULL);
        nanos.addAndGet(Duration.ofSeconds(59).toNanos());
        disk.writeSucceeded(StateDisk.Writer.SPOOL);
        nanos.addAndGet(Duration.ofMillis(300).toNanos());
        for (int second = 0; second <= 60; second++) {
            disk.writeFailed(StateDisk.Writer.SPOOL, dir, FULL);
            nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        }
        disk.writeSucceeded(StateDisk.Writer.SPOOL);

        assertThat(logs.events())
                .extracting(ILoggingEvent::getLevel)
                .containsExactly(Level.ERROR, Level.INFO, Level.ERROR, Level.INFO);
        assertThat(logs.events().get(3).getFormattedMessage())
                .contains("after 61 s")
                .doesNotContain("shorter");
    }

    @Test
    void shouldIgnoreSuccessOfAWriterThatWasNotFailing() {
        StateDisk disk = new StateDisk(dir, nanos::get);
        disk.writeSucceeded(StateDisk.Writer.CHECKPOINTS);
        assertThat(logs.events()).isEmpty();
        assertThat(disk.isFailing()).isFalse();
    }
}
