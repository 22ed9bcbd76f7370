package org.fleettelemetry.collector.ship;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.fleettelemetry.collector.faults.RateLimitedLog;
import org.fleettelemetry.collector.metrics.CollectorMeters;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends events to Kafka (key = endpoint id) and reports each acknowledgement to an {@link AckSink}, so
 * a file offset is committed only once Kafka has the events up to it.
 *
 * <p>While Kafka or the registry is unreachable, events go to the disk {@link Spool} instead, and keep
 * going there (order kept) until a replayer thread has sent the whole spool; then sending is direct
 * again. When the spool is full, or its disk refuses writes, {@link #ship} blocks: the tailer stops reading
 * (the lines wait in the agent's file), nothing is dropped, and the replayer goes on shipping what Kafka takes,
 * which is what frees the space. What a failure means is decided by {@link SendErrors}.
 */
public final class EventShipper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventShipper.class);
    private static final int REPLAY_BATCH = 500;
    /**
     * Direct sends waiting for Kafka at most. Kafka needs far fewer to keep its pipe full (a batch is hundreds of
     * events, acknowledged within milliseconds); the bound is what a failing broker can hand back to the spool at
     * once, and so what the spool keeps in memory when its disk is full too (a few MiB of encoded events).
     */
    static final int MAX_IN_FLIGHT = 8192;

    private final Producer<String, SpecificRecord> producer;
    private final String topic;
    private final Spool spool;
    private final RejectedLog rejected;
    private final AckSink acks;
    private final MeterRegistry meters;
    private final Duration replayAckTimeout;
    private final Object modeLock = new Object();
    private final AtomicLong inFlight = new AtomicLong();
    private final Semaphore inFlightPermits = new Semaphore(MAX_IN_FLIGHT);
    private final RateLimitedLog replayFailures = new RateLimitedLog(log);
    private final RateLimitedLog blockedLog = new RateLimitedLog(log);
    private final RateLimitedLog rejectedLog = new RateLimitedLog(log);
    private final Counter sent;
    private final Counter spooled;
    private final Counter rejectedCount;
    private final Thread replayer;
    private volatile Runnable whileWaiting = () -> {};
    private long lastWaitHookNanos;
    private volatile boolean spooling;
    private volatile boolean closed;

    public EventShipper(
            Producer<String, SpecificRecord> producer,
            String topic,
            Spool spool,
            RejectedLog rejected,
            AckSink acks,
            MeterRegistry meters,
            Duration replayAckTimeout) {
        this.producer = producer;
        this.topic = topic;
        this.spool = spool;
        this.rejected = rejected;
        this.acks = acks;
        this.meters = meters;
        this.replayAckTimeout = replayAckTimeout;
        this.sent = meters.counter(CollectorMeters.EVENTS_SENT);
        this.spooled = meters.counter(CollectorMeters.EVENTS_SPOOLED);
        this.rejectedCount = meters.counter(CollectorMeters.EVENTS_REJECTED);
        this.spooling = !spool.isEmpty();
        if (spooling) {
            log.info("{} bytes of events left in the spool by an earlier run: replaying them first", spool.bytes());
        }
        this.replayer = new Thread(this::replayLoop, "spool-replayer");
        this.replayer.setDaemon(true);
        this.replayer.start();
    }

    /**
     * Sends (or spools) one event. Blocks while the spool is full or its disk refuses writes (reading stops
     * then; the lines stay in the agent's file), and while {@value #MAX_IN_FLIGHT} direct sends wait for Kafka.
     * Never holds the mode lock while it waits: the producer's callbacks take it to spool what Kafka failed, and
     * the spool's space comes back only as the replayer gets those callbacks.
     */
    public void ship(EndpointEvent event, AckRef ack) throws InterruptedException {
        byte[] payload = null;
        while (true) {
            // Sending directly needs no lock: as before, the mode can change as soon as it was read, and a failure
            // spools (under the lock) whatever was sent meanwhile. The lock orders what goes to the spool.
            boolean spoolingNow = spooling;
            if (spoolingNow) {
                synchronized (modeLock) {
                    spoolingNow = spooling;
                    if (spoolingNow) {
                        if (payload == null) {
                            payload = new SpooledEvent(ack, event).encode();
                        }
                        if (spool.tryAppend(payload)) {
                            spooled.increment();
                            return;
                        }
                    }
                }
            }
            if (spoolingNow) {
                spool.awaitRoom(payload.length);
            } else if (inFlightPermits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                break;
            }
            long now = System.nanoTime();
            if (now - lastWaitHookNanos >= TimeUnit.SECONDS.toNanos(1)) {
                lastWaitHookNanos = now;
                whileWaiting.run();
            }
        }
        try {
            inFlight.incrementAndGet();
            producer.send(new ProducerRecord<>(topic, event.getEndpointId(), event), new DirectSent(event, ack));
        } catch (org.apache.kafka.common.errors.InterruptException shuttingDown) {
            // our thread was interrupted (shutdown), Kafka did not fail: spooling with the interrupt flag set
            // would close the spool's channel for good. Unacknowledged, the event is read again after a restart.
            inFlight.decrementAndGet();
            inFlightPermits.release();
            Thread.interrupted();
            InterruptedException interrupted =
                    new InterruptedException("interrupted while sending " + event.getEventId());
            interrupted.initCause(shuttingDown);
            throw interrupted;
        } catch (RuntimeException error) {
            inFlight.decrementAndGet();
            inFlightPermits.release();
            onDirectFailure(event, ack, error);
        }
    }

    /**
     * What Kafka calls back with for a direct send, on its I/O thread. A class rather than a capturing lambda: the
     * collector runs C1 only (jvm.options), which links a lambda's call site through a method handle on every
     * send, a visible share of the tailer thread's time per event.
     */
    private final class DirectSent implements Callback {
        private final EndpointEvent event;
        private final AckRef ack;

        DirectSent(EndpointEvent event, AckRef ack) {
            this.event = event;
            this.ack = ack;
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception error) {
            inFlight.decrementAndGet();
            inFlightPermits.release();
            if (error == null) {
                sent.increment();
                acks.acked(ack);
            } else {
                onDirectFailure(event, ack, error);
            }
        }
    }

    /**
     * A direct send failed: spool the event without waiting (on the producer's I/O thread, which must not stall,
     * or on the tailer's, which then waits in its next {@link #ship}). What the disk refuses the spool keeps in
     * memory, so nothing registered is ever dropped.
     */
    private void onDirectFailure(EndpointEvent event, AckRef ack, Throwable error) {
        SendErrors.Kind kind = SendErrors.classify(error);
        countError(error, kind);
        if (kind == SendErrors.Kind.REJECTED) {
            reject(event, ack, error);
            return;
        }
        synchronized (modeLock) {
            if (!spooling) {
                log.warn(
                        "Kafka or the schema registry does not take events ({}: {}); spooling to disk until it does",
                        SendErrors.type(error),
                        error.getMessage());
            }
            spooling = true;
            spool.appendNoWait(new SpooledEvent(ack, event).encode());
            spooled.increment();
        }
    }

    private void reject(EndpointEvent event, AckRef ack, Throwable error) {
        try {
            rejected.write(event, error);
            rejectedLog.error(
                    "event " + event.getEventId() + " can never be accepted by Kafka (" + error.getMessage()
                            + "); kept in " + rejected.file(),
                    null);
        } catch (java.io.UncheckedIOException cannotKeep) {
            // acknowledged all the same: holding it back would stop every commit of its file for good
            rejectedLog.error(
                    "event " + event.getEventId() + " can never be accepted by Kafka (" + error.getMessage()
                            + ") and could not be kept in " + rejected.file() + " either ("
                            + cannotKeep.getCause() + "): it is lost",
                    null);
        }
        rejectedCount.increment();
        acks.acked(ack);
    }

    private void countError(Throwable error, SendErrors.Kind kind) {
        meters.counter(
                        CollectorMeters.SEND_ERRORS,
                        CollectorMeters.TAG_ERROR_TYPE,
                        SendErrors.type(error),
                        CollectorMeters.TAG_ERROR_KIND,
                        kind.name())
                .increment();
    }

    /**
     * Runs about once a second on the caller's thread while {@link #ship} waits (spool full, disk full, too much in
     * flight): the tailer uses it to keep looking at its files' sizes meanwhile.
     */
    public void whileWaiting(Runnable hook) {
        this.whileWaiting = java.util.Objects.requireNonNull(hook, "hook");
    }

    /** Whether the spool is in use (Kafka was unreachable and the backlog is not yet replayed). */
    public boolean isSpooling() {
        return spooling;
    }

    /** Events sent directly and not yet acknowledged. */
    public long inFlight() {
        return inFlight.get();
    }

    /** Waits until every event handed over so far is in Kafka (spool replayed), or the timeout passes. */
    public boolean awaitDrained(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        producer.flush();
        while (System.nanoTime() < deadline) {
            if (!spooling && inFlight.get() == 0) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    private void replayLoop() {
        long backoffMs = 500;
        while (!closed) {
            try {
                List<Spool.Entry> batch = spool.read(REPLAY_BATCH, 500);
                if (batch.isEmpty()) {
                    synchronized (modeLock) {
                        if (spooling && spool.isEmpty()) {
                            spooling = false;
                            log.info("spool replayed: sending directly again");
                        }
                    }
                    continue;
                }
                int done = replay(batch);
                if (done > 0) {
                    spool.confirm(batch.get(done - 1));
                }
                if (done < batch.size()) {
                    spool.rewind();
                    Thread.sleep(backoffMs);
                    backoffMs = Math.min(backoffMs * 2, 30_000);
                } else {
                    backoffMs = 500;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                replayFailures.error("spool replay failed; retrying", e);
                spool.rewind();
                sleepQuietly(backoffMs);
                backoffMs = Math.min(backoffMs * 2, 30_000);
            }
        }
    }

    /** Sends a batch from the spool; returns how many leading records Kafka has (or were rejected for good). */
    private int replay(List<Spool.Entry> batch) throws InterruptedException {
        List<SpooledEvent> events = new ArrayList<>(batch.size());
        List<CompletableFuture<Void>> results = new ArrayList<>(batch.size());
        for (Spool.Entry entry : batch) {
            SpooledEvent spooledEvent = SpooledEvent.decode(entry.payload());
            events.add(spooledEvent);
            CompletableFuture<Void> result = new CompletableFuture<>();
            results.add(result);
            try {
                EndpointEvent event = spooledEvent.event();
                producer.send(new ProducerRecord<>(topic, event.getEndpointId(), event), (metadata, error) -> {
                    if (error == null) {
                        result.complete(null);
                    } else {
                        result.completeExceptionally(error);
                    }
                });
            } catch (RuntimeException error) {
                result.completeExceptionally(error);
                break;
            }
            if (result.isCompletedExceptionally()) {
                // failed inside send (the producer calls back at once for a serializer's retriable error, e.g. the
                // registry down): the rest of the batch would only wait out the same failure one by one, and any of
                // it that got through would be sent again after the rewind
                break;
            }
        }
        producer.flush();
        int done = 0;
        for (int i = 0; i < results.size(); i++) {
            SpooledEvent spooledEvent = events.get(i);
            try {
                results.get(i).get(replayAckTimeout.toMillis(), TimeUnit.MILLISECONDS);
                sent.increment();
                acks.acked(spooledEvent.ack());
                done++;
            } catch (java.util.concurrent.ExecutionException e) {
                SendErrors.Kind kind = SendErrors.classify(e.getCause());
                countError(e.getCause(), kind);
                if (kind == SendErrors.Kind.REJECTED) {
                    reject(spooledEvent.event(), spooledEvent.ack(), e.getCause());
                    done++;
                    continue;
                }
                if (kind == SendErrors.Kind.BLOCKED) {
                    blockedLog.error(
                            "Kafka refuses the collector (" + e.getCause().getMessage()
                                    + "): fix the setup; events stay in the spool",
                            null);
                }
                break;
            } catch (java.util.concurrent.TimeoutException e) {
                break;
            }
        }
        return done;
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        replayer.interrupt();
        try {
            replayer.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        spool.sync();
    }
}
