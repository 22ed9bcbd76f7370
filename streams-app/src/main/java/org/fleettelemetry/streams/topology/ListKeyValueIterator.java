package org.fleettelemetry.streams.topology;

import java.util.List;
import java.util.NoSuchElementException;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;

/** A KeyValueIterator over a list the caller built (a snapshot: later writes to the store do not show). */
final class ListKeyValueIterator<K, V> implements KeyValueIterator<K, V> {
    private final List<KeyValue<K, V>> list;
    private int next;

    ListKeyValueIterator(List<KeyValue<K, V>> list) {
        this.list = list;
    }

    @Override
    public boolean hasNext() {
        return next < list.size();
    }

    @Override
    public KeyValue<K, V> next() {
        if (next >= list.size()) {
            throw new NoSuchElementException();
        }
        return list.get(next++);
    }

    @Override
    public K peekNextKey() {
        if (next >= list.size()) {
            throw new NoSuchElementException();
        }
        return list.get(next).key;
    }

    @Override
    public void close() {}
}
