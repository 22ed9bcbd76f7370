package org.fleettelemetry.streams.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.fleettelemetry.schemas.avro.AlertAction;
import org.fleettelemetry.schemas.avro.AlertStatus;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.schemas.avro.Silence;
import org.fleettelemetry.streams.domain.ActionRules;
import org.fleettelemetry.streams.domain.FleetRules;
import org.fleettelemetry.streams.domain.FleetState;

/**
 * Stage 3, the fleet (one key; it sees small site summaries and rare candidates, never events): holds
 * site alerts for the group wait, opens FLEET outages that inhibit the site alerts of their class, and
 * is the only publisher of alerts. Published alerts that are not resolved are kept by id for queries.
 *
 * <p>Operators' actions (the global actions store, the same on every instance) are applied to everything it publishes:
 * the active silences that cover an alert in {@code silencedBy}, its acknowledgement. Every second (wall clock, the
 * time silences are written in) it checks the open alerts against the actions and publishes an UPDATE for one whose
 * silences or acknowledgement changed: a silence that starts or ends while the outage is open, an ack, an unack. It
 * numbers what it publishes itself, the last published revision + 1, since those UPDATEs are not the rules'.
 */
final class FleetStage implements Processor<String, FleetSignal, String, ConnectivityAlert> {
    static final String KEY = StoreNames.FLEET_KEY;
    static final Duration PUNCTUATION = Duration.ofSeconds(1);

    private final TopologyParams params;
    private final StageClock clock = new StageClock();
    private ProcessorContext<String, ConnectivityAlert> context;
    private KeyValueStore<String, FleetState> fleet;
    private KeyValueStore<String, ConnectivityAlert> openAlerts;
    private KeyValueStore<String, AlertAction> actions;

    FleetStage(TopologyParams params) {
        this.params = params;
    }

    @Override
    public void init(ProcessorContext<String, ConnectivityAlert> context) {
        this.context = context;
        this.fleet = context.getStateStore(StoreNames.FLEET_STATE);
        this.openAlerts = context.getStateStore(StoreNames.OPEN_ALERTS);
        this.actions = context.getStateStore(StoreNames.ALERT_ACTIONS);
        context.schedule(PUNCTUATION, PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    }

    @Override
    public void process(Record<String, FleetSignal> record) {
        long wall = context.currentSystemTimeMs();
        clock.observe(record.timestamp(), wall);
        long now = clock.now(wall);
        FleetState state = state();
        FleetSignal signal = record.value();
        if (signal.summary() != null) {
            FleetRules.onSiteSummary(state, signal.summary(), now);
        }
        ConnectivityAlert candidate = signal.alert();
        if (candidate != null) {
            publish(FleetRules.onSiteAlert(state, candidate, now, wall, params.detection()), now);
        }
        fleet.put(KEY, state);
    }

    private void punctuate(long wall) {
        // the open alerts outlive a restart, the clock does not: actions apply before the first record arrives
        applyActions(wall, clock.now(wall));
        if (!clock.started()) {
            return;
        }
        long now = clock.now(wall);
        FleetState state = state();
        List<ConnectivityAlert> published = FleetRules.evaluate(state, now, wall, params.detection());
        fleet.put(KEY, state);
        publish(published, now);
    }

    private FleetState state() {
        FleetState state = fleet.get(KEY);
        return state == null ? new FleetState() : state;
    }

    private void publish(List<ConnectivityAlert> alerts, long now) {
        if (alerts.isEmpty()) {
            return;
        }
        List<Silence> silences = silences();
        long wall = context.currentSystemTimeMs();
        for (ConnectivityAlert decided : alerts) {
            ConnectivityAlert last = openAlerts.get(decided.getAlertId());
            ConnectivityAlert alert = ActionRules.withActions(
                    decided,
                    ActionRules.silencedBy(decided, silences, wall),
                    actions.get(ActionRules.ackKey(decided.getAlertId())));
            if (last != null) {
                alert.setRevision(last.getRevision() + 1);
            }
            emit(alert, now);
        }
    }

    /** An UPDATE for each open alert whose silences or acknowledgement are no longer those it was published with. */
    private void applyActions(long wall, long now) {
        List<ConnectivityAlert> open = new ArrayList<>();
        try (KeyValueIterator<String, ConnectivityAlert> it = openAlerts.all()) {
            it.forEachRemaining(kv -> open.add(kv.value));
        }
        if (open.isEmpty()) {
            return;
        }
        List<Silence> silences = silences();
        for (ConnectivityAlert last : open) {
            ConnectivityAlert wanted = ActionRules.withActions(
                    last,
                    ActionRules.silencedBy(last, silences, wall),
                    actions.get(ActionRules.ackKey(last.getAlertId())));
            if (!ActionRules.sameActions(last, wanted)) {
                wanted.setStatus(AlertStatus.UPDATE);
                wanted.setRevision(last.getRevision() + 1);
                emit(wanted, now);
            }
        }
    }

    private List<Silence> silences() {
        List<Silence> silences = new ArrayList<>();
        try (KeyValueIterator<String, AlertAction> it =
                actions.prefixScan(ActionRules.SILENCE_PREFIX, new StringSerializer())) {
            it.forEachRemaining(kv -> {
                if (kv.value.getSilence() != null) {
                    silences.add(kv.value.getSilence());
                }
            });
        }
        return silences;
    }

    private void emit(ConnectivityAlert alert, long now) {
        if (alert.getStatus() == AlertStatus.RESOLVED) {
            openAlerts.delete(alert.getAlertId());
        } else {
            openAlerts.put(alert.getAlertId(), alert);
        }
        context.forward(new Record<>(alert.getAlertId(), alert, now));
    }
}
