package org.fleettelemetry.streams.topology;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.fleettelemetry.schemas.avro.AlertAction;

/** Keeps the latest action of each subject in the global actions store (a tombstone removes the subject). */
final class ActionStoreUpdater implements Processor<String, AlertAction, Void, Void> {
    private KeyValueStore<String, AlertAction> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(StoreNames.ALERT_ACTIONS);
    }

    @Override
    public void process(Record<String, AlertAction> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
    }
}
