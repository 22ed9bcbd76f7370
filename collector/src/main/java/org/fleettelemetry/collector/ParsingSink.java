package org.fleettelemetry.collector;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.fleettelemetry.collector.faults.RateLimitedLog;
import org.fleettelemetry.collector.metrics.CollectorMeters;
import org.fleettelemetry.collector.parse.EntryAssembler;
import org.fleettelemetry.collector.parse.LogFiles;
import org.fleettelemetry.collector.parse.ParseContext;
import org.fleettelemetry.collector.parse.ParsedEvent;
import org.fleettelemetry.collector.ship.AckRef;
import org.fleettelemetry.collector.ship.AckSink;
import org.fleettelemetry.collector.ship.EventShipper;
import org.fleettelemetry.collector.tail.Line;
import org.fleettelemetry.collector.tail.LineSink;
import org.fleettelemetry.collector.tail.TailedFile;
import org.fleettelemetry.schemas.avro.EventKind;

/**
 * tail -> parse -> ship for one endpoint: each file's lines go through that file's own parser; each
 * event is registered with the file's offset tracker before it is shipped, and the tracker is told when
 * Kafka has it, so the tailer commits only acknowledged offsets.
 */
final class ParsingSink implements LineSink, AckSink {
    /** Endpoint-wide facts the parser stamps on every event. */
    record Endpoint(String endpointId, String site, String proxy, String product, java.time.ZoneId zone) {}

    /** One file's parser and the events it emitted and that are not shipped yet. */
    private record FileParser(EntryAssembler assembler, List<ParsedEvent> emitted) {}

    private final Endpoint endpoint;
    private final java.time.Clock clock;
    private final Map<TailedFile, FileParser> parsers = new ConcurrentHashMap<>();
    private final Map<String, TailedFile> byKey = new ConcurrentHashMap<>();
    private final Counter parsed;
    private final Counter unparsed;
    private final AtomicLong failures = new AtomicLong();
    private final RateLimitedLog shipFailures =
            new RateLimitedLog(org.slf4j.LoggerFactory.getLogger(ParsingSink.class));
    private EventShipper shipper;

    /**
     * @param clock the wall clock, only for the rare entry with no time of its own and none before it in its file:
     *     every other event's time comes from its log line, so a jumping system clock does not move them
     */
    ParsingSink(Endpoint endpoint, MeterRegistry meters, java.time.Clock clock) {
        this.endpoint = endpoint;
        this.clock = clock;
        this.parsed = meters.counter(CollectorMeters.EVENTS_PARSED);
        this.unparsed = meters.counter(CollectorMeters.EVENTS_UNPARSED);
    }

    /** The shipper needs this sink for acks and this sink needs the shipper: tie them after both exist. */
    void shipTo(EventShipper shipper) {
        this.shipper = shipper;
    }

    /** Failure events parsed so far (for the heartbeat). */
    long failures() {
        return failures.get();
    }

    /**
     * Ships what an earlier call could not (throwing, if it still cannot, before these lines are taken: the tailer
     * then delivers them again), then parses the lines and ships their events. Once the lines are fed to the
     * parser they are taken: a failure to ship after that keeps the events for the next call instead of throwing,
     * because lines delivered again would be parsed twice.
     */
    @Override
    public void onLines(TailedFile file, List<Line> lines) throws InterruptedException {
        FileParser parser = parsers.computeIfAbsent(file, this::newParser);
        ship(file, parser);
        for (Line line : lines) {
            parser.assembler().accept(line.text(), line.startOffset(), line.endOffset());
        }
        try {
            ship(file, parser);
        } catch (RuntimeException e) {
            shipFailures.error(
                    parser.emitted().size() + " event(s) of " + file.path()
                            + " could not be shipped; they are kept and shipped before the next lines",
                    e);
        }
    }

    @Override
    public void onIdle(TailedFile file) throws InterruptedException {
        FileParser parser = parsers.get(file);
        if (parser != null && parser.assembler().hasPending()) {
            parser.assembler().flush();
            ship(file, parser);
        }
    }

    @Override
    public void onFileClosed(TailedFile file) throws InterruptedException {
        FileParser parser = parsers.remove(file);
        if (parser != null) {
            parser.assembler().flush();
            ship(file, parser);
        }
    }

    private FileParser newParser(TailedFile file) {
        byKey.put(file.identity().asString(), file);
        List<ParsedEvent> emitted = new ArrayList<>();
        ParseContext context = new ParseContext(
                endpoint.endpointId(),
                endpoint.site(),
                endpoint.proxy(),
                endpoint.product(),
                LogFiles.fromFileName(file.path().getFileName().toString()),
                endpoint.zone(),
                file.identity().asString());
        return new FileParser(new EntryAssembler(context, clock, emitted::add), emitted);
    }

    /**
     * Registers and ships the emitted events one by one, in file order; runs on the tailer's thread. Each event is
     * registered once: when shipping throws (interrupted at a stop, or a failure the shipper did not absorb) the
     * event stays first in the list, registered, and the next call ships it without registering it again. (An
     * offset registered twice is refused by the tracker; re-parsing a batch after a failed ship did exactly that,
     * every poll, when the spool's disk was full: issue #22.)
     */
    private void ship(TailedFile file, FileParser parser) throws InterruptedException {
        List<ParsedEvent> emitted = parser.emitted();
        if (emitted.isEmpty()) {
            return;
        }
        String key = file.identity().asString();
        int shipped = 0;
        int unparsedCount = 0;
        int failureCount = 0;
        try {
            for (; shipped < emitted.size(); shipped++) {
                ParsedEvent event = emitted.get(shipped);
                file.offsets().registerIfAfterLast(event.endOffset());
                shipper.ship(event.event(), new AckRef(key, event.endOffset()));
                EventKind kind = event.event().getKind();
                unparsedCount += kind == EventKind.UNPARSED ? 1 : 0;
                failureCount += isFailure(kind) ? 1 : 0;
            }
        } finally {
            emitted.subList(0, shipped).clear();
            // counted once per batch: a meter update per event was a visible share of the CPU per line
            parsed.increment(shipped - unparsedCount);
            unparsed.increment(unparsedCount);
            failures.addAndGet(failureCount);
        }
    }

    private static boolean isFailure(EventKind kind) {
        return kind == EventKind.CONNECTION_FAILURE
                || kind == EventKind.CLOUD_QUERY_FAILURE
                || kind == EventKind.DRIVER_FAILURE
                || kind == EventKind.SCAN_SKIPPED;
    }

    /** Kafka has the event: let the file's tracker advance. Acks of events spooled by an earlier run may name offsets this run never registered; they change nothing. */
    @Override
    public void acked(AckRef ref) {
        TailedFile file = byKey.get(ref.fileKey());
        if (file != null) {
            // false for an earlier run's event whose offset this run did not emit: the re-read copy will be acked
            // itself
            file.offsets().ackIfRegistered(ref.endOffset());
        }
    }
}
