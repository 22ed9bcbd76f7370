package org.fleettelemetry.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.EndpointHeartbeat;
import org.fleettelemetry.streams.StreamsApp;
import org.fleettelemetry.streams.config.StreamsAppConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams app throughput with exactly_once_v2: the events topic is pre-loaded with M realistic events
 * (EventMix: 200 endpoints over 4 sites, through the real parser, written with our serializer) and a
 * heartbeat per endpoint; then one app instance starts (in-process, one stream thread, the app's own
 * defaults) and the clock runs until its consumer group has committed the end offset of every input
 * partition. Kafka's ConsumerPerformance reads the same topic in the same run for comparison.
 */
public final class StreamsThroughputBench {
    private static final Logger log = LoggerFactory.getLogger(StreamsThroughputBench.class);
    private static final int ENDPOINTS = 200;
    private static final int SITES = 4;
    private static final int PARTITIONS = 4;

    private final BenchStack stack;
    private final Path work;
    private final int events;
    private final boolean floor;

    public StreamsThroughputBench(BenchStack stack, Path work, int events) {
        this(stack, work, events, false);
    }

    /** @param floor also time Kafka Streams alone on the same input ({@link StreamsFloor}), bytes and Avro */
    public StreamsThroughputBench(BenchStack stack, Path work, int events, boolean floor) {
        this.stack = stack;
        this.work = work;
        this.events = events;
        this.floor = floor;
    }

