package org.fleettelemetry.collector;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.fleettelemetry.collector.config.CollectorConfig;
import org.fleettelemetry.collector.config.HostPort;
import org.fleettelemetry.collector.config.ProbeSettings;
import org.fleettelemetry.collector.faults.RateLimitedLog;
import org.fleettelemetry.collector.metrics.CollectorMeters;
import org.fleettelemetry.collector.probe.ConnectivityProbe;
import org.fleettelemetry.collector.probe.ProbeEvents;
import org.fleettelemetry.collector.probe.ProbeOutcome;
import org.fleettelemetry.collector.probe.ProbeSequence;
import org.fleettelemetry.collector.probe.ProbeTrust;
import org.fleettelemetry.collector.ship.AckRef;
import org.fleettelemetry.collector.ship.EventShipper;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The active probe in the running collector: a round over every target each {@code probe.interval} (plus or minus
 * {@code probe.jitter}; the first round at a random point of the first interval, so a site's endpoints started
 * together do not probe together), on a thread of its own (a round can take {@code probe.timeout} per target: not
 * the tailer's thread, nor the shared scheduler the heartbeats run on). A round is scheduled only when the one before
 * ended, so rounds never overlap. Each outcome is shipped as an event through the endpoint's {@link EventShipper},
 * the log events' path: sent, or spooled while Kafka is away, and replayed in order.
 */
final class ProbeSchedule implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProbeSchedule.class);

    private final ProbeSettings settings;
    private final EventShipper shipper;
    private final ProbeEvents.Endpoint endpoint;
    private final ConnectivityProbe probe;
    private final ProbeSequence sequence;
    private final ScheduledExecutorService thread;
    private final MeterRegistry meters;
    private final Tags tags;
    private final AtomicLong lastProbeMillis = new AtomicLong();
    private final AtomicLong rounds = new AtomicLong();
    private final RateLimitedLog failures = new RateLimitedLog(log);
    private volatile boolean closed;
    private volatile java.util.concurrent.ScheduledFuture<?> next;

    private ProbeSchedule(
            CollectorConfig config, EventShipper shipper, ProbeTrust trust, MeterRegistry meters, Clock clock) {
        this.settings = config.probe();
        this.shipper = shipper;
        this.endpoint = new ProbeEvents.Endpoint(config.endpointId(), config.site(), config.proxy(), config.product());
        this.probe = new ConnectivityProbe(settings, trust, clock);
        this.sequence = ProbeSequence.open(config.stateDir(), clock::millis);
        this.meters = meters;
        this.tags = Tags.of("endpoint", config.endpointId());
        java.util.concurrent.ScheduledThreadPoolExecutor executor =
                new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
                    Thread t = new Thread(r, "probe-" + config.endpointId());
                    t.setDaemon(true);
                    return t;
                });
        // a round scheduled while stopping must not run after the stop
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.thread = executor;
        Gauge.builder(CollectorMeters.PROBE_LAST_SECONDS, lastProbeMillis, v -> v.get() / 1000.0)
                .tags(tags)
                .register(meters);
    }

    /**
     * The schedule for an endpoint whose config turns the probe on, or null. A trust store that cannot be loaded
     * leaves the collector without its probe (one ERROR), not without its logs.
     */
    static ProbeSchedule create(CollectorConfig config, EventShipper shipper, MeterRegistry meters, Clock clock) {
        if (!config.probe().enabled()) {
            return null;
        }
        try {
            return new ProbeSchedule(config, shipper, ConnectivityProbe.trustOf(config.probe()), meters, clock);
        } catch (RuntimeException e) {
            log.error("{}: the probe is off: {}", config.endpointId(), e.getMessage());
            return null;
        }
    }

    void start() {
        long first = ThreadLocalRandom.current()
                .nextLong(Math.max(1, settings.interval().toNanos()));
        next = thread.schedule(this::round, first, TimeUnit.NANOSECONDS);
        log.info(
                "probe of {} {} every {} (+-{}), first in {} s",
                settings.targets(),
                settings.proxy().map(p -> "through proxy " + p).orElse("direct"),
                settings.interval(),
                settings.jitter(),
                TimeUnit.NANOSECONDS.toSeconds(first));
    }

    /** Rounds completed (every target probed and handed to the shipper). */
    long rounds() {
        return rounds.get();
    }

    private void round() {
        long start = System.nanoTime();
        try {
            List<HostPort> targets = settings.targets();
            for (int i = 0; i < targets.size() && !closed; i++) {
                ProbeOutcome outcome = probe.probe(targets.get(i));
                if (closed) {
                    // stopping: the shipper and the spool are being closed; the next start probes again
                    return;
                }
                long seq = nextSequence(i);
                EndpointEvent event = ProbeEvents.toEvent(endpoint, seq, outcome);
                shipper.ship(event, new AckRef(ProbeEvents.FILE_KEY, seq + 1));
                meters.counter(
                                CollectorMeters.PROBE_RESULTS,
                                tags.and("verdict", outcome.verdict().name()))
                        .increment();
                lastProbeMillis.set(outcome.startedAt().toEpochMilli());
                if (outcome.ok()) {
                    log.debug("{}", event.getMessage());
                } else {
                    log.info("{}", event.getMessage());
                }
            }
            rounds.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            failures.error("a probe round failed; the next runs as scheduled", e);
        }
        scheduleNext(start);
    }

    private long nextSequence(int targetIndex) {
        try {
            return sequence.next(targetIndex);
        } catch (IOException e) {
            // taken all the same: monotone in this run, and after a restart by the clock (ProbeSequence)
            failures.error(
                    "cannot persist the probe sequence in " + ProbeSequence.FILE_NAME + " (" + e
                            + "); after a restart the wall clock keeps it increasing",
                    null);
            return sequence.last();
        }
    }

    private void scheduleNext(long roundStart) {
        if (closed) {
            return;
        }
        long jitter = settings.jitter().toNanos();
        long offset = jitter == 0 ? 0 : ThreadLocalRandom.current().nextLong(-jitter, jitter + 1);
        long delay = Math.max(0, settings.interval().toNanos() + offset - (System.nanoTime() - roundStart));
        try {
            next = thread.schedule(this::round, delay, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // closed meanwhile
        }
    }

    /**
     * Stops probing: the next round is cancelled; a round under way finishes its target (within {@code probe.timeout})
     * and ships nothing more. Not interrupted: a thread interrupted while it writes the spool would close the spool's
     * channel under the log events still to be flushed.
     */
    @Override
    public void close() {
        closed = true;
        java.util.concurrent.ScheduledFuture<?> pending = next;
        if (pending != null) {
            pending.cancel(false);
        }
        thread.shutdown();
        try {
            if (!thread.awaitTermination(2, TimeUnit.SECONDS)) {
                log.info("a probe round is still under way at the stop: its outcome is not shipped");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        probe.close();
    }
}
