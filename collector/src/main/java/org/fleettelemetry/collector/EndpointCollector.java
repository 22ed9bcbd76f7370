package org.fleettelemetry.collector;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.fleettelemetry.collector.config.CollectorConfig;
import org.fleettelemetry.collector.faults.StateDisk;
import org.fleettelemetry.collector.metrics.CollectorMeters;
import org.fleettelemetry.collector.ship.EventShipper;
import org.fleettelemetry.collector.ship.HeartbeatSender;
import org.fleettelemetry.collector.ship.RejectedLog;
import org.fleettelemetry.collector.ship.Spool;
import org.fleettelemetry.collector.tail.CheckpointStore;
import org.fleettelemetry.collector.tail.LogTailer;
import org.fleettelemetry.collector.tail.TailerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One endpoint's collector: tails its logs, parses every line, ships the events, commits offsets Kafka
 * acknowledged, beats. The producer and scheduler are given (one per JVM in replay mode, where many
 * endpoints share them); everything stateful for the endpoint (checkpoints, spool, rejected events)
 * lives under its {@code state.dir}.
 */
public final class EndpointCollector implements AutoCloseable {
    public static final String VERSION = versionOrDev();

    private static final Logger log = LoggerFactory.getLogger(EndpointCollector.class);

    private final CollectorConfig config;
    private final CheckpointStore checkpoints;
    private final StateDisk stateDisk;
    private final Spool spool;
    private final EventShipper shipper;
    private final LogTailer tailer;
    private final HeartbeatSender heartbeats;
    private final ProbeSchedule probe;
    private final ScheduledExecutorService scheduler;
    private ScheduledFuture<?> beating;

