package org.fleettelemetry.streams.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The innermost layer under a resident {@link ObjectCachingStore}: in memory, and holding only the values that came
 * from the changelog (a restore, or a standby's updates) and were not loaded as objects since. The object store above
 * holds every other value as the object the processor changes; what it writes at a commit passes through here only on
 * its way to the changelog (Kafka's logging layer sends it), so a put drops the bytes of its key instead of keeping a
 * second copy of the value. So the endpoint stage's state costs no RocksDB write per changed endpoint (a fifth of the
 * stream thread in the storm: async-profiler, 2026-12-07) and no second copy on the heap.
 *
 * <p>Not persistent: Kafka Streams restores it from the changelog at every start, as it does any in-memory store.
 * Its methods run under the owner's monitor (the owner calls them holding it, and the restore callback goes through
 * the owner's synchronized {@code restore}), so the map needs no lock of its own.
 */
final class ResidentBytesStore implements KeyValueStore<Bytes, byte[]> {
    private final String name;
    private final Map<Bytes, byte[]> restored = new HashMap<>();
    private final Position position = Position.emptyPosition();
    private ObjectCachingStore<?> owner;
    private volatile boolean open;

    ResidentBytesStore(String name) {
        this.name = name;
    }

    /** The supplier for {@code Stores.keyValueStoreBuilder}: a new store per task. */
    static KeyValueBytesStoreSupplier supplier(String name) {
        return new KeyValueBytesStoreSupplier() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public KeyValueStore<Bytes, byte[]> get() {
                return new ResidentBytesStore(name);
            }

            @Override
            public String metricsScope() {
                return "in-memory";
            }
        };
    }

    /** Links the object store that holds the values; before it, the store refuses writes (they would be lost). */
    void owner(ObjectCachingStore<?> owner) {
        this.owner = owner;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        if (owner == null) {
            throw new IllegalStateException(name + ": a resident store is used only under its object store");
        }
        restored.clear();
        // a changelog record is newer than any object the owner holds for its key (none is being processed while a
        // task restores, and a standby only reads): the owner forgets the object and the next read decodes this
        context.register(root, (key, value) -> owner.restore(Bytes.wrap(key), value));
        open = true;
    }

    /** Keeps {@code value} for {@code key} as bytes: the owner hands a value back when it must stop holding it. */
    void keep(Bytes key, byte[] value) {
        restored.put(key, value);
    }

    /** The owner loaded every value as an object: the bytes are not needed any more. */
    void loaded() {
        restored.clear();
    }

    /** The owner loaded this key's value as an object. */
    void loaded(Bytes key) {
        restored.remove(key);
    }

    /** The owner holds the value now: its bytes are only on their way to the changelog. */
    @Override
    public void put(Bytes key, byte[] value) {
        restored.remove(key);
    }

    @Override
    public byte[] putIfAbsent(Bytes key, byte[] value) {
        byte[] existing = restored.get(key);
        if (existing == null) {
            put(key, value);
        }
        return existing;
    }

    @Override
    public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
        entries.forEach(e -> put(e.key, e.value));
    }

    @Override
    public byte[] delete(Bytes key) {
        return restored.remove(key);
    }

    @Override
    public byte[] get(Bytes key) {
        return restored.get(key);
    }

    /**
     * The values still held as bytes, in no order: only the owner iterates them, to load them all as objects before
     * it walks its own entries in key order.
     */
    @Override
    public KeyValueIterator<Bytes, byte[]> all() {
        List<KeyValue<Bytes, byte[]>> copy = new ArrayList<>(restored.size());
        restored.forEach((k, v) -> copy.add(KeyValue.pair(k, v)));
        return new ListKeyValueIterator<>(copy);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
        throw unsupported("range");
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<Bytes, byte[]> prefixScan(P prefix, PS prefixKeySerializer) {
        throw unsupported("prefixScan");
    }

    private UnsupportedOperationException unsupported(String what) {
        return new UnsupportedOperationException(name + ": " + what + " is answered by the object store above");
    }

    @Override
    public long approximateNumEntries() {
        return restored.size();
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        restored.clear();
        open = false;
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    /**
     * Interactive queries v2 are not served (the query API reads through the object store, v1). The logging layer asks
     * for the position with every changelog record; consistency vectors are off, so an empty one is what it needs.
     */
    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        return QueryResult.forUnknownQueryType(query, this);
    }

    @Override
    public Position getPosition() {
        return position;
    }
}
