package org.fleettelemetry.streams.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.EndpointHeartbeat;
import org.fleettelemetry.streams.domain.EndpointRecord;
import org.fleettelemetry.streams.domain.EndpointTrack;
import org.fleettelemetry.streams.domain.FailureWindow;
import org.fleettelemetry.streams.domain.Observation;
import org.fleettelemetry.streams.domain.ObservationType;
import org.fleettelemetry.streams.domain.PendingWindow;
import org.fleettelemetry.streams.domain.SeenRanges;
import org.fleettelemetry.streams.domain.SiteView;

/**
 * Stage 1, per endpoint (the input's own partitioning). Per event it does only what a consumer of the events has to:
 * one store value per endpoint, read from memory and written back as an object (the store encodes each changed value
 * once per commit, and writes one changelog record for it). It
 * <ul>
 *   <li>counts a re-sent event once, by the byte ranges of each log file already counted ({@link SeenRanges}), not
 *       by a stored id per event;
 *   <li>keeps the endpoint's status (the query API) and its track (what the site rules decide on);
 *   <li>sends the site stage the track only when it changes what the site rules see, or before the site's copy would
 *       start to decide otherwise ({@link SiteView}), at the next {@link #TRACK_FLUSH} with the other endpoints of its
 *       site that changed, in one record: never one per event, nor one per endpoint;
 *   <li>counts failures per (site, proxy, code, window) in memory and sends the sums once per {@link #FLUSH}.
 * </ul>
 *
 * <p>Exactly-once: the failures counted since the last flush are also kept in each endpoint's store value, tagged
 * with the flush epoch (kept in the meta store, advanced in the same transaction as the flush). A task restored
 * after a crash rebuilds the unsent sums from the values of the current epoch, so a failure is sent exactly once
 * whether the crash came before or after the flush.
 */
final class EndpointStage implements Processor<String, SpecificRecord, String, SiteSignal> {
    /**
     * How often changed tracks are sent, gathered per site into one record (up to {@link SiteSignal#MAX_TRACKS}): an
     * endpoint whose lines flip its state many times a second costs one track per flush, and a site whose endpoints
     * all change at once one record, not one per endpoint. In the storm a record per endpoint came in waves (every
     * endpoint's first failure, and each minute the failure times' refresh: 50,000 to 100,000 records of
     * repartition lag within seconds, the site alerts behind them); per site they are 200 records a flush at most.
     * It is also what a change waits at most before the site stage sees it.
     */
    static final Duration TRACK_FLUSH = Duration.ofMillis(100);
    /**
     * How often the failure sums are sent (and whenever the task's event time enters a new window): the site stage
     * merges each into its window, endpoint ids and all, so in a storm of every site failing a 1 s flush cost it
     * more than the rest of its work (JFR); the failures API is then up to 5 s behind, for one-minute windows.
     */
    static final Duration FLUSH = Duration.ofSeconds(5);

    static final String EPOCH_KEY = "flush-epoch";

    private final TopologyParams params;
    private final SiteView.Quanta quanta;
    private final long marginMs;
    private final StageClock clock = new StageClock();
    private final Map<WindowRef, FailureWindow.Tally> unsent = new HashMap<>();
    /**
     * Endpoints whose track changed what the site sees since the last track flush, with whether it is urgent; sent
     * at the flush. Their values still say "behind" until then, so a task that commits meanwhile and crashes sends
     * them after its restore ({@link #recover}).
     */
    private final Map<String, Boolean> changed = new LinkedHashMap<>();

    private long lastSumsFlush;
    /** Refreshes queued, by time; an entry whose time is no longer its record's {@code refreshAt} is stale. */
    private final PriorityQueue<Due> due = new PriorityQueue<>();

    private ProcessorContext<String, SiteSignal> context;
    private KeyValueStore<String, EndpointRecord> records;
    private KeyValueStore<String, Long> meta;
    private long epoch;
    private long streamWindow = Long.MIN_VALUE;
    private Sensor duplicates;
    private Sensor late;
    private Sensor gapsClosed;

    EndpointStage(TopologyParams params) {
        this.params = params;
        long period = params.detection().evaluationPeriod().toMillis();
        long active = params.detection().activeWindow().toMillis();
        // the site's copy of failure times is at most a minute old (alerts show them to the minute), of the last
        // sighting half the active window (a heartbeat every 30 s must not cost a record each); a copy is refreshed
        // 30 s before it would decide otherwise (the two stages' clocks differ by far less)
        this.quanta = new SiteView.Quanta(Math.min(60_000, Math.min(period, active) / 5), active / 2);
        this.marginMs = Math.min(30_000, Math.min(period, active) / 10);
    }

