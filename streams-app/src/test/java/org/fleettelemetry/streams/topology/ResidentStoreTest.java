package org.fleettelemetry.streams.topology;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateRestoreCallback;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;
import org.fleettelemetry.streams.domain.EndpointRecord;
import org.fleettelemetry.streams.serde.EndpointRecordCodec;
import org.junit.jupiter.api.Test;

/**
 * The endpoint stage's resident store: every value held once, as an object; the changelog gets each changed one at a
 * flush and the store below keeps none of them; what comes from the changelog (restore, standby) replaces the object
 * and is read back; iteration sees both; a cache cleared by Kafka (a recycled task) loses nothing.
 */
class ResidentStoreTest {

    /** The store under test, over a stand-in for Kafka's metered and logging layers that records the changelog. */
    private static final class Fixture {
        final ResidentBytesStore bytes = new ResidentBytesStore("values");
        final LoggingLayer logging = new LoggingLayer(bytes);
        final ObjectCachingStore<String> store = new ObjectCachingStore<>(
                logging, bytes, Serdes.String(), Serdes.String().serializer());
        StateRestoreCallback restore;

        Fixture() {
            StateStoreContext context = (StateStoreContext) Proxy.newProxyInstance(
                    StateStoreContext.class.getClassLoader(), new Class<?>[] {StateStoreContext.class}, (p, m, a) -> {
                        if (m.getName().equals("register")) {
                            restore = (StateRestoreCallback) a[1];
                            return null;
                        }
                        throw new UnsupportedOperationException(m.getName());
                    });
            store.init(context, store);
        }

        void restored(String key, String value) {
            restore.restore(key.getBytes(UTF_8), value == null ? null : value.getBytes(UTF_8));
        }
    }