    public List<Figure> run(String harnessCommand) throws IOException, InterruptedException {
        StreamsConfigs.Topics topics = StreamsConfigs.Topics.prefixed(stack.topic("bench.streams"));
        stack.createAppTopics(topics, PARTITIONS);
        List<Figure> figures = new ArrayList<>();
        String load = Machine.loadAverage();
        double produceSeconds = preload(topics);
        figures.add(new Figure(
                "pre-load: " + events + " events produced with our serializer",
                events / produceSeconds,
                "events/s",
                "",
                load,
                "KafkaProducer + AvroSerializer, acks=all, lz4, batch 256 KiB, linger 20 ms: " + harnessCommand));

        String appId = "bench-streams-" + System.currentTimeMillis();
        Map<String, String> c =
                StreamsConfigs.of(stack, appId, topics, Files.createDirectories(work.resolve("streams/state")));
        StreamsAppConfig config = StreamsAppConfig.from(c);
        Set<TopicPartition> inputs =
                new HashSet<>(stack.endOffsets(topics.events()).keySet());
        inputs.addAll(stack.endOffsets(topics.heartbeats()).keySet());
        Map<TopicPartition, Long> ends = new java.util.HashMap<>(stack.endOffsets(topics.events()));
        ends.putAll(stack.endOffsets(topics.heartbeats()));

        load = Machine.loadAverage();
        long cpu0 = Machine.processCpuNanos();
        long jit0 = Machine.jitCpuNanos();
        long start = System.nanoTime();
        long running = -1;
        long deadline = start + Duration.ofMinutes(15).toNanos();
        // the warm phase: from the first commit past a quarter of the input to the end, once the JIT has compiled
        // the hot path (a long-running app's state); from RUNNING includes the JIT's first seconds on 2 cores
        long warmFrom = events / 4;
        Warm warm = null;
        long caughtUpAt = 0;
        long cpuAtClose = 0;
        long streamCpuAtClose = 0;
        long jitAtClose = 0;
        StreamsApp app = StreamsApp.start(config);
        try {
            while (true) {
                if (running < 0 && app.streams().state() == KafkaStreams.State.RUNNING) {
                    running = System.nanoTime();
                }
                Map<TopicPartition, OffsetAndMetadata> committed = stack.committed(appId);
                if (warm == null && running >= 0) {
                    long done = committedSum(committed, topics.events());
                    if (done >= warmFrom) {
                        warm = new Warm(
                                System.nanoTime(),
                                done,
                                Machine.processCpuNanos(),
                                Machine.threadCpuNanos(StreamsThroughputBench::isStreamThread),
                                Machine.jitCpuNanos());
                    }
                }
                if (BenchStack.caughtUp(committed, ends)) {
                    // taken before close(): the stream thread ends with it, and closing costs CPU of its own
                    caughtUpAt = System.nanoTime();
                    cpuAtClose = Machine.processCpuNanos();
                    streamCpuAtClose = Machine.threadCpuNanos(StreamsThroughputBench::isStreamThread);
                    jitAtClose = Machine.jitCpuNanos();
                    break;
                }
                if (System.nanoTime() > deadline || app.streams().state() == KafkaStreams.State.ERROR) {
                    throw new IOException("the streams app did not consume everything within 15 min (state "
                            + app.streams().state() + ", committed " + stack.committed(appId) + ", ends " + ends + ")");
                }
                Thread.sleep(100);
            }
        } finally {
            app.close(Duration.ofSeconds(30));
        }
        long done = System.nanoTime();
        double cpuSeconds = (Machine.processCpuNanos() - cpu0) / 1e9;
        long jitNanos = jitAtClose - jit0;
        if (running < 0) {
            running = start;
        }
        double sustained = events / ((done - running) / 1e9);
        String how = "StreamsApp.start (exactly_once_v2, 1 stream thread, app defaults; " + PARTITIONS
                + " input partitions), until committed == end offsets: " + harnessCommand;
        figures.add(new Figure("streams-app, from RUNNING to all committed", sustained, "events/s", "", load, how));
        figures.add(new Figure(
                "streams-app, from start() (incl. start-up, rebalance) to all committed",
                events / ((done - start) / 1e9),
                "events/s",
                "",
                load,
                how));
        figures.add(new Figure(
                "streams-app CPU cost (whole harness JVM, start to all committed)",
                cpuSeconds * 1e6 / events,
                "CPU us/event",
                "",
                load,
                how));
        figures.add(new Figure(
                "JIT compiler threads' CPU during the measure (start to all committed)",
                jitNanos / 1e9,
                "CPU s",
                "",
                load,
                how));
        if (warm != null) {
            long warmEvents = events - warm.committed();
            double warmSeconds = (caughtUpAt - warm.at()) / 1e9;
            String warmHow = "the same run, from the first commit past " + warmFrom + " events to all committed ("
                    + warmEvents + " events): " + harnessCommand;
            figures.add(new Figure(
                    "streams-app, warm (last three quarters of the input)",
                    warmEvents / warmSeconds,
                    "events/s",
                    "",
                    load,
                    warmHow));
            figures.add(new Figure(
                    "streams-app CPU cost, warm (whole harness JVM)",
                    (cpuAtClose - warm.processCpu()) / 1e3 / warmEvents,
                    "CPU us/event",
                    "<= 8",
                    load,
                    warmHow));
            figures.add(new Figure(
                    "stream thread CPU, warm",
                    (streamCpuAtClose - warm.streamThreadCpu()) / 1e3 / warmEvents,
                    "CPU us/event",
                    "",
                    load,
                    warmHow));
            figures.add(new Figure(
                    "JIT compiler threads' CPU, warm phase",
                    (jitAtClose - warm.jitCpu()) / 1e3 / warmEvents,
                    "CPU us/event",
                    "",
                    load,
                    warmHow));
        }
        log.info(
                "streams app: RUNNING after {} s, all committed after {} s; {} alerts, {} dead letters",
                String.format("%.1f", (running - start) / 1e9),
                String.format("%.1f", (done - start) / 1e9),
                stack.endOffsetSum(topics.alerts()),
                stack.endOffsetSum(topics.deadLetter()));

        List<Double> floors = new ArrayList<>();
        if (floor) {
            for (StreamsFloor.Kind kind : StreamsFloor.kinds()) {
                load = Machine.loadAverage();
                StreamsFloor.Result r = StreamsFloor.run(
                        stack, topics, ends, events, Files.createDirectories(work.resolve("streams/floor")), kind);
                String name = kind == StreamsFloor.Kind.BYTES ? "bytes" : "decoded with our Avro deserializer";
                String floorHow =
                        "Kafka Streams alone (exactly_once_v2, 1 stream thread, a processor that does nothing),"
                                + " the same topics, values " + name + ": " + harnessCommand;
                figures.add(new Figure(
                        "Kafka Streams alone, values " + name + ", from RUNNING to all committed",
                        r.eventsPerSecond(),
                        "events/s",
                        "",
                        load,
                        floorHow));
                figures.add(new Figure(
                        "Kafka Streams alone, values " + name + ", CPU per event (stream thread / whole JVM)",
                        r.streamThreadMicrosPerEvent(),
                        "CPU us/event",
                        "",
                        load,
                        String.format(
                                java.util.Locale.ROOT,
                                "stream thread; whole JVM %.2f us/event: %s",
                                r.processMicrosPerEvent(),
                                floorHow)));
                floors.add(r.eventsPerSecond());
            }
        }

        load = Machine.loadAverage();
        KafkaTools.Rate cp = KafkaTools.consumerPerformance(
                stack,
                topics.events(),
                events,
                "bench-consumer-performance-" + System.currentTimeMillis(),
                work.resolve("streams/consumer-performance.log"));
        figures.add(new Figure(
                "ConsumerPerformance, same topic (nMsg.sec)", cp.perSecond(), "rec/s", "", load, cp.command()));
        figures.add(new Figure(
                "ConsumerPerformance, same topic (fetch.nMsg.sec, without the group join)",
                cp.fetchPerSecond(),
                "rec/s",
                "",
                load,
                cp.command()));
        figures.add(Figure.of(
                "ratio streams-app (from RUNNING) / ConsumerPerformance (nMsg.sec)",
                sustained / cp.perSecond(),
                "",
                ">= 0.5",
                "events/s over rec/s"));
        for (int i = 0; i < floors.size(); i++) {
            String name = StreamsFloor.kinds().get(i) == StreamsFloor.Kind.BYTES ? "bytes" : "Avro";
            figures.add(Figure.of(
                    "ratio Kafka Streams alone (" + name + ") / ConsumerPerformance (nMsg.sec)",
                    floors.get(i) / cp.perSecond(),
                    "",
                    "",
                    "events/s over rec/s: the most any topology on Kafka Streams could reach here"));
        }
        return figures;
    }

