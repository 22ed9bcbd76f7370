package org.fleettelemetry.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
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

    private static <T> T onOtherThread(Callable<T> read) throws Exception {
        FutureTask<T> task = new FutureTask<>(read);
        Thread t = new Thread(task, "query-api-reader");
        t.start();
        return task.get(10, TimeUnit.SECONDS);
    }

    /** The iterator's entries as "key=value", closing it. */
    static List<String> entries(KeyValueIterator<String, String> it) {
        List<String> out = new ArrayList<>();
        try (it) {
            it.forEachRemaining(kv -> out.add(kv.key + "=" + kv.value));
        }
        return out;
    }

    @Test
    void shouldGiveOtherThreadsTheLastFlushedValuesAndNeverWriteThroughForThem() throws Exception {
        KeyValueStore<String, String> inner = inner();
        ObjectCachingStore<String> cache = store(10, inner);
        cache.put("a", "a1");

        assertThat(onOtherThread(() -> cache.get("a"))).as("not flushed yet").isNull();
        assertThat(onOtherThread(() -> entries(cache.all()))).isEmpty();
        assertThat(inner.get("a")).as("a reader's range did not write through").isNull();

        cache.flush();
        cache.put("a", "a2");
        assertThat(onOtherThread(() -> cache.get("a")))
                .as("the last flushed value")
                .isEqualTo("a1");
        assertThat(onOtherThread(() -> entries(cache.all()))).containsExactly("a=a1");
        assertThat(cache.get("a")).as("the writer sees its own object").isEqualTo("a2");
        assertThat(entries(cache.all()))
                .as("the writer's range writes through first")
                .containsExactly("a=a2");
    }
}
