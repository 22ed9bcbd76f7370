package org.fleettelemetry.streams.config;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds RocksDB's off-heap memory for the whole process. Left alone, Kafka Streams gives every RocksDB instance
 * its own 50 MiB block cache and up to 3 x 16 MiB of memtables, and an instance holds one per store, per window
 * segment and per task (22 of them with 100,000 endpoints on 4 partitions): nothing bounds their sum. Here every
 * store shares one LRU block cache of {@code fleet.rocksdb.memory.bytes}, and one write buffer manager charges the
 * memtables to that same cache (its {@code fleet.rocksdb.write.buffer.ratio} share), with index and filter blocks
 * cached there too: block cache, memtables, index and filters stay within the one budget.
 *
 * <p>Kafka creates a setter per store by class name, so the shared objects are static: created once per process
 * and replaced only when a store asks for other sizes (tests run many apps in one JVM); a replaced set is closed
 * when the last store that uses it closes. The current set is never closed: a rebalance closes every store and
 * opens them again, and they must find it there.
 */
public final class BoundedRocksDbConfig implements RocksDBConfigSetter {
    /** The total, in bytes: block cache, with the memtables and index and filter blocks charged to it. */
    public static final String MEMORY_CONFIG = "fleet.rocksdb.memory.bytes";
    /** The memtables' share of {@link #MEMORY_CONFIG}, above 0 and below 1. */
    public static final String WRITE_BUFFER_RATIO_CONFIG = "fleet.rocksdb.write.buffer.ratio";

    public static final long DEFAULT_MEMORY = 64L * 1024 * 1024;
    public static final double DEFAULT_WRITE_BUFFER_RATIO = 0.5;

    /**
     * Small memtables: about 20 stores (more with standbys and window segments) share a write buffer budget of some
     * tens of MiB, so Kafka's 16 MiB ones would never fill before the write buffer manager flushes them anyway.
     */
    static final long WRITE_BUFFER_SIZE = 4L * 1024 * 1024;
    /** One being written while the other is flushed, so a flush does not stall writes. */
    static final int WRITE_BUFFERS = 2;
    /**
     * A memtable takes its memory in blocks of this size (by default an eighth of its size, 512 KiB here) and the
     * write buffer manager counts whole blocks: 22 stores that each hold a block of 512 KiB (plus 128 KiB for the
     * offsets column family Kafka adds) already fill a 16 MiB budget, and from then on every write to any store
     * flushes a memtable of a few KiB. Measured (PipelineBench streams-rss, 100,000 endpoints, 64m at ratio 0.25):
     * 207 s to take the input instead of 17 to 32 s unbounded, one store's file numbers at 20,951 instead of about
     * 200. With 64 KiB blocks a store costs 192 KiB (offsets included) before it holds data.
     */
    static final long ARENA_BLOCK_SIZE = 64L * 1024;
    /** Index and filter blocks kept ahead of data blocks; they are small (well under 1 MiB for 100,000 endpoints). */
    static final double INDEX_FILTER_RATIO = 0.1;

    private static final Object LOCK = new Object();
    private static Shared current; // guarded by LOCK

    private Shared used;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Sizes sizes = Sizes.from(configs);
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        synchronized (LOCK) {
            if (used != null) {
                release(used);
            }
            used = acquire(sizes);
            table.setBlockCache(used.cache);
            options.setTableFormatConfig(table); // the native table factory takes its own reference to the cache here
            options.setWriteBufferManager(used.writeBuffers);
        }
        options.setWriteBufferSize(WRITE_BUFFER_SIZE);
        options.setMaxWriteBufferNumber(WRITE_BUFFERS);
        options.setArenaBlockSize(ARENA_BLOCK_SIZE);
    }

    @Override
    public void close(String storeName, Options options) {
        // Not the shared cache and write buffer manager: other stores use them, and the next ones opened will too.
        synchronized (LOCK) {
            if (used != null) {
                release(used);
                used = null;
            }
        }
    }

    private static Shared acquire(Sizes sizes) {
        if (current == null || !current.sizes.equals(sizes)) {
            Shared replaced = current;
            current = new Shared(sizes);
            if (replaced != null && replaced.stores == 0) {
                replaced.close();
            }
        }
        current.stores++;
        return current;
    }

    private static void release(Shared shared) {
        shared.stores--;
        if (shared.stores == 0 && shared != current) {
            shared.close();
        }
    }

    /** The cache stores configured now would share, for tests; null before the first store. */
    static Cache currentCache() {
        synchronized (LOCK) {
            return current == null ? null : current.cache;
        }
    }

    record Sizes(long memory, double writeBufferRatio) {
        static Sizes from(Map<String, Object> configs) {
            long memory = number(configs, MEMORY_CONFIG, DEFAULT_MEMORY).longValue();
            double ratio = number(configs, WRITE_BUFFER_RATIO_CONFIG, DEFAULT_WRITE_BUFFER_RATIO)
                    .doubleValue();
            if (memory <= 0) {
                throw new IllegalArgumentException(MEMORY_CONFIG + " must be positive, got " + memory);
            }
            if (!(ratio > 0 && ratio < 1)) {
                throw new IllegalArgumentException(
                        WRITE_BUFFER_RATIO_CONFIG + " must be above 0 and below 1, got " + ratio);
            }
            return new Sizes(memory, ratio);
        }

        long writeBuffers() {
            return (long) (memory * writeBufferRatio);
        }

        private static Number number(Map<String, Object> configs, String key, Number defaultValue) {
            Object v = configs.get(key);
            if (v == null) {
                return defaultValue;
            }
            if (v instanceof Number n) {
                return n;
            }
            try {
                return Double.parseDouble(v.toString().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a number, got '" + v + "'");
            }
        }
    }

    /** One cache and the write buffer manager charged to it, and how many open stores use them. */
    private static final class Shared {
        final Sizes sizes;
        final LRUCache cache;
        final WriteBufferManager writeBuffers;
        int stores;

        Shared(Sizes sizes) {
            this.sizes = sizes;
            // not a strict limit: a read that finds the cache full (e.g. every block pinned by iterators) still
            // succeeds, a little over the budget, instead of failing the store
            this.cache = new LRUCache(sizes.memory(), -1, false, INDEX_FILTER_RATIO);
            this.writeBuffers = new WriteBufferManager(sizes.writeBuffers(), cache);
        }

        /** Open stores keep their own native references: closing these Java handles frees nothing they still use. */
        void close() {
            writeBuffers.close();
            cache.close();
        }
    }
}
