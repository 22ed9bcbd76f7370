package org.fleettelemetry.streams.query;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.LagInfo;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * This instance's state stores, read only. Store handles are cached: Kafka Streams looks the underlying stores up on
 * every read, so a handle stays valid across rebalances (a read throws InvalidStateStoreException when its partition is
 * not here), and a key lookup allocates no handle of its own.
 */
final class LocalStores {
    private record Handle(String store, Slice slice) {}

    private final KafkaStreams streams;
    private final ConcurrentMap<Handle, Object> handles = new ConcurrentHashMap<>();

    LocalStores(KafkaStreams streams) {
        this.streams = streams;
    }

    <V> ReadOnlyKeyValueStore<String, V> kv(String store, Slice slice) {
        return handle(store, slice, QueryableStoreTypes.<String, V>keyValueStore());
    }

    <V> ReadOnlyWindowStore<String, V> window(String store, Slice slice) {
        return handle(store, slice, QueryableStoreTypes.<String, V>windowStore());
    }

    /** The changelog lag of every copy of the store on this instance, by partition (asks the broker: not cheap). */
    Map<Integer, LagInfo> lags(String store) {
        return streams.allLocalStorePartitionLags().getOrDefault(store, Map.of());
    }

    @SuppressWarnings("unchecked")
    private <T> T handle(String store, Slice slice, QueryableStoreType<T> type) {
        Handle key = new Handle(store, slice);
        Object cached = handles.get(key);
        if (cached == null) {
            StoreQueryParameters<T> parameters = StoreQueryParameters.fromNameAndType(store, type);
            if (slice.partition() >= 0) {
                parameters = parameters.withPartition(slice.partition());
            }
            if (slice.stale()) {
                parameters = parameters.enableStaleStores();
            }
            // store() checks that streams is running or rebalancing: a handle is cached only once that held
            T created = streams.store(parameters);
            cached = handles.computeIfAbsent(key, k -> created);
        }
        return (T) cached;
    }
}
