package org.fleettelemetry.streams.topology;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.EndpointHeartbeat;
import org.fleettelemetry.streams.config.StreamsAppConfig.TopologyParams;
import org.fleettelemetry.streams.domain.EndpointStatus;
import org.fleettelemetry.streams.domain.Observation;

/**
 * Stage 1, per endpoint (the input's own partitioning): counts a re-sent event once (by eventId),
 * keeps the endpoint's status, and passes an observation on, keyed by site, to the site stage.
 */
final class EndpointStage implements Processor<String, SpecificRecord, String, Observation> {
    static final int RECENT_STATUSES = 10_000;

    private final TopologyParams params;
    private ProcessorContext<String, Observation> context;
    private WindowStore<String, Long> eventIds;
    private KeyValueStore<String, EndpointStatus> status;
    private Sensor duplicates;
    /**
     * The statuses this processor wrote last, so that an event does not read its endpoint's status back through the
     * store (key and value serdes, cache lookup, metrics) right after the previous event wrote it. Write-through and
     * bounded; this processor is the store's only writer, and {@link #init} clears it, as a task that is revived or
     * moved restores its store and starts over.
     */
    private final Map<String, EndpointStatus> recent = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, EndpointStatus> eldest) {
            return size() > RECENT_STATUSES;
        }
    };

    EndpointStage(TopologyParams params) {
        this.params = params;
    }

    @Override
    public void init(ProcessorContext<String, Observation> context) {
        this.context = context;
        recent.clear();
        this.eventIds = context.getStateStore(Stores.EVENT_IDS);
        this.status = context.getStateStore(Stores.ENDPOINT_STATUS);
        this.duplicates = StageMetrics.sensor(context, "duplicate-events");
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        Observation observation;
        if (record.value() instanceof EndpointEvent event) {
            if (isDuplicate(event)) {
                duplicates.record();
                return;
            }
            observation = Observation.of(event, params.detection());
        } else if (record.value() instanceof EndpointHeartbeat beat) {
            observation = Observation.of(beat);
        } else {
            return;
        }
        long now = Math.max(observation.eventTime(), context.currentStreamTimeMs());
        String endpointId = observation.endpointId();
        EndpointStatus previous = recent.get(endpointId);
        if (previous == null) {
            previous = status.get(endpointId);
        }
        EndpointStatus next = EndpointStatus.apply(previous, observation, now, params.detection());
        status.put(endpointId, next);
        recent.put(endpointId, next);
        context.forward(new Record<>(observation.site(), observation, observation.eventTime()));
    }

    /**
     * Same eventId at the same event time within the dedup retention: a collector re-send. A point lookup of the
     * one window (start = event time) that can hold it: a range fetch opens an iterator per call and, through the
     * {@code Instant} overload, formats an error-message prefix each time, which cost more than the lookup itself.
     */
    private boolean isDuplicate(EndpointEvent event) {
        long time = event.getTimestamp().toEpochMilli();
        if (eventIds.fetch(event.getEventId(), time) != null) {
            return true;
        }
        eventIds.put(event.getEventId(), time, time);
        return false;
    }
}
