package org.fleettelemetry.streams.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.streams.domain.EndpointTrack;
import org.fleettelemetry.streams.domain.FailureWindow;
import org.fleettelemetry.streams.domain.SiteRules;
import org.fleettelemetry.streams.domain.SiteState;
import org.fleettelemetry.streams.domain.SiteSummary;

/**
 * Stage 2, per site (one repartition by site puts a whole site in one task): keeps the copy of each endpoint's
 * track that the endpoint stage sends when it matters (never per event), adds up the failure sums the endpoint
 * stages flush per (site, proxy, code) and event-time window, and evaluates the site's outage rules: at once when a
 * track changed because of a failure or a healthy contact (at most once a second per site), and on wall-clock
 * punctuation so that outages resolve and SILENT is seen even when the input goes quiet. A condition that holds opens
 * only once it has held for the settle in wall-clock (arrival) time, at a site heard of for at least the population
 * warm-up ({@link SiteRules#evaluate(SiteState, java.util.Collection, long, Long,
 * org.fleettelemetry.streams.domain.DetectionParams)} says why); the stage evaluates the site again when that time
 * comes. Its outputs, alert candidates and changed summaries, go to the fleet stage.
 */
final class SiteStage implements Processor<String, SiteSignal, String, FleetSignal> {
    static final Duration MIN_EVALUATION_GAP = Duration.ofSeconds(1);
    static final Duration PUNCTUATION = Duration.ofSeconds(1);
    static final char TRACK_SEPARATOR = '\u001f';

    private final TopologyParams params;
    private final StageClock clock = new StageClock();
    private final Map<String, Long> lastEvaluatedWall = new HashMap<>();
    private final Map<String, SiteSummary> lastForwarded = new HashMap<>();
    private final Set<String> dirty = new HashSet<>();
    /**
     * Sites with an outage condition that holds but waits (settle, population warm-up), by the wall-clock time it may
     * open: evaluated then, not only at the next full evaluation. Rebuilt by the full evaluation after a restart.
     */
    private final Map<String, Long> recheck = new HashMap<>();
    /**
     * Sites this processor has seen in the site-state store, so an event does not read (and decode) the whole site
     * state just to learn that it exists. Sites are never deleted from the store; {@link #init} clears the set, as
     * a task that is revived or moved restores its store and starts over.
     */
    private final Set<String> knownSites = new HashSet<>();
    /**
     * The site-endpoints store's tracks by site and endpoint, as objects: an evaluation reads every track of its site
     * (once a second per busy site), and reading them from the store decoded each one each time. Write-through (the
     * store is the restorable copy); {@link #init} reloads it from the store, as a task revived or moved starts over.
     */
    private final Map<String, TreeMap<String, EndpointTrack>> bySite = new HashMap<>();

    private ProcessorContext<String, FleetSignal> context;
    private KeyValueStore<String, SiteState> sites;
    private KeyValueStore<String, EndpointTrack> tracks;
    private WindowStore<String, FailureWindow> windows;
    private long lastFullEvaluation;

    SiteStage(TopologyParams params) {
        this.params = params;
    }

