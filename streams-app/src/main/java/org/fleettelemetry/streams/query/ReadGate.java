package org.fleettelemetry.streams.query;

import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Lets local store reads run only while Kafka Streams is RUNNING, and makes a rebalance wait for the reads in flight.
 *
 * <p>Why: in Kafka Streams 4.4.0 the interactive-query view of a RocksDB store checks that the store is open without
 * taking the store's lock, so a read racing with the store's close (tasks are closed or recycled when a rebalance
 * starts) reaches a freed RocksDB handle and the JVM dies (SIGSEGV in {@code DBImpl::NewIteratorImpl}; seen in
 * QueryFailoverIT). The state listener runs on the stream thread before it revokes and closes tasks: it takes the
 * write lock, which waits for the reads in flight, and closes the gate; reads that come later are refused (503) until
 * the state is RUNNING again. The fair lock keeps readers from starving the listener.
 */
final class ReadGate {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);
    private volatile KafkaStreams.State state;

    ReadGate(KafkaStreams.State initial) {
        this.state = initial;
    }

    /** Called by the streams state listener, on the thread changing the state. */
    void onStateChange(KafkaStreams.State now) {
        lock.writeLock().lock();
        try {
            state = now;
        } finally {
            lock.writeLock().unlock();
        }
    }

    <T> T read(Supplier<T> read) {
        lock.readLock().lock();
        try {
            if (state != KafkaStreams.State.RUNNING) {
                throw new UnavailableException(
                        "the streams app is " + state + " here; its stores are not read until it runs again");
            }
            return read.get();
        } finally {
            lock.readLock().unlock();
        }
    }
}
