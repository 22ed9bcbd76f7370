package org.fleettelemetry.streams.topology;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
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
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * A key-value store that keeps the values it is given as objects and serializes each changed one once per commit,
 * not once per put: the endpoint stage writes an endpoint's value with every event, and encoding it was a third of
 * the stream thread. Kafka Streams flushes caches (this one first: it is the outermost layer) before it commits
 * the transaction, so what a commit covers is in the changelog; a task closed without a commit drops the cache as
 * it drops Kafka's own.
 *
 * <p>Two kinds, by the innermost store:
 * <ul>
 *   <li><b>Resident</b> (over a {@link ResidentBytesStore}, the endpoint stage's): every value is held here as an
 *       object, without bound, and nothing keeps a second copy; a commit's writes only reach the changelog. The
 *       values that come from the changelog (a restore, a standby's updates) stay bytes below until read, and such a
 *       record makes this store forget its object for the key. When Kafka clears the cache (a task handed over to
 *       a standby on this instance keeps its stores) the objects go back down as bytes, since nothing else holds
 *       them. Iteration loads every value first and walks a sorted snapshot.
 *   <li><b>Bounded</b> (over any other store, the fleet state's): past {@code maxEntries} the least recently used value
 *       is written through and dropped; the processor's reads of ranges write every changed value through first.
 *       Its values may be mutable objects the processor changes between a get and a put, so a thread other than
 *       the one that writes (the query API's) reads the store below: the values as of the last flush, decoded
 *       afresh.
 * </ul>
 * Synchronized, for the query API's reads from other threads; a resident store's values are the live objects the
 * processor changes, so readers take only snapshots of them (the endpoint's status and track, taken under the
 * record's monitor, which the endpoint stage holds while it changes them).
 */
final class ObjectCachingStore<V> extends WrappedStateStore<KeyValueStore<String, V>, String, V>
        implements KeyValueStore<String, V> {
    private final int maxEntries;
    private final LinkedHashMap<String, Entry<V>> entries;
    /** The innermost store when this store is resident, else null. */
    private final ResidentBytesStore resident;

    private final Serializer<String> keys;
    private final Deserializer<String> keyReader;
    private final Serializer<V> values;
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

    /** A bounded cache over {@code inner}. */
    ObjectCachingStore(KeyValueStore<String, V> inner, int maxEntries) {
        super(inner);
        this.maxEntries = maxEntries;
        this.entries = new LinkedHashMap<>(1024, 0.75f, true);
        this.resident = null;
        this.keys = null;
        this.keyReader = null;
        this.values = null;
    }

    /** A resident store over {@code inner}, whose innermost store is {@code resident}. */
    ObjectCachingStore(
            KeyValueStore<String, V> inner, ResidentBytesStore resident, Serde<String> keys, Serializer<V> values) {
        super(inner);
        this.maxEntries = Integer.MAX_VALUE;
        this.entries = new LinkedHashMap<>(1024, 0.75f, false);
        this.resident = resident;
        this.keys = keys.serializer();
        this.keyReader = keys.deserializer();
        this.values = values;
        resident.owner(this);
    }

    /** Builds the store of {@code inner} wrapped in this cache. */
    static <V> StoreBuilder<KeyValueStore<String, V>> builder(
            StoreBuilder<KeyValueStore<String, V>> inner, int maxEntries) {
        return new Builder<>(inner, maxEntries, null, null);
    }

    /**
     * A resident store named {@code name} (logged: its changelog is {@code <application.id>-<name>-changelog}): every
     * value an object in memory, the changelog its only copy elsewhere.
     */
    static <V> StoreBuilder<KeyValueStore<String, V>> resident(String name, Serde<String> keys, Serde<V> values) {
        return new Builder<>(
                Stores.keyValueStoreBuilder(ResidentBytesStore.supplier(name), keys, values),
                Integer.MAX_VALUE,
                keys,
                values.serializer());
    }

    /**
     * A changelog record for {@code key} (a restore, a standby's update), from the resident store's restore callback:
     * kept as bytes below, and the object this store held for the key, older, is forgotten.
     */
    synchronized void restore(Bytes key, byte[] value) {
        if (value == null) {
            resident.delete(key);
        } else {
            resident.keep(key, value);
        }
        if (entries.isEmpty()) {
            return;
        }
        Entry<V> e = entries.remove(keyReader.deserialize(null, key.get()));
        if (e != null) {
            e.dirty = false;
        }
    }

    /** The thread that writes (the task's stream thread); null until the first write after init. */
    private Thread writer;

    /**
     * Whether the caller is the thread that writes this store. A bounded store's values are mutable objects its
     * processor changes between a get and a put without any lock (the fleet state), so any other thread (the query
     * API's) reads the store below, which has the values as of the last flush, and never writes through.
     */
    private boolean processorThread() {
        return Thread.currentThread() == writer;
    }

    /** Before a read of more than one key: the writer's changed values go below first, another thread's never do. */
    private void writeThroughIfWriter() {
        if (processorThread()) {
            writeThrough();
        }
    }

    @Override
    public synchronized void init(StateStoreContext context, StateStore root) {
        entries.clear();
        dirtyEntries.clear();
        writer = null;
        super.init(context, root);
    }

    @Override
    public synchronized V get(String key) {
        if (resident == null && !processorThread()) {
            return wrapped().get(key);
        }
        Entry<V> e = entries.get(key);
        if (e != null) {
            return e.value;
        }
        V value = wrapped().get(key);
        if (value != null) {
            cache(key, new Entry<>(key, value, false));
            if (resident != null) {
                resident.loaded(Bytes.wrap(keys.serialize(null, key)));
            }
        }
        return value;
    }

    @Override
    public synchronized void put(String key, V value) {
        writer = Thread.currentThread();
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
        writer = Thread.currentThread();
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
        writer = Thread.currentThread();
        Entry<V> e = entries.remove(key);
        if (e != null) {
            e.dirty = false; // its place in dirtyEntries must not write it back
        }
        V old = wrapped().delete(key);
        return e != null ? e.value : old;
    }

    @Override
    public synchronized KeyValueIterator<String, V> range(String from, String to) {
        if (resident != null) {
            return snapshot(between(from, to), false);
        }
        writeThroughIfWriter();
        return wrapped().range(from, to);
    }

    @Override
    public synchronized KeyValueIterator<String, V> reverseRange(String from, String to) {
        if (resident != null) {
            return snapshot(between(from, to), true);
        }
        writeThroughIfWriter();
        return wrapped().reverseRange(from, to);
    }

    @Override
    public synchronized KeyValueIterator<String, V> all() {
        if (resident != null) {
            return snapshot(k -> true, false);
        }
        writeThroughIfWriter();
        return wrapped().all();
    }

    @Override
    public synchronized KeyValueIterator<String, V> reverseAll() {
        if (resident != null) {
            return snapshot(k -> true, true);
        }
        writeThroughIfWriter();
        return wrapped().reverseAll();
    }

    @Override
    public synchronized <PS extends Serializer<P>, P> KeyValueIterator<String, V> prefixScan(P prefix, PS serializer) {
        if (resident != null) {
            throw new UnsupportedOperationException(name() + ": no prefix scan on a resident store");
        }
        writeThroughIfWriter();
        return wrapped().prefixScan(prefix, serializer);
    }

    @Override
    public synchronized long approximateNumEntries() {
        if (resident != null) {
            return entries.size() + resident.approximateNumEntries();
        }
        writeThroughIfWriter();
        return wrapped().approximateNumEntries();
    }

    @Override
    public synchronized <R> QueryResult<R> query(Query<R> query, PositionBound bound, QueryConfig config) {
        writeThroughIfWriter();
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

    /**
     * Kafka calls this when a task's stores are recycled for another task type (an active task handed to a standby on
     * this instance, or the reverse), after a clean commit. A bounded store drops its objects (the store below has
     * them); a resident one hands them down as bytes, since nothing else holds them.
     */
    @Override
    public synchronized void clearCache() {
        if (resident != null) {
            for (Entry<V> e : entries.values()) {
                resident.keep(Bytes.wrap(keys.serialize(null, e.key)), values.serialize(null, e.value));
            }
        }
        entries.clear();
        dirtyEntries.clear();
        super.clearCache();
    }

    /** Keys from {@code from} to {@code to}, both included; a null bound is open, as in KeyValueStore#range. */
    private static Predicate<String> between(String from, String to) {
        return k -> (from == null || k.compareTo(from) >= 0) && (to == null || k.compareTo(to) <= 0);
    }

    /**
     * Loads every value still held as bytes below (after a restore) as an object, then returns the entries whose key
     * {@code in} accepts, in key order (String order: the same as the byte order of the UTF-8 keys for the ids the
     * app writes), as a snapshot.
     */
    private KeyValueIterator<String, V> snapshot(Predicate<String> in, boolean reverse) {
        if (resident.approximateNumEntries() > 0) {
            try (KeyValueIterator<String, V> below = wrapped().all()) {
                while (below.hasNext()) {
                    KeyValue<String, V> kv = below.next();
                    if (!entries.containsKey(kv.key)) {
                        cache(kv.key, new Entry<>(kv.key, kv.value, false));
                    }
                }
            }
            resident.loaded();
        }
        List<KeyValue<String, V>> list = new ArrayList<>();
        for (Entry<V> e : entries.values()) {
            if (in.test(e.key)) {
                list.add(KeyValue.pair(e.key, e.value));
            }
        }
        Comparator<KeyValue<String, V>> order = Comparator.comparing(kv -> kv.key);
        list.sort(reverse ? order.reversed() : order);
        return new ListKeyValueIterator<>(list);
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

    private record Builder<V>(
            StoreBuilder<KeyValueStore<String, V>> inner, int maxEntries, Serde<String> keys, Serializer<V> values)
            implements StoreBuilder<KeyValueStore<String, V>> {
        @Override
        public StoreBuilder<KeyValueStore<String, V>> withCachingEnabled() {
            if (keys != null) {
                throw new UnsupportedOperationException("a resident store is its own cache");
            }
            return new Builder<>(inner.withCachingEnabled(), maxEntries, keys, values);
        }

        @Override
        public StoreBuilder<KeyValueStore<String, V>> withCachingDisabled() {
            return new Builder<>(inner.withCachingDisabled(), maxEntries, keys, values);
        }

        @Override
        public StoreBuilder<KeyValueStore<String, V>> withLoggingEnabled(Map<String, String> config) {
            return new Builder<>(inner.withLoggingEnabled(config), maxEntries, keys, values);
        }

        /** Refused for a resident store: the changelog is the only copy of its values outside this JVM. */
        @Override
        public StoreBuilder<KeyValueStore<String, V>> withLoggingDisabled() {
            if (keys != null) {
                throw new UnsupportedOperationException("a resident store without its changelog would lose its values");
            }
            return new Builder<>(inner.withLoggingDisabled(), maxEntries, keys, values);
        }

        @Override
        public KeyValueStore<String, V> build() {
            KeyValueStore<String, V> built = inner.build();
            if (keys == null) {
                return new ObjectCachingStore<>(built, maxEntries);
            }
            StateStore innermost = built;
            while (innermost instanceof WrappedStateStore<?, ?, ?> w) {
                innermost = w.wrapped();
            }
            if (!(innermost instanceof ResidentBytesStore r)) {
                throw new IllegalStateException(name() + ": the innermost store is not resident: " + innermost);
            }
            return new ObjectCachingStore<>(built, r, keys, values);
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
