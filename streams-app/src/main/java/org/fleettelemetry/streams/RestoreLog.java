package org.fleettelemetry.streams;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each store partition's restore from its changelog: how many records in how long (a restore of nothing only at
 * debug). The endpoint stage's store lives in memory only, so every start restores it; an operator sees here what a
 * start costs.
 */
final class RestoreLog implements StateRestoreListener {
    private static final Logger log = LoggerFactory.getLogger(RestoreLog.class);
    private final Map<TopicPartition, Long> started = new ConcurrentHashMap<>();

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
        started.put(partition, System.nanoTime());
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {}

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        Long t0 = started.remove(partition);
        long nanos = t0 == null ? -1 : System.nanoTime() - t0;
        if (totalRestored > 0) {
            log.info(summary(store, partition, totalRestored, nanos));
        } else if (log.isDebugEnabled()) {
            log.debug(summary(store, partition, totalRestored, nanos));
        }
    }

    static String summary(String store, TopicPartition partition, long records, long nanos) {
        return String.format(
                Locale.ROOT,
                "restored %s (%s-%d): %,d records%s",
                store,
                partition.topic(),
                partition.partition(),
                records,
                nanos < 0 ? "" : String.format(Locale.ROOT, " in %.1f s", nanos / 1e9));
    }
}
