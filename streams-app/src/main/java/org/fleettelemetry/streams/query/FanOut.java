package org.fleettelemetry.streams.query;

import com.fasterxml.jackson.databind.JavaType;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A collection, asked of every instance at once (scatter) and merged by {@link ShareMerge} (gather). Instances that
 * fail, answer late or cannot serve some of their partitions make the answer partial, and say why.
 */
final class FanOut {
    private static final Logger log = LoggerFactory.getLogger(FanOut.class);

    private final KafkaStreams streams;
    private final StoreLayout layout;
    private final LocalCopies here;
    private final Forwarder forwarder;
    private final HostInfo self;
    private final long shareTimeoutMs;
    private final QueryMeters meters;

    FanOut(
            KafkaStreams streams,
            StoreLayout layout,
            LocalCopies here,
            Forwarder forwarder,
            HostInfo self,
            long shareTimeoutMs,
            QueryMeters meters) {
        this.streams = streams;
        this.layout = layout;
        this.here = here;
        this.forwarder = forwarder;
        this.self = self;
        this.shareTimeoutMs = shareTimeoutMs;
        this.meters = meters;
    }

    /** Every instance's share of a collection, merged (see {@link ShareMerge}). */
    <T> Page<T> all(
            ShareOp op,
            Map<String, String> params,
            QueryContext ctx,
            JavaType shareType,
            Function<Slice, List<T>> local,
            Function<T, String> id) {
        Collection<StreamsMetadata> all;
        try {
            all = streams.metadataForAllStreamsClients();
        } catch (InvalidStateStoreException e) {
            throw new UnavailableException("the streams app is not running here (" + streams.state() + ")");
        }
        if (all.isEmpty()) {
            throw new UnavailableException("no streams metadata yet (starting or rebalancing)");
        }
        ShareMerge<T> merge = new ShareMerge<>(op.store(), id);
        Map<String, Future<Share<T>>> remote = new LinkedHashMap<>();
        boolean includesHere = false;
        for (StreamsMetadata md : all) {
            for (TopicPartition tp : md.topicPartitions()) {
                if (layout.holds(op.store(), tp)) {
                    merge.owner(tp.partition(), Forwarder.name(md.hostInfo()));
                }
            }
            if (md.hostInfo().equals(self)) {
                includesHere = true;
            } else {
                remote.put(Forwarder.name(md.hostInfo()), forwarder.share(md.hostInfo(), op, params, ctx, shareType));
            }
        }
        if (includesHere) {
            try {
                merge.add(here.share(op, ctx, local));
            } catch (UnavailableException e) {
                merge.failed(here.self(), e.getMessage());
            }
        }
        await(remote, shareTimeoutMs, merge);
        Page<T> page = merge.page(all.size());
        if (page.partial()) {
            meters.partial();
            log.debug("{} answered partially: {}", op, page.failures());
        }
        return page;
    }

    /**
     * Waits for the other instances' shares, all within one timeout from now; an instance that fails or answers late
     * becomes a failure of the merge, and a late answer is cancelled.
     */
    static <T> void await(Map<String, ? extends Future<Share<T>>> remote, long timeoutMs, ShareMerge<T> merge) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        remote.forEach((name, future) -> {
            try {
                merge.add(future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (TimeoutException e) {
                future.cancel(true);
                merge.failed(name, "did not answer in time");
            } catch (ExecutionException | CompletionException e) {
                Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null
                        ? c.getCause()
                        : e.getCause();
                merge.failed(name, cause == null ? String.valueOf(e) : cause.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                merge.failed(name, "interrupted");
            }
        });
    }
}
