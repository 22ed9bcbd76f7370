package org.fleettelemetry.streams.topology;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.fleettelemetry.schemas.avro.AlertStatus;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.streams.domain.FleetRules;
import org.fleettelemetry.streams.domain.FleetState;

/**
 * Stage 3, the fleet (one key; it sees small site summaries and rare candidates, never events): holds
 * site alerts for the group wait, opens FLEET outages that inhibit the site alerts of their class, and
 * is the only publisher of alerts. Published alerts that are not resolved are kept by id for queries.
 */
final class FleetStage implements Processor<String, FleetSignal, String, ConnectivityAlert> {
    static final String KEY = StoreNames.FLEET_KEY;
    static final Duration PUNCTUATION = Duration.ofSeconds(1);

    private final TopologyParams params;
    private final StageClock clock = new StageClock();
    private ProcessorContext<String, ConnectivityAlert> context;
    private KeyValueStore<String, FleetState> fleet;
    private KeyValueStore<String, ConnectivityAlert> openAlerts;

    FleetStage(TopologyParams params) {
        this.params = params;
    }

    @Override
    public void init(ProcessorContext<String, ConnectivityAlert> context) {
        this.context = context;
        this.fleet = context.getStateStore(StoreNames.FLEET_STATE);
        this.openAlerts = context.getStateStore(StoreNames.OPEN_ALERTS);
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
        for (ConnectivityAlert alert : alerts) {
            if (alert.getStatus() == AlertStatus.RESOLVED) {
                openAlerts.delete(alert.getAlertId());
            } else {
                openAlerts.put(alert.getAlertId(), alert);
            }
            context.forward(new Record<>(alert.getAlertId(), alert, now));
        }
    }
}
