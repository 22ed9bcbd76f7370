package org.fleettelemetry.streams.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.streams.config.StreamsAppConfig.TopologyParams;
import org.fleettelemetry.streams.domain.EndpointTrack;
import org.fleettelemetry.streams.domain.FailureWindow;
import org.fleettelemetry.streams.domain.Observation;
import org.fleettelemetry.streams.domain.ObservationType;
import org.fleettelemetry.streams.domain.SiteRules;
import org.fleettelemetry.streams.domain.SiteState;
import org.fleettelemetry.streams.domain.SiteSummary;

/**
 * Stage 2, per site (one repartition by site puts a whole site in one task): keeps each endpoint's
 * track (one small write per event, whatever the site's size), counts failures per (site, proxy, code)
 * in event-time windows with a grace for late events, and evaluates the site's outage rules: at once
 * when a failure or a healthy contact arrives (at most once a second per site), and on wall-clock
 * punctuation so that outages resolve and SILENT is seen even when the input goes quiet. Its outputs,
 * alert candidates and changed summaries, go to the fleet stage.
 */
final class SiteStage implements Processor<String, Observation, String, FleetSignal> {
    static final Duration MIN_EVALUATION_GAP = Duration.ofSeconds(1);
    static final Duration PUNCTUATION = Duration.ofSeconds(1);
    static final char TRACK_SEPARATOR = '\u001f';

    private final TopologyParams params;
    private final StageClock clock = new StageClock();
    private final Map<String, Long> lastEvaluatedWall = new HashMap<>();
    private final Map<String, SiteSummary> lastForwarded = new HashMap<>();
    private final Set<String> dirty = new HashSet<>();
    /**
     * Sites this processor has seen in the site-state store, so an event does not read (and decode) the whole site
     * state just to learn that it exists. Sites are never deleted from the store; {@link #init} clears the set, as
     * a task that is revived or moved restores its store and starts over.
     */
    private final Set<String> knownSites = new HashSet<>();
    private ProcessorContext<String, FleetSignal> context;
    private KeyValueStore<String, SiteState> sites;
    private KeyValueStore<String, EndpointTrack> tracks;
    private WindowStore<String, FailureWindow> windows;
    private Sensor late;
    private long lastFullEvaluation;

    SiteStage(TopologyParams params) {
        this.params = params;
    }

    @Override
    public void init(ProcessorContext<String, FleetSignal> context) {
        this.context = context;
        knownSites.clear();
        this.sites = context.getStateStore(Stores.SITE_STATE);
        this.tracks = context.getStateStore(Stores.SITE_ENDPOINTS);
        this.windows = context.getStateStore(Stores.FAILURE_WINDOWS);
        this.late = StageMetrics.sensor(context, "late-events-beyond-grace");
        this.lastFullEvaluation = context.currentSystemTimeMs();
        context.schedule(PUNCTUATION, PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    }

    @Override
    public void process(Record<String, Observation> record) {
        Observation o = record.value();
        long wall = context.currentSystemTimeMs();
        clock.observe(o.eventTime(), wall);
        long now = clock.now(wall);
        String trackKey = trackKey(o.site(), o.endpointId());
        tracks.put(trackKey, EndpointTrack.observe(tracks.get(trackKey), o, now));
        if (o.type() == ObservationType.FAILURE) {
            countInWindow(o);
        }
        if (knownSites.add(o.site()) && sites.get(o.site()) == null) {
            sites.put(o.site(), new SiteState(o.site()));
        }
        if (o.type() == ObservationType.FAILURE || o.type() == ObservationType.HEALTHY) {
            Long last = lastEvaluatedWall.get(o.site());
            if (last == null || wall - last >= MIN_EVALUATION_GAP.toMillis()) {
                evaluate(o.site(), now, wall);
            } else {
                dirty.add(o.site());
            }
        }
    }

    private void countInWindow(Observation o) {
        if (o.eventTime() < clock.streamTime() - params.grace().toMillis()) {
            late.record();
            return;
        }
        long size = params.windowSize().toMillis();
        long start = Math.floorDiv(o.eventTime(), size) * size;
        String key = FailureWindow.key(o.site(), o.proxy(), FailureWindow.codeOf(o));
        windows.put(key, FailureWindow.add(windows.fetch(key, start), o), start);
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
            new ArrayList<>(dirty).forEach(site -> evaluate(site, now, wall));
        }
    }

    private void evaluate(String site, long now, long wall) {
        dirty.remove(site);
        lastEvaluatedWall.put(site, wall);
        SiteState state = sites.get(site);
        if (state == null) {
            state = new SiteState(site);
        }
        List<EndpointTrack> live = new ArrayList<>();
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, EndpointTrack> it = tracks.prefixScan(site + TRACK_SEPARATOR, new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, EndpointTrack> kv = it.next();
                if (kv.value.expiredAt(now, params.detection())) {
                    expired.add(kv.key);
                } else {
                    live.add(kv.value);
                }
            }
        }
        expired.forEach(tracks::delete);
        List<ConnectivityAlert> candidates = SiteRules.evaluate(state, live, now, params.detection());
        sites.put(site, state);
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
