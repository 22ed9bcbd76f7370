package org.fleettelemetry.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The cache alone, over an in-memory store: what reaches the inner store (and so the changelog) at a flush is the
 * newest value of each key changed since, nothing deleted, and an evicted value once.
 */
class ObjectCachingStoreUnitTest {

    private static ObjectCachingStore<String> store(int capacity, KeyValueStore<String, String> inner) {
        ObjectCachingStore<String> cache = new ObjectCachingStore<>(inner, capacity);
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        cache.init(context.getStateStoreContext(), cache);
        return cache;
    }

    private static KeyValueStore<String, String> inner() {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("values"), Serdes.String(), Serdes.String())
                .withLoggingDisabled()
                .withCachingDisabled()
                .build();
    }

    @Test
    void shouldWriteTheNewestValueOfEachChangedKeyAtTheFlushOnly() {
        KeyValueStore<String, String> inner = inner();
        ObjectCachingStore<String> cache = store(10, inner);
        cache.put("a", "a1");
        cache.put("b", "b1");
        cache.put("a", "a2");

        assertThat(inner.get("a")).as("nothing before the flush").isNull();
        assertThat(cache.get("a")).isEqualTo("a2");
        cache.flush();
        assertThat(inner.get("a")).isEqualTo("a2");
        assertThat(inner.get("b")).isEqualTo("b1");

        cache.put("b", "b2");
        cache.flush();
        assertThat(inner.get("b")).isEqualTo("b2");
    }

    @Test
    void shouldNotWriteBackAValueDeletedBeforeTheFlush() {
        KeyValueStore<String, String> inner = inner();
        ObjectCachingStore<String> cache = store(10, inner);
        cache.put("a", "a1");
        cache.flush();
        cache.put("a", "a2");
        cache.delete("a");
        cache.flush();

        assertThat(inner.get("a")).isNull();
        assertThat(cache.get("a")).isNull();

        cache.put("a", "a3");
        cache.flush();
        assertThat(inner.get("a")).as("a key written again after its delete").isEqualTo("a3");
    }

    @Test
    void shouldWriteAnEvictedValueThroughAndKeepTheOthersForTheFlush() {
        KeyValueStore<String, String> inner = inner();
        ObjectCachingStore<String> cache = store(2, inner);
        cache.put("a", "a1");
        cache.put("b", "b1");
        cache.put("c", "c1");

        assertThat(inner.get("a")).as("the least recently used, evicted").isEqualTo("a1");
        assertThat(inner.get("b")).isNull();
        inner.put("a", "changed behind the cache");
        cache.flush();
        assertThat(inner.get("a")).as("an evicted value is not written again").isEqualTo("changed behind the cache");
        assertThat(inner.get("b")).isEqualTo("b1");
        assertThat(inner.get("c")).isEqualTo("c1");
        assertThat(cache.get("a")).as("read back from the inner store").isEqualTo("changed behind the cache");
    }
}
