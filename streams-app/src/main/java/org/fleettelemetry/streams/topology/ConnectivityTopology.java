package org.fleettelemetry.streams.topology;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.fleettelemetry.schemas.avro.AlertAction;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.EndpointHeartbeat;
import org.fleettelemetry.schemas.serde.AvroSerde;
import org.fleettelemetry.schemas.serde.SchemaHistory;
import org.fleettelemetry.streams.domain.FleetState;
import org.fleettelemetry.streams.domain.SiteState;
import org.fleettelemetry.streams.serde.AvroBinarySerde;
import org.fleettelemetry.streams.serde.EndpointEventReader;
import org.fleettelemetry.streams.serde.EndpointRecordCodec;
import org.fleettelemetry.streams.serde.EndpointTrackCodec;
import org.fleettelemetry.streams.serde.FailureWindowCodec;
import org.fleettelemetry.streams.serde.JsonSerde;

/**
 * The app's topology, a pure function of its parameters: events and heartbeats (keyed by endpoint) ->
 * endpoint stage (dedup, endpoint status and track, failure sums) -> one repartition by site, carrying changes
 * and sums, not events -> site stage (tracks, failure windows, site outage rules) -> one repartition to a single
 * fleet key -> fleet stage (fleet outages, inhibition, group wait; silences and acknowledgements from the global
 * actions store) -> alerts (keyed by alert id). Every store and internal topic is named.
 */
public final class ConnectivityTopology {
    private ConnectivityTopology() {}

