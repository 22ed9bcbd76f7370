package org.fleettelemetry.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.fleettelemetry.stack.ChildJvm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streams app's memory with the state of many endpoints: the runnable jar as a child JVM (as deployed, with the
 * heap the demo gives it), fed a heartbeat and a healthy contact per endpoint ({@code endpoints} of them over sites of
 * 100), then a failure for one endpoint in ten (and with {@link #probing} a probe result each, failed where the
 * endpoint fails); its RSS is read once it has committed every input offset, and again
 * after a quiet minute's worth of punctuations; its CPU over that hold is what an idle instance holding the state
 * spends.
 */
public final class StreamsRssBench {
    private static final Logger log = LoggerFactory.getLogger(StreamsRssBench.class);
    private static final int PER_SITE = 100;
    /** The flags the RSS target was stated against (a 512 MiB heap and G1); {@code --streams-rss-jvm} overrides. */
    static final List<String> DEFAULT_JVM = List.of("-Xmx512m", "-XX:+UseG1GC");

    private final BenchStack stack;
    private final Path work;
    private final Path streamsJar;
    private final int endpoints;
    private final List<String> jvm;
    private final int holdSeconds;
    private boolean probing;

    public StreamsRssBench(BenchStack stack, Path work, Path streamsJar, int endpoints) {
        this(stack, work, streamsJar, endpoints, DEFAULT_JVM);
    }

    public StreamsRssBench(BenchStack stack, Path work, Path streamsJar, int endpoints, List<String> jvm) {
        this(stack, work, streamsJar, endpoints, jvm, 30);
    }

    /** @param holdSeconds how long after the last input offset is committed the RSS is watched (the target: 600) */
    public StreamsRssBench(
            BenchStack stack, Path work, Path streamsJar, int endpoints, List<String> jvm, int holdSeconds) {
        this.holdSeconds = holdSeconds;
        this.stack = stack;
        this.work = work;
        this.streamsJar = streamsJar;
        this.endpoints = endpoints;
        this.jvm = List.copyOf(jvm);
    }

    /** Each endpoint also sends an active probe's result (#18): the state then holds every endpoint's latest probe. */
    public StreamsRssBench probing(boolean probing) {
        this.probing = probing;
        return this;
    }

    public List<Figure> run() throws IOException, InterruptedException {
        if (!Files.isRegularFile(streamsJar)) {
            throw new IOException(streamsJar + " is missing: build it with ./mvnw -DskipTests package");
        }
        StreamsConfigs.Topics topics = StreamsConfigs.Topics.prefixed(stack.topic("bench.srss"));
        stack.createAppTopics(topics, 4);
        Path dir = Files.createDirectories(work.resolve("streams-rss"));
        String appId = "bench-srss-" + System.currentTimeMillis();
        Map<String, String> c = StreamsConfigs.of(stack, appId, topics, dir.resolve("state"));
        List<String> args =
                new ArrayList<>(List.of("-jar", streamsJar.toAbsolutePath().toString(), "run"));
        c.forEach((k, v) -> {
            args.add("--set");
            args.add(k + "=" + v);
        });
        String command = "java " + String.join(" ", jvm) + " -jar " + streamsJar + " run --set ... (" + endpoints
                + " endpoints in sites of " + PER_SITE + (probing ? ", each with a probe result" : "") + ")";
        ChildJvm app = ChildJvm.start("streams-app", jvm, args, dir.resolve("streams-app.log"), dir);
        List<Figure> figures = new ArrayList<>();
        try {
            Map<TopicPartition, Long> ends = feed(topics);
            String load = Machine.loadAverage();
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (!stack.caughtUp(appId, ends)) {
                if (!app.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException(
                            "the app did not consume the " + endpoints + " endpoints' records within 10 min"
                                    + (app.isAlive() ? "" : " (it exited)") + ":\n" + app.tail(30));
                }
                Thread.sleep(500);
            }
            long rss = app.rssKib().orElseThrow(() -> new IOException("no RSS for " + app));
            figures.add(new Figure(
                    "streams-app RSS, " + endpoints + " endpoints of state, all input committed",
                    rss / 1024.0,
                    "MiB",
                    "",
                    load,
                    command));
            // punctuations evaluate every site meanwhile; the RSS is read every 5 s, and its highest reading kept, of
            // the whole hold and of each minute (logged, so that a peak can be placed in time)
            long max = rss;
            long ticksAtStart = ProcStat.cpuTicks(app.pid());
            long start = System.nanoTime();
            long until = start + Duration.ofSeconds(holdSeconds).toNanos();
            long later = rss;
            List<Long> perMinute = new ArrayList<>();
            while (System.nanoTime() < until) {
                Thread.sleep(Math.min(5_000, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
                later = app.rssKib().orElseThrow(() -> new IOException("no RSS for " + app));
                max = Math.max(max, later);
                int minute = (int) ((System.nanoTime() - start) / 60_000_000_000L);
                while (perMinute.size() <= minute) {
                    perMinute.add(0L);
                }
                perMinute.set(minute, Math.max(perMinute.get(minute), later));
            }
            log.info(
                    "streams app RSS, highest in each minute of the hold (MiB): {}",
                    perMinute.stream().map(k -> String.valueOf(k / 1024)).collect(Collectors.joining(" ")));
            // what an idle instance holding this state spends: its punctuations evaluate every site and the fleet
            double heldSeconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (ProcStat.cpuTicks(app.pid()) - ticksAtStart) / (double) ProcStat.ticksPerSecond();
            double idleShare = 100.0 * cpuSeconds / heldSeconds;
            figures.add(new Figure(
                    "streams-app RSS, " + endpoints + " endpoints of state, " + holdSeconds + " s later",
                    later / 1024.0,
                    "MiB",
                    "",
                    Machine.loadAverage(),
                    command));
            figures.add(new Figure(
                    "streams-app CPU while idle, " + endpoints + " endpoints of state, over those " + holdSeconds
                            + " s",
                    idleShare,
                    "% of one core",
                    "",
                    Machine.loadAverage(),
                    command));
            if (holdSeconds > 30) {
                figures.add(new Figure(
                        "streams-app RSS, " + endpoints + " endpoints of state, highest in those " + holdSeconds + " s",
                        max / 1024.0,
                        "MiB",
                        "",
                        Machine.loadAverage(),
                        command));
            }
            log.info(
                    "streams app RSS {} MiB, then {} MiB; state folder {}",
                    rss / 1024,
                    later / 1024,
                    dir.resolve("state"));
        } finally {
            app.stop(Duration.ofSeconds(30));
        }
        return figures;
    }

    private Map<TopicPartition, Long> feed(StreamsConfigs.Topics topics) throws IOException {
        AtomicReference<Exception> failed = new AtomicReference<>();
        Callback check = (metadata, e) -> {
            if (e != null) {
                failed.compareAndSet(null, e);
            }
        };
        Instant now = Instant.now();
        try (KafkaProducer<String, SpecificRecord> producer = Clients.producer(stack)) {
            for (int i = 0; i < endpoints; i++) {
                String site = "s" + (i / PER_SITE);
                String endpoint = site + "-pc-" + (i % PER_SITE);
                producer.send(
                        new ProducerRecord<>(topics.heartbeats(), endpoint, BenchRecords.beat(site, endpoint, now)),
                        check);
                producer.send(
                        new ProducerRecord<>(
                                topics.events(),
                                endpoint,
                                i % 10 == 0
                                        ? BenchRecords.proxyDnsFailure(endpoint + ":srss:" + i, site, endpoint, now)
                                        : BenchRecords.healthy(endpoint + ":srss:" + i, site, endpoint, now)),
                        check);
                if (probing) {
                    producer.send(
                            new ProducerRecord<>(
                                    topics.events(), endpoint, BenchRecords.probe(site, endpoint, i, i % 10 != 0, now)),
                            check);
                }
            }
            producer.flush();
        }
        if (failed.get() != null) {
            throw new IOException("feeding the app failed", failed.get());
        }
        Map<TopicPartition, Long> ends = new HashMap<>(stack.endOffsets(topics.events()));
        ends.putAll(stack.endOffsets(topics.heartbeats()));
        return ends;
    }
}
