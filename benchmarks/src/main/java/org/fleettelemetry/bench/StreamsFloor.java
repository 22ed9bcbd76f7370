package org.fleettelemetry.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.EndpointHeartbeat;
import org.fleettelemetry.schemas.serde.AvroSerde;

/**
 * What Kafka Streams itself costs on this machine, without our topology: the same input topics read by one stream
 * thread with exactly_once_v2 and a processor that does nothing, as bytes ({@link Kind#BYTES}) or decoded with our
 * Avro deserializer ({@link Kind#AVRO}). Timed like the app, from RUNNING until the group has committed every end
 * offset. No topology on Kafka Streams can take its input faster than this, so it bounds the streams measure's ratio
 * to ConsumerPerformance.
 */
final class StreamsFloor {
    enum Kind {
        BYTES,
        AVRO
    }

    record Result(double eventsPerSecond, double streamThreadMicrosPerEvent, double processMicrosPerEvent) {}

    private StreamsFloor() {}

    static Result run(
            BenchStack stack,
            StreamsConfigs.Topics topics,
            Map<TopicPartition, Long> ends,
            long events,
            Path stateDir,
            Kind kind)
            throws IOException, InterruptedException {
        String appId =
                "bench-floor-" + kind.name().toLowerCase(java.util.Locale.ROOT) + "-" + System.currentTimeMillis();
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrap());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        Serde<?> eventValues;
        Serde<?> beats;
        if (kind == Kind.AVRO) {
            Map<String, String> registry =
                    Map.of("schema.registry.url", stack.registry().ccompat());
            AvroSerde<EndpointEvent> e = AvroSerde.specific(EndpointEvent.class);
            e.configure(registry, false);
            AvroSerde<EndpointHeartbeat> h = AvroSerde.specific(EndpointHeartbeat.class);
            h.configure(registry, false);
            eventValues = e;
            beats = h;
        } else {
            eventValues = Serdes.ByteArray();
            beats = Serdes.ByteArray();
        }
        Topology topology = new Topology();
        topology.addSource("events", Serdes.String().deserializer(), eventValues.deserializer(), topics.events());
        topology.addSource("beats", Serdes.String().deserializer(), beats.deserializer(), topics.heartbeats());
        topology.addProcessor(
                "nothing",
                () -> new Processor<String, Object, Void, Void>() {
                    @Override
                    public void process(Record<String, Object> record) {
                        // nothing: the source has read and deserialized the record, which is what is measured
                    }
                },
                "events",
                "beats");
        long cpu0 = Machine.processCpuNanos();
        long start = System.nanoTime();
        long running = -1;
        long deadline = start + Duration.ofMinutes(10).toNanos();
        long streamCpu;
        long cpu;
        long caughtUp;
        try (KafkaStreams streams = new KafkaStreams(topology, p)) {
            streams.start();
            while (true) {
                if (running < 0 && streams.state() == KafkaStreams.State.RUNNING) {
                    running = System.nanoTime();
                }
                if (BenchStack.caughtUp(stack.committed(appId), ends)) {
                    caughtUp = System.nanoTime();
                    streamCpu = Machine.threadCpuNanos(name -> name.contains(appId) && name.contains("StreamThread"));
                    cpu = Machine.processCpuNanos() - cpu0;
                    break;
                }
                if (System.nanoTime() > deadline || streams.state() == KafkaStreams.State.ERROR) {
                    throw new IOException("Kafka Streams (" + kind + ") did not consume everything within 10 min");
                }
                Thread.sleep(100);
            }
            streams.close(Duration.ofSeconds(30));
        }
        if (running < 0) {
            running = start;
        }
        return new Result(events / ((caughtUp - running) / 1e9), streamCpu / 1e3 / events, cpu / 1e3 / events);
    }

    static List<Kind> kinds() {
        return List.of(Kind.BYTES, Kind.AVRO);
    }
}