    @Override
    public void init(ProcessorContext<String, FleetSignal> context) {
        this.context = context;
        knownSites.clear();
        bySite.clear();
        recheck.clear();
        this.sites = context.getStateStore(StoreNames.SITE_STATE);
        this.tracks = context.getStateStore(StoreNames.SITE_ENDPOINTS);
        this.windows = context.getStateStore(StoreNames.FAILURE_WINDOWS);
        this.lastFullEvaluation = context.currentSystemTimeMs();
        try (KeyValueIterator<String, EndpointTrack> it = tracks.all()) {
            while (it.hasNext()) {
                KeyValue<String, EndpointTrack> kv = it.next();
                String site = kv.key.substring(0, kv.key.indexOf(TRACK_SEPARATOR));
                bySite.computeIfAbsent(site, k -> new TreeMap<>()).put(kv.value.endpointId(), kv.value);
            }
        }
        context.schedule(PUNCTUATION, PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    }

    @Override
    public void process(Record<String, SiteSignal> record) {
        SiteSignal signal = record.value();
        String site = record.key();
        long wall = context.currentSystemTimeMs();
        clock.observe(record.timestamp(), wall);
        long now = clock.now(wall);
        if (knownSites.add(site) && sites.get(site) == null) {
            sites.put(site, newSite(site, wall));
        }
        if (signal.failures() != null) {
            FailureWindow w = signal.failures();
            String key = FailureWindow.key(w.site(), w.proxy(), w.errorCode());
            windows.put(key, FailureWindow.merge(windows.fetch(key, signal.windowStart()), w), signal.windowStart());
            return;
        }
        TreeMap<String, EndpointTrack> ofSite = bySite.computeIfAbsent(site, k -> new TreeMap<>());
        for (EndpointTrack received : signal.tracks()) {
            EndpointTrack track = received;
            tracks.put(trackKey(site, track.endpointId()), track);
            EndpointTrack previous = ofSite.get(track.endpointId());
            if (previous != null) {
                // the id String the map already holds as its key: one per endpoint kept, not one per track received
                track = track.withEndpointId(previous.endpointId());
            }
            ofSite.put(track.endpointId(), track);
        }
        if (signal.urgent()) {
            Long last = lastEvaluatedWall.get(site);
            if (last == null || wall - last >= MIN_EVALUATION_GAP.toMillis()) {
                evaluate(site, now, wall);
            } else {
                dirty.add(site);
            }
        }
    }

    private void punctuate(long wall) {
        long now = clock.now(wall);
        boolean full = wall - lastFullEvaluation >= params.evaluateInterval().toMillis();
        if (full) {
            lastFullEvaluation = wall;
            List<String> all = new ArrayList<>();
            try (KeyValueIterator<String, SiteState> it = sites.all()) {
                it.forEachRemaining(kv -> all.add(kv.key));
            }
            all.forEach(site -> evaluate(site, now, wall));
        } else {
            Set<String> due = new HashSet<>(dirty);
            recheck.forEach((site, at) -> {
                if (at <= wall) {
                    due.add(site);
                }
            });
            due.forEach(site -> evaluate(site, now, wall));
        }
    }

    /** A site first heard of now: its population warm-up starts (see {@link SiteRules#evaluate}). */
    private static SiteState newSite(String site, long wall) {
        SiteState state = new SiteState(site);
        state.setFirstHeardWall(wall);
        return state;
    }

    private void evaluate(String site, long now, long wall) {
        dirty.remove(site);
        lastEvaluatedWall.put(site, wall);
        SiteState state = sites.get(site);
        if (state == null) {
            state = newSite(site, wall);
        }
        List<EndpointTrack> live = new ArrayList<>();
        TreeMap<String, EndpointTrack> ofSite = bySite.getOrDefault(site, new TreeMap<>());
        for (Iterator<EndpointTrack> it = ofSite.values().iterator(); it.hasNext(); ) {
            EndpointTrack track = it.next();
            if (track.expiredAt(now, params.detection())) {
                it.remove();
                tracks.delete(trackKey(site, track.endpointId()));
            } else {
                live.add(track);
            }
        }
        List<ConnectivityAlert> candidates = SiteRules.evaluate(state, live, now, wall, params.detection());
        sites.put(site, state);
        Long decideAt = SiteRules.nextDecisionWall(state, params.detection());
        if (decideAt == null) {
            recheck.remove(site);
        } else {
            recheck.put(site, decideAt);
        }
        for (ConnectivityAlert candidate : candidates) {
            context.forward(new Record<>(FleetStage.KEY, FleetSignal.of(candidate), now));
        }
        SiteSummary summary = SiteRules.summary(state);
        if (!summary.equals(lastForwarded.get(site))) {
            lastForwarded.put(site, summary);
            context.forward(new Record<>(FleetStage.KEY, FleetSignal.of(summary), now));
        }
    }

    static String trackKey(String site, String endpointId) {
        return site + TRACK_SEPARATOR + endpointId;
    }
}
