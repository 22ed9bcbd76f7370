package org.fleettelemetry.streams.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * The setter on real RocksDB options and databases, handed what Kafka hands it: fresh options whose table config
 * already holds a cache of its own, and a setter instance per store.
 */
class BoundedRocksDbConfigTest {
    private static final long MIB = 1024 * 1024;

    @TempDir
    Path dir;

    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void loadRocksDb() {
        RocksDB.loadLibrary();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    @Test
    void shouldGiveEveryStoreTheSameCacheAndWriteBufferManagerWhenTwoStoresAreConfigured() {
        Store a = configure("a", sizes(24 * MIB, 0.25));
        Store b = configure("b", sizes(24 * MIB, 0.25));

        assertThat(a.table.cache).isNotNull().isSameAs(b.table.cache).isSameAs(BoundedRocksDbConfig.currentCache());
        assertThat(a.options.writeBufferManager()).isNotNull().isSameAs(b.options.writeBufferManager());
        assertThat(a.table.cacheIndexAndFilterBlocks()).isTrue();
        assertThat(a.table.cacheIndexAndFilterBlocksWithHighPriority()).isTrue();
        assertThat(a.table.pinTopLevelIndexAndFilter()).isTrue();
        assertThat(a.options.writeBufferSize()).isEqualTo(BoundedRocksDbConfig.WRITE_BUFFER_SIZE);
        assertThat(a.options.maxWriteBufferNumber()).isEqualTo(BoundedRocksDbConfig.WRITE_BUFFERS);
        assertThat(a.options.arenaBlockSize()).isEqualTo(BoundedRocksDbConfig.ARENA_BLOCK_SIZE);
    }

    @Test
    void shouldSizeTheBlockCacheFromTheConfigWhenADatabaseOpens() throws RocksDBException {
        Store store = configure("sized", sizes(40 * MIB, 0.25));
        RocksDB db = open(store, "sized");

        assertThat(db.getLongProperty("rocksdb.block-cache-capacity")).isEqualTo(40 * MIB);
    }

    @Test
    void shouldChargeMemtablesToTheSharedCacheWhenAStoreIsWritten() throws RocksDBException {
        Store store = configure("written", sizes(32 * MIB, 0.5));
        RocksDB db = open(store, "written");
        long before = db.getLongProperty("rocksdb.block-cache-usage");

        byte[] value = new byte[1024];
        for (int i = 0; i < 2_000; i++) {
            db.put(("endpoint-" + i).getBytes(StandardCharsets.UTF_8), value);
        }

        // nothing was read and nothing flushed: only the write buffer manager's reservation for the memtable
        // (about 2 MiB written) can have grown the block cache
        assertThat(db.getLongProperty("rocksdb.block-cache-usage") - before).isGreaterThanOrEqualTo(MIB);
    }

    @Test
    void shouldKeepTheSharedCacheOpenWhenEveryStoreIsClosed() {
        Store a = configure("a", sizes(20 * MIB, 0.25));
        Cache cache = a.table.cache;
        a.setter.close("a", a.options);
        assertThat(cache.isOwningHandle())
                .as("open after its last store closed")
                .isTrue();

        Store reopened = configure("a", sizes(20 * MIB, 0.25));

        assertThat(reopened.table.cache).isSameAs(cache);
    }

    @Test
    void shouldReplaceTheCacheAndCloseTheOldOneAfterItsLastStoreWhenTheSizeChanges() throws RocksDBException {
        Store old = configure("old", sizes(18 * MIB, 0.25));
        RocksDB db = open(old, "old");
        Cache oldCache = old.table.cache;

        Store resized = configure("new", sizes(36 * MIB, 0.25));

        assertThat(resized.table.cache).isNotSameAs(oldCache);
        assertThat(resized.options.writeBufferManager()).isNotSameAs(old.options.writeBufferManager());
        assertThat(oldCache.isOwningHandle()).as("still used by an open store").isTrue();

        old.setter.close("old", old.options); // Kafka closes the setter before the database
        assertThat(oldCache.isOwningHandle()).isFalse();
        // the open database holds its own reference to the native cache: it still works
        db.put("k".getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8));
        assertThat(db.get("k".getBytes(StandardCharsets.UTF_8))).isEqualTo("v".getBytes(StandardCharsets.UTF_8));
        assertThat(db.getLongProperty("rocksdb.block-cache-capacity")).isEqualTo(18 * MIB);
        assertThat(resized.table.cache.isOwningHandle()).isTrue();
    }

