package org.fleettelemetry.streams.topology;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * A key-value store that keeps the values it is given as objects and serializes each changed one once per commit,
 * not once per put: the endpoint stage writes an endpoint's value with every event, and encoding it was a third of
 * the stream thread. Kafka Streams flushes caches (this one first: it is the outermost layer) before it commits
 * the transaction, so what a commit covers is in the changelog; a task closed without a commit drops the cache as
 * it drops Kafka's own.
 *
 * <p>Bounded: past {@code maxEntries} the least recently used value is written through and dropped. Reads of ranges
 * write every changed value through first. Synchronized, for the query API's reads from other threads; values are
 * the live objects the processor changes, so readers take only immutable parts of them.
 */
final class ObjectCachingStore<V> extends WrappedStateStore<KeyValueStore<String, V>, String, V>
        implements KeyValueStore<String, V> {
    private final int maxEntries;
    private final LinkedHashMap<String, Entry<V>> entries = new LinkedHashMap<>(1024, 0.75f, true);
    /**
     * The dirty entries, each once, in the order they turned dirty: a commit writes these and does not
     * walk the whole cache (100,000 endpoints' values, ten commits a second, in the storm).
     */
    private final ArrayList<Entry<V>> dirtyEntries = new ArrayList<>();

    private static final class Entry<V> {
        final String key;
        V value;
        boolean dirty;

        Entry(String key, V value, boolean dirty) {
            this.key = key;
            this.value = value;
            this.dirty = dirty;
        }
    }

    ObjectCachingStore(KeyValueStore<String, V> inner, int maxEntries) {
        super(inner);
        this.maxEntries = maxEntries;
    }

    /** Builds the store of {@code inner} wrapped in this cache. */
    static <V> StoreBuilder<KeyValueStore<String, V>> builder(
            StoreBuilder<KeyValueStore<String, V>> inner, int maxEntries) {
        return new Builder<>(inner, maxEntries);
    }

    @Override
    public synchronized void init(StateStoreContext context, StateStore root) {
        entries.clear();
        dirtyEntries.clear();
        super.init(context, root);
    }

    @Override
    public synchronized V get(String key) {
        Entry<V> e = entries.get(key);
        if (e != null) {
            return e.value;
        }
        V value = wrapped().get(key);
        if (value != null) {
            cache(key, new Entry<>(key, value, false));
        }
        return value;
    }

    @Override
    public synchronized void put(String key, V value) {
        if (value == null) {
            delete(key);
            return;
        }
        Entry<V> e = entries.get(key);
        if (e != null) {
            e.value = value;
            markDirty(e);
        } else {
            Entry<V> added = new Entry<>(key, value, false);
            markDirty(added);
            cache(key, added);
        }
    }

    private void markDirty(Entry<V> e) {
        if (!e.dirty) {
            e.dirty = true;
            dirtyEntries.add(e);
        }
    }

    @Override
    public synchronized V putIfAbsent(String key, V value) {
        V existing = get(key);
        if (existing == null) {
            put(key, value);
        }
        return existing;
    }

    @Override
    public synchronized void putAll(List<KeyValue<String, V>> values) {
        values.forEach(kv -> put(kv.key, kv.value));
    }

    @Override
    public synchronized V delete(String key) {
        Entry<V> e = entries.remove(key);
        if (e != null) {
            e.dirty = false; // its place in dirtyEntries must not write it back
        }
        V old = wrapped().delete(key);
        return e != null ? e.value : old;
    }

    @Override
    public synchronized KeyValueIterator<String, V> range(String from, String to) {
        writeThrough();
        return wrapped().range(from, to);
    }

    @Override
    public synchronized KeyValueIterator<String, V> reverseRange(String from, String to) {
        writeThrough();
        return wrapped().reverseRange(from, to);
    }

    @Override
    public synchronized KeyValueIterator<String, V> all() {
        writeThrough();
        return wrapped().all();
    }

    @Override
    public synchronized KeyValueIterator<String, V> reverseAll() {
        writeThrough();
        return wrapped().reverseAll();
    }

    @Override
    public synchronized <PS extends Serializer<P>, P> KeyValueIterator<String, V> prefixScan(P prefix, PS serializer) {
        writeThrough();
        return wrapped().prefixScan(prefix, serializer);
    }

    @Override
    public synchronized long approximateNumEntries() {
        writeThrough();
        return wrapped().approximateNumEntries();
    }

    @Override
    public synchronized <R> QueryResult<R> query(Query<R> query, PositionBound bound, QueryConfig config) {
        writeThrough();
        return super.query(query, bound, config);
    }

    @Override
    public synchronized void flushCache() {
        writeThrough();
        super.flushCache();
    }

    @Override
    public synchronized void flush() {
        writeThrough();
        super.flush();
    }

    @Override
    public synchronized void commit(Map<TopicPartition, Long> changelogOffsets) {
        writeThrough();
        super.commit(changelogOffsets);
    }

    @Override
    public synchronized void clearCache() {
        entries.clear();
        dirtyEntries.clear();
        super.clearCache();
    }

    @Override
    public synchronized void close() {
        entries.clear();
        dirtyEntries.clear();
        super.close();
    }

    private void cache(String key, Entry<V> entry) {
        entries.put(key, entry);
        if (entries.size() > maxEntries) {
            Iterator<Map.Entry<String, Entry<V>>> it = entries.entrySet().iterator();
            Map.Entry<String, Entry<V>> eldest = it.next();
            if (eldest.getValue().dirty) {
                wrapped().put(eldest.getKey(), eldest.getValue().value);
                eldest.getValue().dirty = false;
            }
            it.remove();
        }
    }

    /**
     * Writes the dirty values in the order they turned dirty. An entry of {@link #dirtyEntries} that is clean was
     * written since (evicted) or deleted.
     */
    private void writeThrough() {
        for (int i = 0; i < dirtyEntries.size(); i++) {
            Entry<V> entry = dirtyEntries.get(i);
            if (entry.dirty) {
                wrapped().put(entry.key, entry.value);
                entry.dirty = false;
            }
        }
        dirtyEntries.clear();
    }

    private record Builder<V>(StoreBuilder<KeyValueStore<String, V>> inner, int maxEntries)
            implements StoreBuilder<KeyValueStore<String, V>> {
        @Override
        public StoreBuilder<KeyValueStore<String, V>> withCachingEnabled() {
            return new Builder<>(inner.withCachingEnabled(), maxEntries);
        }

        @Override
        public StoreBuilder<KeyValueStore<String, V>> withCachingDisabled() {
            return new Builder<>(inner.withCachingDisabled(), maxEntries);
        }

        @Override
        public StoreBuilder<KeyValueStore<String, V>> withLoggingEnabled(Map<String, String> config) {
            return new Builder<>(inner.withLoggingEnabled(config), maxEntries);
        }

        @Override
        public StoreBuilder<KeyValueStore<String, V>> withLoggingDisabled() {
            return new Builder<>(inner.withLoggingDisabled(), maxEntries);
        }

        @Override
        public KeyValueStore<String, V> build() {
            return new ObjectCachingStore<>(inner.build(), maxEntries);
        }

        @Override
        public Map<String, String> logConfig() {
            return inner.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return inner.loggingEnabled();
        }

        @Override
        public String name() {
            return inner.name();
        }
    }
}