    /**
     * @param serdeConfig registry settings for the Avro topics ({@code schema.registry.url} and friends),
     *     given to the serdes, never mutated
     */
    public static Topology build(TopologyParams params, Map<String, ?> serdeConfig) {
        StreamsBuilder builder = namingEnforcingBuilder();
        // the events' own layout decoded by hand (the hot path), every other version by Avro's resolving reader
        AvroSerde<EndpointEvent> events = AvroSerde.specific(EndpointEvent.class, new EndpointEventReader());
        events.configure(serdeConfig, false);
        Serde<EndpointHeartbeat> heartbeats = avro(EndpointHeartbeat.class, serdeConfig);
        Serde<ConnectivityAlert> alerts = avro(ConnectivityAlert.class, serdeConfig);
        Serde<AlertAction> actions = avro(AlertAction.class, serdeConfig);
        Serde<String> keys = Serdes.String();

        builder.addStateStore(storeBuilders(params).endpointState())
                .addStateStore(storeBuilders(params).endpointStageMeta())
                .addStateStore(storeBuilders(params).siteState())
                .addStateStore(storeBuilders(params).siteEndpoints())
                .addStateStore(storeBuilders(params).failureWindows())
                .addStateStore(storeBuilders(params).fleetState())
                .addStateStore(storeBuilders(params).openAlerts());

        KStream<String, SpecificRecord> eventStream = builder.stream(
                        params.eventsTopic(),
                        Consumed.with(keys, events)
                                .withTimestampExtractor(new EventTimeExtractor())
                                .withName("events-source"))
                .mapValues(v -> (SpecificRecord) v, Named.as("events-as-records"));
        KStream<String, SpecificRecord> beatStream = builder.stream(
                        params.heartbeatsTopic(),
                        Consumed.with(keys, heartbeats)
                                .withTimestampExtractor(new EventTimeExtractor())
                                .withName("heartbeats-source"))
                .mapValues(v -> (SpecificRecord) v, Named.as("heartbeats-as-records"));

        eventStream
                .merge(beatStream, Named.as("endpoint-signals"))
                .process(
                        () -> new EndpointStage(params),
                        Named.as("endpoint-stage"),
                        StoreNames.ENDPOINT_STATE,
                        StoreNames.ENDPOINT_STAGE_META)
                .repartition(Repartitioned.<String, SiteSignal>as(InternalTopics.BY_SITE)
                        .withKeySerde(keys)
                        .withValueSerde(SiteSignalCodec.SERDE))
                .process(
                        () -> new SiteStage(params),
                        Named.as("site-stage"),
                        StoreNames.SITE_STATE,
                        StoreNames.SITE_ENDPOINTS,
                        StoreNames.FAILURE_WINDOWS)
                .repartition(Repartitioned.<String, FleetSignal>as(InternalTopics.TO_FLEET)
                        .withKeySerde(keys)
                        .withValueSerde(JsonSerde.of(FleetSignal.class))
                        .withNumberOfPartitions(1))
                .process(
                        () -> new FleetStage(params),
                        Named.as("fleet-stage"),
                        StoreNames.FLEET_STATE,
                        StoreNames.OPEN_ALERTS)
                .to(params.alertsTopic(), Produced.with(keys, alerts).withName("alerts-sink"));

        // added last, so the sub-topologies keep their numbers (task ids, state directories) across the upgrade;
        // every instance reads all the actions: the fleet stage applies them wherever its task runs, and any
        // instance answers the silences API
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.ALERT_ACTIONS), keys, actions)
                        .withLoggingDisabled(),
                params.actionsTopic(),
                Consumed.with(keys, actions).withName("actions-source"),
                ActionStoreUpdater::new);
        return builder.build();
    }

    /**
     * A builder whose {@code build()} throws a TopologyException when a store, changelog or repartition topic is left
     * to a generated name. Kafka reads {@code ensure.explicit.internal.resource.naming} from the builder's own
     * TopologyConfig when the topology is built; the same key in the app's properties arrives only after that, so it
     * checks nothing. The placeholder id and address reach no client: KafkaStreams (and TopologyTestDriver) replace
     * this config with the app's own, keeping only topology overrides, of which there are none.
     */
    static StreamsBuilder namingEnforcingBuilder() {
        Map<String, Object> naming = Map.of(
                StreamsConfig.APPLICATION_ID_CONFIG, "fleet-topology-build",
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092",
                StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        return new StreamsBuilder(new TopologyConfig(new QuietStreamsConfig(naming)));
    }

    /** Does not log its values: they are placeholders, and the app logs its real config itself. */
    private static final class QuietStreamsConfig extends StreamsConfig {
        QuietStreamsConfig(Map<?, ?> props) {
            super(props, false);
        }
    }

    private static <T extends SpecificRecord> Serde<T> avro(Class<T> type, Map<String, ?> serdeConfig) {
        AvroSerde<T> serde = AvroSerde.specific(type);
        serde.configure(serdeConfig, false);
        return serde;
    }

    static StoreSet storeBuilders(TopologyParams params) {
        return new StoreSet(params);
    }

    /**
     * The stores, logged, so an instance's loss is a restore, not a data loss; persistent (RocksDB) but the endpoint
     * stage's values, which live in memory.
     */
    record StoreSet(TopologyParams params) {
        /** Site states held as objects per instance: a few kilobytes each (see SiteState). */
        static final int SITE_STATE_OBJECTS = 1024;

        /**
         * Values kept as objects, encoded once per commit (the endpoint stage writes one with every event), and held
         * only as objects: in memory, restored from the changelog at each start (ObjectCachingStore.resident). In a
         * storm every event changes another endpoint, so each was also a RocksDB write that nothing read back: a fifth
         * of the stream thread (async-profiler, 2026-12-07).
         */
        StoreBuilder<?> endpointState() {
            return ObjectCachingStore.resident(StoreNames.ENDPOINT_STATE, Serdes.String(), EndpointRecordCodec.SERDE);
        }

        StoreBuilder<?> endpointStageMeta() {
            return kv(StoreNames.ENDPOINT_STAGE_META, Serdes.Long());
        }

        /**
         * The sites' states kept as the objects the site rules change, encoded once per commit: through Kafka's record
         * cache every evaluation (once a second per busy site in a storm) decoded the site's state from JSON and
         * encoded it again. The query API reads the last flushed copy (ObjectCachingStore). Past {@link
         * #SITE_STATE_OBJECTS} sites on one instance the least recently evaluated is written through and dropped.
         */
        StoreBuilder<?> siteState() {
            return ObjectCachingStore.builder(
                    Stores.keyValueStoreBuilder(
                            Stores.persistentKeyValueStore(StoreNames.SITE_STATE),
                            Serdes.String(),
                            JsonSerde.of(SiteState.class)),
                    SITE_STATE_OBJECTS);
        }

        /**
         * Not cached: the site stage keeps every track of its sites in memory and reads this store only to restore,
         * and it writes an endpoint's track at most once per track flush (200 ms), so within a 100 ms commit there
         * is nothing to coalesce. Kafka's record cache held about 49,000 tracks here for nothing (17 MiB of heap
         * with 100,000 endpoints: a class histogram of the streams-rss measure).
         */
        StoreBuilder<?> siteEndpoints() {
            return Stores.keyValueStoreBuilder(
                    Stores.persistentKeyValueStore(StoreNames.SITE_ENDPOINTS),
                    Serdes.String(),
                    EndpointTrackCodec.SERDE);
        }

        StoreBuilder<?> failureWindows() {
            return Stores.windowStoreBuilder(
                            Stores.persistentWindowStore(
                                    StoreNames.FAILURE_WINDOWS, params.windowRetention(), params.windowSize(), false),
                            Serdes.String(),
                            FailureWindowCodec.SERDE)
                    .withCachingEnabled();
        }

        /**
         * The one fleet state, kept as the object the fleet stage changes and encoded once per commit: through Kafka's
         * record cache it was decoded and encoded as JSON with every signal from a site (7 % of the stream thread in
         * the storm: async-profiler, 2026-12-07). The query API reads the last flushed copy (ObjectCachingStore).
         */
        StoreBuilder<?> fleetState() {
            return ObjectCachingStore.builder(
                    Stores.keyValueStoreBuilder(
                            Stores.persistentKeyValueStore(StoreNames.FLEET_STATE),
                            Serdes.String(),
                            JsonSerde.of(FleetState.class)),
                    1);
        }

        StoreBuilder<?> openAlerts() {
            // the decoder knows the earlier alert schemas: the store holds what the previous version wrote
            return kv(
                    StoreNames.OPEN_ALERTS,
                    new AvroBinarySerde<>(ConnectivityAlert::toByteBuffer, SchemaHistory::decodeAlert));
        }

        /** Cached: a key written many times per commit interval goes to RocksDB and the changelog once. */
        private static <V> StoreBuilder<?> kv(String name, Serde<V> values) {
            return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values)
                    .withCachingEnabled();
        }
    }
}
