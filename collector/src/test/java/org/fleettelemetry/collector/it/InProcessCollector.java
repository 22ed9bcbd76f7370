package org.fleettelemetry.collector.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fleettelemetry.collector.CollectorRuntime;
import org.fleettelemetry.collector.EndpointCollector;
import org.fleettelemetry.collector.metrics.CollectorMeters;
import org.fleettelemetry.collector.tail.TailedFile;

/** One endpoint's collector in the test JVM (what {@code collector run} starts), with what the ITs look at. */
final class InProcessCollector implements AutoCloseable {
    private final CollectorRuntime runtime;

    private InProcessCollector(CollectorRuntime runtime) {
        this.runtime = runtime;
    }

    static InProcessCollector start(CollectorSettings settings) {
        return new InProcessCollector(CollectorRuntime.start(List.of(settings.config()), 0));
    }

    /** With a wall clock of the test's. */
    static InProcessCollector start(CollectorSettings settings, java.time.Clock clock) {
        return new InProcessCollector(CollectorRuntime.start(
                List.of(settings.config()), 0, org.fleettelemetry.collector.ship.Producers::create, clock));
    }

    EndpointCollector collector() {
        return runtime.collectors().get(0);
    }

    /** The file read to its current end, every event of it acknowledged by Kafka and committed. */
    boolean isCaughtUpWith(Path log) {
        long size;
        try {
            size = Files.size(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return collector().isCaughtUp()
                && collector().tailer().files().stream()
                        .filter(f -> f.path().equals(log.toAbsolutePath()))
                        .mapToLong(TailedFile::committedOffset)
                        .anyMatch(committed -> committed == size);
    }

    /** The file read to its current end (whether or not Kafka has its events). */
    boolean hasRead(Path log) throws IOException {
        long size = Files.size(log);
        return collector().tailer().files().stream()
                .anyMatch(f -> f.path().equals(log.toAbsolutePath()) && f.readOffset() == size);
    }

    double spoolBytes() {
        return runtime.meters().get(CollectorMeters.SPOOL_BYTES).gauge().value();
    }

    double eventsSpooled() {
        return runtime.meters().get(CollectorMeters.EVENTS_SPOOLED).counter().count();
    }

    /** Probe outcomes handed to the shipper (sent or spooled), every verdict. */
    double probeResults() {
        return runtime.meters().find(CollectorMeters.PROBE_RESULTS).counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count)
                .sum();
    }

    String describe() {
        return collector().describe();
    }

    @Override
    public void close() {
        runtime.close();
    }
}