    @Test
    void shouldTakeSizesGivenAsStringsWhenPassedThroughKafkaStreams() {
        Map<String, Object> configs = new HashMap<>();
        configs.put(BoundedRocksDbConfig.MEMORY_CONFIG, Long.toString(26 * MIB));
        configs.put(BoundedRocksDbConfig.WRITE_BUFFER_RATIO_CONFIG, "0.3");

        Store store = configure("strings", configs);

        assertThat(store.table.cache).isSameAs(BoundedRocksDbConfig.currentCache());
        assertThat(BoundedRocksDbConfig.Sizes.from(configs)).isEqualTo(new BoundedRocksDbConfig.Sizes(26 * MIB, 0.3));
    }

    @Test
    void shouldNameTheKeyWhenASizeIsNotANumber() {
        Map<String, Object> configs = sizes(24 * MIB, 0.25);
        configs.put(BoundedRocksDbConfig.MEMORY_CONFIG, "64m");

        assertThatThrownBy(() -> configure("bad", configs))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(BoundedRocksDbConfig.MEMORY_CONFIG);
    }

    @Test
    void shouldNameTheKeyWhenTheRatioIsOutOfRange() {
        assertThatThrownBy(() -> configure("bad", sizes(24 * MIB, 1.0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(BoundedRocksDbConfig.WRITE_BUFFER_RATIO_CONFIG);
    }

    @Test
    void shouldUseTheDefaultsWhenTheKeysAreMissing() {
        assertThat(BoundedRocksDbConfig.Sizes.from(Map.of()))
                .isEqualTo(new BoundedRocksDbConfig.Sizes(
                        BoundedRocksDbConfig.DEFAULT_MEMORY, BoundedRocksDbConfig.DEFAULT_WRITE_BUFFER_RATIO));
    }

    private static Map<String, Object> sizes(long memory, double ratio) {
        Map<String, Object> configs = new HashMap<>();
        configs.put(BoundedRocksDbConfig.MEMORY_CONFIG, memory);
        configs.put(BoundedRocksDbConfig.WRITE_BUFFER_RATIO_CONFIG, ratio);
        return configs;
    }

    /** As Kafka's RocksDBStore does: options with a table config holding a cache of their own, then the setter. */
    private Store configure(String name, Map<String, Object> configs) {
        Options options = new Options().setCreateIfMissing(true);
        RecordingTableConfig table = new RecordingTableConfig();
        Cache own = new LRUCache(MIB);
        opened.add(own);
        table.setBlockCache(own);
        options.setTableFormatConfig(table);
        BoundedRocksDbConfig setter = new BoundedRocksDbConfig();
        Store store = new Store(setter, options, table);
        opened.add(() -> setter.close(name, options));
        opened.add(options);
        setter.setConfig(name, options, configs);
        return store;
    }

    private RocksDB open(Store store, String name) throws RocksDBException {
        RocksDB db = RocksDB.open(store.options, dir.resolve(name).toString());
        opened.add(db);
        return db;
    }

    private record Store(BoundedRocksDbConfig setter, Options options, RecordingTableConfig table) {}

    /** Remembers the cache it was given; RocksJava has no getter for it (Kafka subclasses it the same way). */
    private static final class RecordingTableConfig extends BlockBasedTableConfig {
        Cache cache;

        @Override
        public BlockBasedTableConfig setBlockCache(Cache cache) {
            this.cache = cache;
            return super.setBlockCache(cache);
        }
    }
}