    /**
     * A failure sum's window: its parts, not the store key joined from them (a String built and hashed per failure
     * was 3 % of the stream thread in the storm; the parts are shared instances whose hashes are cached).
     */
    private record WindowRef(String site, String proxy, String code, long start) {}

    private record Due(long at, String endpointId) implements Comparable<Due> {
        @Override
        public int compareTo(Due other) {
            return Long.compare(at, other.at);
        }
    }

    @Override
    public void init(ProcessorContext<String, SiteSignal> context) {
        this.context = context;
        unsent.clear();
        changed.clear();
        streamWindow = Long.MIN_VALUE;
        due.clear();
        this.records = context.getStateStore(StoreNames.ENDPOINT_STATE);
        this.meta = context.getStateStore(StoreNames.ENDPOINT_STAGE_META);
        this.duplicates = StageMetrics.sensor(context, "duplicate-events");
        this.late = StageMetrics.sensor(context, "late-events-beyond-grace");
        this.gapsClosed = StageMetrics.sensor(context, "dedup-gaps-closed");
        Long stored = meta.get(EPOCH_KEY);
        this.epoch = stored == null ? 0 : stored;
        this.lastSumsFlush = context.currentSystemTimeMs();
        recover(context.currentSystemTimeMs());
        context.schedule(TRACK_FLUSH, PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    }

    /** After a restore: the failures of the unflushed epoch, and the tracks the site stage does not have yet. */
    private void recover(long wallNow) {
        try (KeyValueIterator<String, EndpointRecord> it = records.all()) {
            while (it.hasNext()) {
                KeyValue<String, EndpointRecord> kv = it.next();
                EndpointRecord r = kv.value;
                if (r.pendingEpoch() == epoch && r.seen()) {
                    for (PendingWindow p : r.pending()) {
                        FailureWindow w = p.window(r.site(), kv.key);
                        WindowRef ref = new WindowRef(w.site(), w.proxy(), w.errorCode(), p.start());
                        FailureWindow.Tally t = unsent.get(ref);
                        if (t == null) {
                            unsent.put(ref, new FailureWindow.Tally(w));
                        } else {
                            t.merge(w);
                        }
                    }
                }
                if (r.currentTrack() != null && r.behind()) {
                    // a change that was waiting for the track flush when the task stopped goes out with the first flush
                    boolean must = r.forwarded() == null
                            || SiteView.mustForward(
                                    r.forwarded(), r.currentTrack(), wallNow, quanta, params.detection());
                    if (must) {
                        changed.put(kv.key, true);
                    } else {
                        schedule(kv.key, r);
                    }
                }
            }
        }
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        Observation o;
        EndpointEvent event = null;
        if (record.value() instanceof EndpointEvent e) {
            event = e;
            o = Observation.of(e, params.detection());
        } else if (record.value() instanceof EndpointHeartbeat beat) {
            o = Observation.of(beat);
        } else {
            return;
        }
        String endpointId = o.endpointId();
        EndpointRecord r = load(endpointId);
        if (event != null) {
            SeenRanges.Outcome outcome = r.files()
                    .add(
                            endpointId,
                            event.getEventId(),
                            event.getEndOffset(),
                            o.eventTime(),
                            params.dedupRetention().toMillis());
            if (outcome == SeenRanges.Outcome.SEEN) {
                duplicates.record();
                return;
            }
            if (outcome == SeenRanges.Outcome.NEW_GAP_CLOSED) {
                gapsClosed.record();
            }
        }
        long wall = context.currentSystemTimeMs();
        clock.observe(o.eventTime(), wall);
        long now = clock.now(wall);
        long statusNow = Math.max(o.eventTime(), context.currentStreamTimeMs());
        // in place: a status and a track replaced per event lived until the endpoint's next one and G1 copied them
        r.observe(o, statusNow, now, params.detection());
        // the id the endpoint's value keeps (its first event's), not this event's copy: what is queued or put below
        // lives on, and one String per endpoint is enough
        endpointId = r.endpointId();
        if (o.type() == ObservationType.FAILURE) {
            count(r, o);
        }
        if (!o.site().equals(r.forwardedSite())
                || SiteView.mustForward(r.forwarded(), r.currentTrack(), now, quanta, params.detection())) {
            boolean urgent = o.type() == ObservationType.FAILURE || o.type() == ObservationType.HEALTHY;
            changed.merge(endpointId, urgent, Boolean::logicalOr);
        } else if (r.behind()) {
            schedule(endpointId, r);
        }
        records.put(endpointId, r);
        long window = Math.floorDiv(clock.streamTime(), params.windowSize().toMillis());
        if (window != streamWindow) {
            // a backlog moves event time by many windows a second: each window's sum is sent about once, and an
            // endpoint's pending failures (written with each of its events) stay a window or two
            streamWindow = window;
            flushFailures(now);
        }
    }

    /** The endpoint's value: the store keeps it as an object (ObjectCachingStore), so this decodes nothing. */
    private EndpointRecord load(String endpointId) {
        EndpointRecord r = records.get(endpointId);
        return r == null ? EndpointRecord.empty() : r;
    }

    private void count(EndpointRecord r, Observation o) {
        if (o.eventTime() < clock.streamTime() - params.grace().toMillis()) {
            late.record();
            return;
        }
        long size = params.windowSize().toMillis();
        long start = Math.floorDiv(o.eventTime(), size) * size;
        r.addPending(epoch, start, o);
        WindowRef ref = new WindowRef(o.site(), o.proxy(), FailureWindow.codeOf(o), start);
        FailureWindow.Tally t = unsent.get(ref);
        if (t == null) {
            unsent.put(ref, FailureWindow.Tally.of(o, r.endpointId()));
        } else {
            t.add(o, r.endpointId());
        }
    }

    /** Adds the endpoint's track to its site's next record; the site stage has it once the batch is forwarded. */
    private static void gather(Map<String, Batch> batches, EndpointRecord r, boolean urgent) {
        String site = r.site();
        batches.computeIfAbsent(site, k -> new Batch()).add(r.forward(site), urgent);
        r.refreshAt(Long.MAX_VALUE);
    }

    /** One site's tracks of a flush. */
    private static final class Batch {
        final List<EndpointTrack> tracks = new ArrayList<>();
        boolean urgent;

        void add(EndpointTrack track, boolean urgent) {
            tracks.add(track);
            this.urgent |= urgent;
        }
    }

    private void send(Map<String, Batch> batches, long timestamp) {
        for (Map.Entry<String, Batch> b : batches.entrySet()) {
            List<EndpointTrack> tracks = b.getValue().tracks;
            for (int from = 0; from < tracks.size(); from += SiteSignal.MAX_TRACKS) {
                List<EndpointTrack> part = tracks.subList(from, Math.min(tracks.size(), from + SiteSignal.MAX_TRACKS));
                context.forward(new Record<>(b.getKey(), SiteSignal.tracks(part, b.getValue().urgent), timestamp));
            }
        }
    }

    private void schedule(String endpointId, EndpointRecord r) {
        if (r.forwarded() == null) {
            enqueue(endpointId, r, Long.MIN_VALUE);
            return;
        }
        long decide = SiteView.deadline(r.forwarded(), r.currentTrack(), params.detection());
        long due = Math.min(
                decide == Long.MAX_VALUE ? decide : decide - marginMs,
                SiteView.refreshBy(r.forwarded(), r.currentTrack(), quanta));
        if (due != Long.MAX_VALUE) {
            enqueue(endpointId, r, due);
        }
    }

    private void enqueue(String endpointId, EndpointRecord r, long at) {
        if (at < r.refreshAt()) {
            r.refreshAt(at);
            due.add(new Due(at, endpointId));
        }
    }

    /**
     * What it sends from here carries this stage's clock ({@link StageClock}: newest event time plus the wall-clock
     * time since) as its timestamp, not the event time it holds: the site stage's clock takes the newest timestamp it
     * sees as "now" at the moment it sees it, and an older one would set it back by the delay.
     */
    private void punctuate(long wall) {
        long now = clock.now(wall);
        Map<String, Batch> batches = new LinkedHashMap<>();
        if (!changed.isEmpty()) {
            for (Map.Entry<String, Boolean> e : changed.entrySet()) {
                EndpointRecord r = load(e.getKey());
                gather(batches, r, e.getValue());
                records.put(e.getKey(), r);
            }
            changed.clear();
        }
        while (!due.isEmpty() && due.peek().at() <= now) {
            Due d = due.poll();
            EndpointRecord r = load(d.endpointId());
            if (r.refreshAt() != d.at()) {
                continue;
            }
            r.refreshAt(Long.MAX_VALUE);
            if (r.currentTrack() != null && r.behind()) {
                gather(batches, r, false);
                records.put(d.endpointId(), r);
            }
        }
        send(batches, now);
        if (wall - lastSumsFlush >= FLUSH.toMillis()) {
            lastSumsFlush = wall;
            flushFailures(now);
        }
    }

    /** Sends the failure sums and starts a new epoch (the endpoints' pending failures of the old one are sent). */
    private void flushFailures(long now) {
        if (unsent.isEmpty()) {
            return;
        }
        for (Map.Entry<WindowRef, FailureWindow.Tally> e : unsent.entrySet()) {
            FailureWindow w = e.getValue().build();
            context.forward(new Record<>(
                    e.getKey().site(), SiteSignal.failures(e.getKey().start(), w), now));
        }
        unsent.clear();
        epoch++;
        meta.put(EPOCH_KEY, epoch);
    }
}