    public EndpointCollector(
            CollectorConfig config,
            Producer<String, SpecificRecord> producer,
            ScheduledExecutorService scheduler,
            MeterRegistry meters,
            Clock clock) {
        this.config = config;
        this.scheduler = scheduler;
        try {
            this.checkpoints = CheckpointStore.open(config.stateDir(), CheckpointStore.DEFAULT_RETENTION, clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the checkpoint store in " + config.stateDir(), e);
        }
        ParsingSink sink = new ParsingSink(
                new ParsingSink.Endpoint(
                        config.endpointId(), config.site(), config.proxy(), config.product(), config.zone()),
                meters,
                clock);
        this.stateDisk = new StateDisk(config.stateDir());
        this.spool = new Spool(config.stateDir().resolve("spool"), config.spoolMaxBytes(), stateDisk);
        this.shipper = new EventShipper(
                producer,
                config.topicEvents(),
                spool,
                new RejectedLog(config.stateDir(), clock),
                sink,
                meters,
                Duration.ofSeconds(60));
        sink.shipTo(shipper);
        // set below, once the tailer exists: while the tailer's thread waits in the shipper it looks at no file, and
        // a truncation meanwhile must still be measurable (not on the shared scheduler: a heartbeat blocked on a
        // full producer buffer, at a fixed rate, would starve it)
        this.tailer = new LogTailer(
                TailerConfig.builder(config.logs())
                        .startPosition(config.startPosition())
                        .pollInterval(config.pollInterval())
                        .idleDelay(config.idleFlush())
                        .build(),
                checkpoints,
                sink,
                stateDisk);
        shipper.whileWaiting(tailer::observeSizes);
        this.heartbeats = new HeartbeatSender(
                producer,
                config.topicHeartbeats(),
                new HeartbeatSender.Identity(
                        config.endpointId(), config.site(), config.proxy(), config.product(), VERSION),
                clock,
                tailer::linesRead,
                sink::failures,
                spool::bytes,
                meters);
        this.probe = ProbeSchedule.create(config, shipper, meters, clock);
        registerGauges(meters);
    }

    private void registerGauges(MeterRegistry meters) {
        Tags tags = Tags.of("endpoint", config.endpointId());
        Gauge.builder(CollectorMeters.LINES_READ, tailer, LogTailer::linesRead)
                .tags(tags)
                .register(meters);
        Gauge.builder(CollectorMeters.BYTES_READ, tailer, LogTailer::bytesRead)
                .tags(tags)
                .register(meters);
        Gauge.builder(CollectorMeters.FILE_LAG, tailer, LogTailer::totalLagBytes)
                .tags(tags)
                .register(meters);
        Gauge.builder(CollectorMeters.SPOOL_BYTES, spool, Spool::bytes)
                .tags(tags)
                .register(meters);
        Gauge.builder(CollectorMeters.UNREAD_TRUNCATED_BYTES, tailer, LogTailer::lostBytes)
                .tags(tags)
                .register(meters);
        Gauge.builder(CollectorMeters.FILES_TRUNCATED_WHILE_STOPPED, tailer, LogTailer::filesTruncatedWhileStopped)
                .tags(tags)
                .register(meters);
        Gauge.builder(CollectorMeters.SPOOL_MEMORY_BYTES, spool, Spool::memoryBytes)
                .tags(tags)
                .register(meters);
        Gauge.builder(CollectorMeters.STATE_WRITE_FAILING, stateDisk, d -> d.isFailing() ? 1 : 0)
                .tags(tags)
                .register(meters);
        Gauge.builder(CollectorMeters.STATE_WRITE_FAILURES, stateDisk, StateDisk::failures)
                .tags(tags)
                .register(meters);
        Gauge.builder(CollectorMeters.UNACKED_EVENTS, this, EndpointCollector::unackedEvents)
                .tags(tags)
                .register(meters);
        Gauge.builder(CollectorMeters.UNACKED_AGE, this, c -> c.oldestUnacked().toMillis() / 1000.0)
                .tags(tags)
                .register(meters);
    }

    public void start() {
        log.info("collector {} starting: {}", VERSION, config);
        tailer.start();
        long period = config.heartbeatInterval().toMillis();
        beating = scheduler.scheduleAtFixedRate(heartbeats::beat, 0, period, TimeUnit.MILLISECONDS);
        if (probe != null) {
            probe.start();
        }
    }

    /** Probe rounds completed since the start; 0 when the probe is off. */
    public long probeRounds() {
        return probe == null ? 0 : probe.rounds();
    }

    public CollectorConfig config() {
        return config;
    }

    public LogTailer tailer() {
        return tailer;
    }

    /** Whether the spool or the checkpoints cannot be written now. */
    public StateDisk stateDisk() {
        return stateDisk;
    }

    public EventShipper shipper() {
        return shipper;
    }

    public long unackedEvents() {
        return tailer.files().stream()
                .mapToLong(f -> f.offsets().unackedCount())
                .sum();
    }

    public Duration oldestUnacked() {
        return tailer.files().stream()
                .map(f -> f.offsets().oldestUnackedAge())
                .max(Duration::compareTo)
                .orElse(Duration.ZERO);
    }

    /** Every file read to its end and every event from it acknowledged and committed. */
    public boolean isCaughtUp() {
        return tailer.hasPolled()
                && !shipper.isSpooling()
                && tailer.totalLagBytes() == 0
                && tailer.files().stream().allMatch(f -> f.readOffset() >= f.size());
    }

    /** A one-line state for logs and progress: lines read, lag, spool. */
    public String describe() {
        long files = tailer.files().stream().filter(f -> !f.isClosed()).count();
        return config.endpointId() + ": " + files + " files, " + tailer.linesRead() + " lines read, lag "
                + tailer.totalLagBytes() + " B, unacked " + unackedEvents() + ", spool " + spool.bytes() + " B";
    }

    /** Stops reading, lets Kafka acknowledge what is in flight (bounded), commits, flushes. */
    @Override
    public void close() {
        if (beating != null) {
            beating.cancel(false);
        }
        if (probe != null) {
            probe.close();
        }
        tailer.pause();
        try {
            // while spooling Kafka is away: waiting for it would only delay the stop; the spool keeps the events
            if (!shipper.isSpooling() && !shipper.awaitDrained(Duration.ofSeconds(30))) {
                log.warn(
                        "{}: Kafka did not acknowledge everything before shutdown; the rest stays in the spool "
                                + "or is read again from the checkpoint at the next start",
                        config.endpointId());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tailer.close();
        shipper.close();
        spool.close();
        log.info(
                "collector for {} stopped: {} lines read, {} bytes left in the spool",
                config.endpointId(),
                tailer.linesRead(),
                spool.bytes());
    }

    private static String versionOrDev() {
        String v = EndpointCollector.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