    /** Where the warm phase starts: time, events committed, process, stream-thread and JIT threads' CPU (ns). */
    private record Warm(long at, long committed, long processCpu, long streamThreadCpu, long jitCpu) {}

    private static boolean isStreamThread(String name) {
        return name.contains("-StreamThread-");
    }

    private static long committedSum(Map<TopicPartition, OffsetAndMetadata> committed, String topic) {
        long sum = 0;
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : committed.entrySet()) {
            if (e.getKey().topic().equals(topic) && e.getValue() != null) {
                sum += e.getValue().offset();
            }
        }
        return sum;
    }

    private double preload(StreamsConfigs.Topics topics) throws IOException {
        LocalDateTime start = LocalDateTime.now(ZoneOffset.UTC).minusMinutes(30);
        EventMix mix = new EventMix(ENDPOINTS, SITES, 11L, start, ZoneId.of("UTC"));
        long t0 = System.nanoTime();
        AtomicReference<Exception> failed = new AtomicReference<>();
        Callback check = (metadata, e) -> {
            if (e != null) {
                failed.compareAndSet(null, e);
            }
        };
        try (KafkaProducer<String, SpecificRecord> producer = Clients.producer(stack)) {
            Set<String> beaten = new HashSet<>();
            for (int i = 0; i < events; i++) {
                EndpointEvent event = mix.next();
                if (beaten.add(event.getEndpointId())) {
                    producer.send(
                            new ProducerRecord<>(topics.heartbeats(), event.getEndpointId(), heartbeat(event)), check);
                }
                producer.send(new ProducerRecord<>(topics.events(), event.getEndpointId(), event), check);
            }
            producer.flush();
        }
        if (failed.get() != null) {
            throw new IOException("pre-load failed", failed.get());
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static EndpointHeartbeat heartbeat(EndpointEvent event) {
        return EndpointHeartbeat.newBuilder()
                .setEndpointId(event.getEndpointId())
                .setSite(event.getSite())
                .setProxy(event.getProxy())
                .setProduct(event.getProduct())
                .setCollectorVersion("bench")
                .setTimestamp(event.getTimestamp())
                .setLinesSinceLast(0)
                .setFailuresSinceLast(0)
                .setSpoolBytes(0)
                .build();
    }
}