    /** Encodes as Kafka's metered layer does and records what Kafka's logging layer would send. */
    private static final class LoggingLayer extends WrappedStateStore<ResidentBytesStore, String, String>
            implements KeyValueStore<String, String> {
        final List<KeyValue<String, String>> changelog = new ArrayList<>();

        LoggingLayer(ResidentBytesStore inner) {
            super(inner);
        }

        private static Bytes key(String k) {
            return Bytes.wrap(k.getBytes(UTF_8));
        }

        private static String text(byte[] b) {
            return b == null ? null : new String(b, UTF_8);
        }

        @Override
        public void put(String key, String value) {
            wrapped().put(key(key), value.getBytes(UTF_8));
            changelog.add(KeyValue.pair(key, value));
        }

        @Override
        public String putIfAbsent(String key, String value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void putAll(List<KeyValue<String, String>> entries) {
            entries.forEach(e -> put(e.key, e.value));
        }

        @Override
        public String delete(String key) {
            changelog.add(KeyValue.pair(key, null));
            return text(wrapped().delete(key(key)));
        }

        @Override
        public String get(String key) {
            return text(wrapped().get(key(key)));
        }

        @Override
        public KeyValueIterator<String, String> range(String from, String to) {
            throw new UnsupportedOperationException();
        }

        @Override
        public KeyValueIterator<String, String> all() {
            List<KeyValue<String, String>> list = new ArrayList<>();
            try (KeyValueIterator<Bytes, byte[]> it = wrapped().all()) {
                it.forEachRemaining(kv -> list.add(KeyValue.pair(text(kv.key.get()), text(kv.value))));
            }
            return new ListKeyValueIterator<>(list);
        }

        @Override
        public long approximateNumEntries() {
            return wrapped().approximateNumEntries();
        }
    }

    @Test
    void shouldHoldEachValueOnceAndSendEachChangedOneToTheChangelogAtTheFlush() {
        Fixture f = new Fixture();
        f.store.put("a", "a1");
        f.store.put("b", "b1");
        f.store.put("a", "a2");
        assertThat(f.logging.changelog).as("nothing before the flush").isEmpty();

        f.store.flush();
        assertThat(f.logging.changelog).containsExactly(KeyValue.pair("a", "a2"), KeyValue.pair("b", "b1"));
        assertThat(f.bytes.approximateNumEntries()).as("no second copy below").isZero();
        assertThat(f.store.get("a")).isEqualTo("a2");

        f.store.delete("b");
        f.store.flush();
        assertThat(f.logging.changelog).last().isEqualTo(KeyValue.pair("b", null));
        assertThat(f.store.get("b")).isNull();
    }

    @Test
    void shouldReadRestoredValuesAndLetARestoredRecordReplaceTheObjectItHeld() {
        Fixture f = new Fixture();
        f.store.put("a", "a-object");
        f.store.flush();

        f.restored("a", "a-restored");
        f.restored("b", "b-restored");
        f.restored("c", "c-restored");
        f.restored("c", null);

        assertThat(f.store.get("a"))
                .as("a changelog record is newer than the object")
                .isEqualTo("a-restored");
        assertThat(f.store.get("b")).isEqualTo("b-restored");
        assertThat(f.store.get("c")).as("a tombstone").isNull();
        assertThat(f.bytes.approximateNumEntries())
                .as("read values are held as objects only")
                .isZero();
    }

    @Test
    void shouldIterateObjectsAndRestoredValuesInKeyOrder() {
        Fixture f = new Fixture();
        f.restored("pc-2", "two");
        f.restored("pc-0", "zero");
        f.store.put("pc-1", "one");
        f.store.put("pc-3", "three");

        assertThat(ObjectCachingStoreUnitTest.entries(f.store.all()))
                .containsExactly("pc-0=zero", "pc-1=one", "pc-2=two", "pc-3=three");
        assertThat(f.bytes.approximateNumEntries()).as("all loaded as objects").isZero();
        assertThat(ObjectCachingStoreUnitTest.entries(f.store.range("pc-1", "pc-2")))
                .containsExactly("pc-1=one", "pc-2=two");
        assertThat(ObjectCachingStoreUnitTest.entries(f.store.reverseAll()))
                .containsExactly("pc-3=three", "pc-2=two", "pc-1=one", "pc-0=zero");
        assertThat(f.store.approximateNumEntries()).isEqualTo(4);
    }

    @Test
    void shouldKeepEveryValueWhenKafkaClearsTheCacheOfARecycledTask() {
        Fixture f = new Fixture();
        f.store.put("a", "a1");
        f.store.put("b", "b1");
        f.store.flush();
        int sent = f.logging.changelog.size();

        f.store.clearCache();
        assertThat(f.store.get("a")).isEqualTo("a1");
        assertThat(ObjectCachingStoreUnitTest.entries(f.store.all())).containsExactly("a=a1", "b=b1");
        assertThat(f.logging.changelog).as("handing values down sends nothing").hasSize(sent);
    }

    @Test
    void shouldRefuseToRunWithoutItsChangelogOrOverAnotherStore() {
        assertThatThrownBy(() -> ObjectCachingStore.resident("values", Serdes.String(), EndpointRecordCodec.SERDE)
                        .withLoggingDisabled())
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("changelog");
        assertThatThrownBy(() -> ObjectCachingStore.resident("values", Serdes.String(), EndpointRecordCodec.SERDE)
                        .withCachingEnabled())
                .isInstanceOf(UnsupportedOperationException.class);

        KeyValueStore<String, EndpointRecord> built = ObjectCachingStore.resident(
                        "values", Serdes.String(), EndpointRecordCodec.SERDE)
                .build();
        StateStore innermost = built;
        while (innermost instanceof WrappedStateStore<?, ?, ?> w) {
            innermost = w.wrapped();
        }
        assertThat(innermost).isInstanceOf(ResidentBytesStore.class);
        assertThat(built.persistent())
                .as("restored from the changelog at each start")
                .isFalse();

        ResidentBytesStore alone = new ResidentBytesStore("values");
        assertThatThrownBy(() -> alone.init(null, alone))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("only under its object store");
    }
}
