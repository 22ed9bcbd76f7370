package org.fleettelemetry.streams.query;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.fleettelemetry.schemas.avro.AlertAction;
import org.fleettelemetry.schemas.serde.AvroDeserializer;
import org.fleettelemetry.streams.topology.StoreNames;

/**
 * The latest actions from this instance's copy of the global actions store (every instance has all of them), the
 * history from the topic itself: a short-lived consumer seeks to {@code from} by timestamp and reads to the end.
 */
public final class StoreActionReads implements ActionReads {
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration HISTORY_DEADLINE = Duration.ofSeconds(10);
    /** Kafka unreachable: answer 503 well within a client's patience. */
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(4);

    private final KafkaStreams streams;
    private final Map<String, Object> consumerConfig;
    private final Map<String, ?> serdeConfig;
    private final String topic;

    public StoreActionReads(
            KafkaStreams streams, Properties clientProperties, Map<String, ?> serdeConfig, String topic) {
        this.streams = streams;
        this.serdeConfig = serdeConfig;
        this.topic = topic;
        Map<String, Object> c = new HashMap<>();
        clientProperties.forEach((k, v) -> {
            if (ConsumerConfig.configNames().contains(k.toString())) {
                c.put(k.toString(), v);
            }
        });
        c.remove(ConsumerConfig.GROUP_ID_CONFIG);
        c.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "fleet-audit");
        this.consumerConfig = Map.copyOf(c);
    }

    private ReadOnlyKeyValueStore<String, AlertAction> store() {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(
                    StoreNames.ALERT_ACTIONS, QueryableStoreTypes.<String, AlertAction>keyValueStore()));
        } catch (InvalidStateStoreException e) {
            throw new UnavailableException("the actions are not readable yet (the app is starting)");
        }
    }

    @Override
    public List<AlertAction> latest(String prefix) {
        List<AlertAction> all = new ArrayList<>();
        try (KeyValueIterator<String, AlertAction> it = store().prefixScan(prefix, new StringSerializer())) {
            it.forEachRemaining(kv -> all.add(kv.value));
        }
        return all;
    }

    @Override
    public AlertAction latest(String prefix, String id) {
        return store().get(prefix + id);
    }

    @Override
    public List<AlertAction> history(Instant from, Instant to, int limit) {
        AvroDeserializer<AlertAction> values = AvroDeserializer.specific(AlertAction.class);
        values.configure(serdeConfig, false);
        List<AlertAction> found = new ArrayList<>();
        try (KafkaConsumer<String, AlertAction> consumer =
                new KafkaConsumer<>(consumerConfig, new StringDeserializer(), values)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(topic, METADATA_TIMEOUT)) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, METADATA_TIMEOUT);
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(tp -> query.put(tp, from.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> start = consumer.offsetsForTimes(query, METADATA_TIMEOUT);
            for (TopicPartition tp : partitions) {
                OffsetAndTimestamp o = start.get(tp);
                consumer.seek(tp, o == null ? end.get(tp) : o.offset());
            }
            long deadline = System.nanoTime() + HISTORY_DEADLINE.toNanos();
            while (!reachedEnd(consumer, end) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, AlertAction> r : consumer.poll(POLL)) {
                    AlertAction a = r.value();
                    if (a != null && !a.getAt().isBefore(from) && a.getAt().isBefore(to)) {
                        found.add(a);
                    }
                }
            }
            if (!reachedEnd(consumer, end)) {
                throw new UnavailableException("the actions topic could not be read to its end in time");
            }
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new UnavailableException(
                    "the actions topic cannot be read now: " + e.getClass().getSimpleName());
        }
        found.sort(java.util.Comparator.comparing(AlertAction::getAt));
        return found.size() > limit ? List.copyOf(found.subList(0, limit)) : found;
    }

    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
