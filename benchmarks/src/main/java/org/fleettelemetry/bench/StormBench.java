package org.fleettelemetry.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.fleettelemetry.schemas.avro.AlertScope;
import org.fleettelemetry.schemas.avro.AlertStatus;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.stack.ChildJvm;
import org.fleettelemetry.streams.config.StreamsAppConfig;
import org.fleettelemetry.streams.domain.DetectionParams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue #15's storm: the streams app's runnable jar as a child JVM (so /proc's RSS and CPU are the app's alone), a
 * fleet of {@code endpoints} over {@code sites} that first makes itself known (a heartbeat, a doorman contact and a
 * fast ORSP lookup each, until the app has committed all of it), then beats every 30 s for the rest of the run. The
 * storm: a token bucket offers {@code rate} records/s for {@code storm} (heartbeats included), every endpoint logging
 * slow ORSP lookups (a cloud slowdown fleet-wide) and, at 5 sites spread over the fleet, also failing to resolve its
 * proxy (curl:5); the 5 outages start one fifth of the storm apart, so their alert delays sample the whole storm.
 * Then a spool replay of {@code replayEvents} of those shapes, event times over the last 10 minutes, as fast as the
 * producer goes, until the app has committed it all. Every wait has a deadline; what could not be measured is a
 * figure saying why.
 */
public final class StormBench {
    private static final Logger log = LoggerFactory.getLogger(StormBench.class);
    static final int INPUT_PARTITIONS = 4;
    static final int OUTAGE_SITES = 5;
    static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(30);
    static final Duration REPLAY_SPAN = Duration.ofMinutes(10);
    private static final Duration POPULATE_DEADLINE = Duration.ofMinutes(10);
    private static final Duration CATCH_UP_DEADLINE = Duration.ofMinutes(10);
    private static final Duration LATE_ALERT_WAIT = Duration.ofSeconds(30);
    private static final Duration LAG_SAMPLE = Duration.ofMillis(250);
    /** The storm's lag is also given without its first part, when the app's JIT compiles the storm's paths. */
    static final Duration WARM_AFTER = Duration.ofSeconds(30);
    /**
     * The image's collector settings (G1, concurrent marking from 65 % of the heap: the streams-app image's
     * JAVA_TOOL_OPTIONS) with the 512 MiB heap against which the RSS target is stated. The image in a 1536 MiB pod
     * gives the heap half of it: pass --storm-jvm "-XX:MaxRAM=1536m -XX:MaxRAMPercentage=50 ..." to measure that.
     * Until 2026-12-07 this was G1 with its adaptive threshold, which marked without pause in the storm.
     */
    static final List<String> DEFAULT_JVM = List.of(
            "-Xmx512m",
            "-XX:+UseG1GC",
            "-XX:-G1UseAdaptiveIHOP",
            "-XX:InitiatingHeapOccupancyPercent=65",
            "-XX:+ExitOnOutOfMemoryError",
            "-Dfile.encoding=UTF-8");
    /**
     * The non-default settings: no group wait and no settle (no deliberate hold is measured), and FLEET only by the
     * ratio rule. The population warm-up stays at its default: the population phase waits it out, so the storm's
     * sites are known ones.
     */
    static final Map<String, String> SETTINGS =
            Map.of("detect.group.wait", "0s", "detect.settle", "0s", "detect.fleet.min.sites", "100000");
    /** How long the background endpoints stay failing before they recover (see {@link #backgroundFailures}). */
    static final Duration BACKGROUND_FAILING = Duration.ofSeconds(5);
    /** The app's API token when the query probe runs. */
    private static final String QUERY_TOKEN = "storm-bench-token";
    /** The app's default detect.population.warmup, waited out after the app committed the population. */
    static final Duration POPULATION_WARMUP = Duration.ofSeconds(30);

    private final BenchStack stack;
    private final Path work;
    private final Path streamsJar;
    private final List<String> jvm;
    private final int endpoints;
    private final int sites;
    private final int rate;
    private final Duration storm;
    private final int replayEvents;
    /**
     * Endpoint lookups a second asked of the query API from the app's start, counted from the storm's start to the
     * replay's end; 0 for none.
     */
    private final int queryRate;
    /** Endpoints that fail once and recover during the population phase (a fleet's everyday failures), 0 for none. */
    private final int background;

    private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
    private final Callback check = (metadata, e) -> {
        if (e != null) {
            sendFailure.compareAndSet(null, e);
        }
    };

    public StormBench(
            BenchStack stack,
            Path work,
            Path streamsJar,
            List<String> jvm,
            int endpoints,
            int sites,
            int rate,
            Duration storm,
            int replayEvents,
            int queryRate,
            int background) {
        this.stack = stack;
        this.work = work;
        this.streamsJar = streamsJar;
        this.jvm = List.copyOf(jvm);
        this.endpoints = endpoints;
        this.sites = sites;
        this.rate = rate;
        this.storm = storm;
        this.replayEvents = replayEvents;
        if (queryRate < 0) {
            throw new IllegalArgumentException("the query rate must be 0 (none) or more, got " + queryRate);
        }
        this.queryRate = queryRate;
        if (background < 0 || background > endpoints) {
            throw new IllegalArgumentException(
                    "the background failures must be 0 to " + endpoints + " endpoints, got " + background);
        }
        this.background = background;
    }

    /**
     * The number of distinct failing endpoints at which a proxy with {@code active} endpoints behind it opens an
     * outage: the least n with n &gt;= minAffected and n / active &gt;= openRatio, compared as SiteRules compares;
     * -1 when even all of them would not.
     */
    static int crossingCount(int active, int minAffected, double openRatio) {
        for (int n = Math.max(1, minAffected); n <= active; n++) {
            if ((double) n / active >= openRatio) {
                return n;
            }
        }
        return -1;
    }

    /**
     * Nearest-rank percentile over {@code expected} samples of which {@code observed} arrived: a missing sample
     * counts as longer than any observed one, so the result is NaN when the rank falls on one.
     */
    static double percentileWithMissing(double[] observed, int expected, int p) {
        double[] all = Arrays.copyOf(observed, Math.max(expected, observed.length));
        Arrays.fill(all, observed.length, all.length, Double.POSITIVE_INFINITY);
        Arrays.sort(all);
        double v = AlertDelayBench.percentile(all, p);
        return Double.isInfinite(v) ? Double.NaN : v;
    }

    public List<Figure> run() throws IOException, InterruptedException {
        if (!Files.isRegularFile(streamsJar)) {
            throw new IOException(streamsJar + " is missing: build it with ./mvnw -DskipTests package");
        }
        if (sites < OUTAGE_SITES) {
            throw new IllegalArgumentException("the storm needs at least " + OUTAGE_SITES + " sites, got " + sites);
        }
        StormFleet fleet = new StormFleet(endpoints, sites);
        StreamsConfigs.Topics topics = StreamsConfigs.Topics.prefixed(stack.topic("bench.storm"));
        stack.createAppTopics(topics, INPUT_PARTITIONS);
        Path dir = Files.createDirectories(work.resolve("storm"));
        String appId = "bench-storm-" + System.currentTimeMillis();
        Map<String, String> c = StreamsConfigs.of(stack, appId, topics, dir.resolve("state"));
        c.putAll(SETTINGS);
        if (queryRate > 0) {
            c.put("api.tokens", QUERY_TOKEN);
        }
        DetectionParams detection = StreamsAppConfig.from(c).topology().detection();
        Path config = dir.resolve("streams-app.properties");
        Properties p = new Properties();
        p.putAll(c);
        try (Writer out = Files.newBufferedWriter(config)) {
            p.store(out, "streams app for the storm measure");
        }
        String app = "app: java " + String.join(" ", jvm) + " -jar streams-app.jar run --config, non-default "
                + SETTINGS.entrySet().stream()
                        .sorted(Map.Entry.comparingByKey())
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .reduce((a, b) -> a + ", " + b)
                        .orElse("")
                + ", kafka.streams.replication.factor=1; " + endpoints + " endpoints, " + sites + " sites, "
                + INPUT_PARTITIONS + " input partitions"
                + (background == 0
                        ? ""
                        : "; before the storm " + background + " endpoints failed once and recovered (slow lookups, and"
                                + " proxy resolution at sites other than the five)");
        Run run = new Run(fleet, topics, appId, detection);
        int backgroundPerSite = (background + sites - 1) / sites;
        int lowestThreshold = Arrays.stream(run.threshold).min().orElseThrow();
        if (background > 0 && backgroundPerSite >= lowestThreshold) {
            throw new IllegalArgumentException("--storm-background " + background + " fails " + backgroundPerSite
                    + " endpoints of a site at once, enough to open a site alert (threshold " + lowestThreshold + ")");
        }
        ChildJvm child = ChildJvm.start(
                "streams-app",
                jvm,
                List.of("-jar", streamsJar.toAbsolutePath().toString(), "run", "--config", config.toString()),
                dir.resolve("streams-app.log"),
                dir);
        log.info("storm: app {} ({}), log {}", child, appId, child.log());
        ScheduledExecutorService samplers = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "storm-sampler");
            t.setDaemon(true);
            return t;
        });
        AtomicLong maxRssKib = new AtomicLong();
        samplers.scheduleAtFixedRate(() -> sampleRss(child, maxRssKib), 0, 1, TimeUnit.SECONDS);
        AlertWatch alerts = new AlertWatch(Clients.alertConsumer(stack, topics.alerts(), appId + "-soc"), fleet);
        Thread alertThread = new Thread(alerts, "storm-alerts");
        alertThread.start();
        // asked from the start, counted from the storm's: see StormQueries.start
        StormQueries queries = queryRate == 0
                ? null
                : new StormQueries(
                        "http://127.0.0.1:" + c.get("http.port"),
                        QUERY_TOKEN,
                        e -> "/api/v1/endpoints/" + fleet.endpointId(e),
                        fleet.endpoints(),
                        queryRate);
        if (queries != null) {
            queries.start();
        }
        try (KafkaProducer<String, SpecificRecord> producer = Clients.producer(stack)) {
            populate(run, producer, child);
            Heartbeats beats = new Heartbeats(fleet, topics.heartbeats(), producer);
            beats.start();
            try {
                alerts.awaitAssigned(Duration.ofSeconds(60));
                if (queries != null) {
                    queries.countFrom(System.nanoTime());
                }
                stormPhase(run, producer, child, samplers, beats);
                replayPhase(run, producer, child);
                if (queries != null) {
                    run.queries = queries.stop();
                }
                awaitLateAlerts(run, alerts);
                run.endRssKib = ProcStat.rssKib(child.pid());
            } finally {
                beats.stop(); // before the producer closes
            }
        } finally {
            if (queries != null && run.queries == null) {
                queries.stop();
            }
            alerts.stop();
            alertThread.join(10_000);
            samplers.shutdownNow();
            child.stop(Duration.ofSeconds(30));
        }
        run.maxRssKib = Math.max(maxRssKib.get(), run.endRssKib);
        log.info("storm: alerts read: {}", alerts.summary());
        return figures(run, alerts, app);
    }

    /** What one run measured, filled in phase by phase. */
    private static final class Run {
        final StormFleet fleet;
        final StreamsConfigs.Topics topics;
        final String appId;
        final DetectionParams detection;
        final List<Integer> outageSites;
        final int[] outageOf;
        final int[] threshold;
        final long[] crossedAt;
        final Random random = new Random(15);
        String load = "";
        int cursor;
        boolean[] lookupNext;
        double stormSeconds;
        long stormOffered;
        long stormCommitted;
        double[] lagSeconds = new double[0];
        long repartitionLagMax = -1;
        long repartitionRecords = -1;
        long ticksAtStormStart;
        long committedAtStormStart;
        long cpuTicks;
        long cpuEvents;
        /** The app's threads' CPU by kind (JIT compilers, GC, the stream thread...) at the storm's start and end. */
        Map<String, Long> threadsAtStormStart = Map.of();

        Map<String, Long> threadsAtEnd = Map.of();
        /** Lag samples in the order taken (seconds), for the series in the log and the figure after the warm-up. */
        double[] lagSeries = new double[0];

        long replayCommitted;
        double replayWaited;
        boolean caughtUp;
        String replayProblem = "";
        long endRssKib;
        long maxRssKib;
        /** The query probe's delays, null when none ran. */
        StormQueries.Result queries;

        Run(StormFleet fleet, StreamsConfigs.Topics topics, String appId, DetectionParams detection) {
            this.fleet = fleet;
            this.topics = topics;
            this.appId = appId;
            this.detection = detection;
            this.outageSites = fleet.spreadSites(OUTAGE_SITES);
            this.outageOf = new int[fleet.sites()];
            Arrays.fill(outageOf, -1);
            this.threshold = new int[OUTAGE_SITES];
            this.crossedAt = new long[OUTAGE_SITES];
            for (int k = 0; k < OUTAGE_SITES; k++) {
                int site = outageSites.get(k);
                outageOf[site] = k;
                threshold[k] = crossingCount(fleet.endpointsAt(site), detection.minAffected(), detection.openRatio());
            }
            this.lookupNext = new boolean[fleet.endpoints()];
        }

        long slowMs() {
            long t = detection.slowThresholdMs();
            return 2 * t + random.nextInt((int) Math.min(Integer.MAX_VALUE, 2 * t));
        }
    }

    /** Phase 0: every endpoint beats and reaches the cloud once, as fast as it goes; waits until the app took it all. */
    private void populate(Run run, KafkaProducer<String, SpecificRecord> producer, ChildJvm child)
            throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        StormFleet fleet = run.fleet;
        for (int e = 0; e < fleet.endpoints(); e++) {
            Instant now = Instant.now();
            producer.send(
                    new ProducerRecord<>(run.topics.heartbeats(), fleet.endpointId(e), fleet.heartbeat(e, now)), check);
            producer.send(
                    new ProducerRecord<>(run.topics.events(), fleet.endpointId(e), fleet.doormanOk(e, now)), check);
            producer.send(
                    new ProducerRecord<>(
                            run.topics.events(),
                            fleet.endpointId(e),
                            fleet.cloudLookup(e, now, 100 + run.random.nextInt(400))),
                    check);
        }
        producer.flush();
        throwIfSendFailed("population");
        if (background > 0) {
            backgroundFailures(run, producer);
        }
        Map<TopicPartition, Long> ends = inputEnds(run);
        awaitCaughtUp(
                run,
                child,
                ends,
                System.nanoTime() + POPULATE_DEADLINE.toNanos(),
                "the population (" + (3L * fleet.endpoints() + 4L * background) + " records)");
        log.info(
                "storm: population of {} endpoints committed by the app after {} s",
                fleet.endpoints(),
                String.format("%.1f", (System.nanoTime() - t0) / 1e9));
        // The storm measures known sites: the app counts a site's ratios once detect.population.warmup has run on its
        // clock since it processed the site's first record, which is at or before now, not when the first record was
        // sent (the app may still have been starting then; see BENCHMARKS-ANALYSIS.md, session 19). Waiting from here
        // over-waits by at most the population's processing time, with the app idle.
        Thread.sleep(POPULATION_WARMUP.toMillis());
    }

    /**
     * A fleet of 100,000 is never failure-free: the first {@link #background} endpoints (spread evenly over the sites)
     * each log a slow reputation lookup and, at sites other than the storm's five outage sites, a proxy resolution
     * failure; then, {@link #BACKGROUND_FAILING} later, a fast lookup and a doorman contact, so every one of them has
     * recovered before the storm. A site has at most its share of them failing at once (5 % of the fleet is 25 of a
     * site's 500; {@link #run} refuses a share that reaches a site's threshold), and the outage sites' proxy failures
     * are the storm's alone, so the crossing counts stay the harness's.
     */
    private void backgroundFailures(Run run, KafkaProducer<String, SpecificRecord> producer)
            throws IOException, InterruptedException {
        StormFleet fleet = run.fleet;
        // the fleet is dealt to the sites in turn (StormFleet.siteOf), so the first endpoints are spread evenly
        for (int e = 0; e < background; e++) {
            send(producer, run.topics.events(), fleet.endpointId(e), fleet.cloudLookup(e, Instant.now(), run.slowMs()));
            if (run.outageOf[fleet.siteOf(e)] < 0) {
                send(producer, run.topics.events(), fleet.endpointId(e), fleet.proxyDnsFailure(e, Instant.now()));
            } else {
                send(producer, run.topics.events(), fleet.endpointId(e), fleet.doormanOk(e, Instant.now()));
            }
        }
        producer.flush();
        Thread.sleep(BACKGROUND_FAILING.toMillis());
        for (int e = 0; e < background; e++) {
            send(
                    producer,
                    run.topics.events(),
                    fleet.endpointId(e),
                    fleet.cloudLookup(e, Instant.now(), 100 + run.random.nextInt(400)));
            send(producer, run.topics.events(), fleet.endpointId(e), fleet.doormanOk(e, Instant.now()));
        }
        producer.flush();
        throwIfSendFailed("the background failures");
        log.info("storm: {} endpoints failed once and recovered before the storm", background);
    }

    /** Phase 1: the steady storm, paced; samples the lag and marks when each outage site crosses its threshold. */
    private void stormPhase(
            Run run,
            KafkaProducer<String, SpecificRecord> producer,
            ChildJvm child,
            ScheduledExecutorService samplers,
            Heartbeats beats)
            throws IOException {
        StormFleet fleet = run.fleet;
        double eventRate = rate - beats.rate();
        if (eventRate <= 0) {
            throw new IllegalArgumentException("--storm-rate " + rate + " does not leave room beside the heartbeats ("
                    + String.format("%.0f", beats.rate()) + "/s)");
        }
        BitSet[] failing = new BitSet[OUTAGE_SITES];
        int[] failingCount = new int[OUTAGE_SITES];
        Arrays.setAll(failing, k -> new BitSet());
        run.load = Machine.loadAverage();
        long committed0 = committedInputs(run);
        List<String> repartitionTopics = repartitionTopics(run);
        long repartition0 = endOffsetSum(repartitionTopics);
        long ticks0 = ProcStat.cpuTicks(child.pid());
        run.threadsAtStormStart = threadKinds(child.pid(), run.appId);
        long beats0 = beats.sent();
        List<Double> lag = Collections.synchronizedList(new ArrayList<>());
        AtomicLong repartitionLag = new AtomicLong(-1);
        List<Double> repartitionLagSeries = Collections.synchronizedList(new ArrayList<>());
        ScheduledFuture<?> lagTask = samplers.scheduleAtFixedRate(
                () -> sampleLag(run, repartitionTopics, lag, repartitionLag, repartitionLagSeries),
                0,
                LAG_SAMPLE.toMillis(),
                TimeUnit.MILLISECONDS);
        long start = System.nanoTime();
        long end = start + storm.toNanos();
        long[] outageStart = new long[OUTAGE_SITES];
        for (int k = 0; k < OUTAGE_SITES; k++) {
            outageStart[k] = start + k * storm.toNanos() / OUTAGE_SITES;
        }
        TokenBucket bucket = new TokenBucket(eventRate, Math.max(1, eventRate / 10), start);
        long sent = 0;
        long now;
        while ((now = System.nanoTime()) < end) {
            int n = bucket.take(now, 1000);
            if (n == 0) {
                LockSupport.parkNanos(Math.min(bucket.nanosToNext(), end - now));
                continue;
            }
            for (int i = 0; i < n; i++) {
                int e = nextEndpoint(run);
                int k = run.outageOf[fleet.siteOf(e)];
                boolean outage = k >= 0 && now >= outageStart[k];
                if (outage && !run.lookupNext[e]) {
                    run.lookupNext[e] = true;
                    send(producer, run.topics.events(), fleet.endpointId(e), fleet.proxyDnsFailure(e, Instant.now()));
                    long handed = System.nanoTime();
                    int local = e / fleet.sites();
                    if (!failing[k].get(local)) {
                        failing[k].set(local);
                        if (++failingCount[k] == run.threshold[k]) {
                            run.crossedAt[k] = handed;
                            log.info(
                                    "storm: {} crossed its threshold ({} failing) {} s into the storm",
                                    fleet.siteName(run.outageSites.get(k)),
                                    run.threshold[k],
                                    String.format("%.1f", (handed - start) / 1e9));
                        }
                    }
                } else {
                    run.lookupNext[e] = false;
                    send(
                            producer,
                            run.topics.events(),
                            fleet.endpointId(e),
                            fleet.cloudLookup(e, Instant.now(), run.slowMs()));
                }
                sent++;
            }
        }
        long stop = System.nanoTime();
        lagTask.cancel(false);
        run.stormSeconds = (stop - start) / 1e9;
        run.stormOffered = sent + beats.sent() - beats0;
        run.stormCommitted = committedInputs(run) - committed0;
        run.repartitionRecords = endOffsetSum(repartitionTopics) - repartition0;
        run.repartitionLagMax = repartitionLag.get();
        run.ticksAtStormStart = ticks0;
        run.committedAtStormStart = committed0;
        synchronized (lag) {
            run.lagSeries = lag.stream().mapToDouble(Double::doubleValue).toArray();
            run.lagSeconds =
                    lag.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        }
        logLagSeries("storm: input lag, highest per 10 s (s):", run.lagSeries, "%.1f");
        synchronized (repartitionLagSeries) {
            logLagSeries(
                    "storm: repartition lag, highest per 10 s (records):",
                    repartitionLagSeries.stream()
                            .mapToDouble(Double::doubleValue)
                            .toArray(),
                    "%,.0f");
        }
        throwIfSendFailed("the storm");
        log.info(
                "storm: offered {} records in {} s, the app committed {} of them meanwhile",
                run.stormOffered,
                String.format("%.1f", run.stormSeconds),
                run.stormCommitted);
    }

    /** Phase 2: the spool replay, as fast as the producer goes, then until the app has committed everything. */
    private void replayPhase(Run run, KafkaProducer<String, SpecificRecord> producer, ChildJvm child)
            throws IOException, InterruptedException {
        StormFleet fleet = run.fleet;
        long start = System.nanoTime();
        long committed0 = committedInputs(run);
        long deadline = start + CATCH_UP_DEADLINE.toNanos();
        Instant from = Instant.now().minus(REPLAY_SPAN);
        long spanMs = REPLAY_SPAN.toMillis();
        for (int i = 0; i < replayEvents; i++) {
            Instant at = from.plusMillis(i * spanMs / replayEvents);
            int e = nextEndpoint(run);
            if (run.outageOf[fleet.siteOf(e)] >= 0 && !run.lookupNext[e]) {
                run.lookupNext[e] = true;
                send(producer, run.topics.events(), fleet.endpointId(e), fleet.proxyDnsFailure(e, at));
            } else {
                run.lookupNext[e] = false;
                send(producer, run.topics.events(), fleet.endpointId(e), fleet.cloudLookup(e, at, run.slowMs()));
            }
        }
        producer.flush();
        throwIfSendFailed("the replay");
        log.info(
                "storm: replay of {} events sent in {} s",
                replayEvents,
                String.format("%.1f", (System.nanoTime() - start) / 1e9));
        Map<TopicPartition, Long> ends = inputEnds(run);
        try {
            awaitCaughtUp(run, child, ends, deadline, "the replay");
            run.caughtUp = true;
        } catch (IOException e) {
            if (!child.isAlive()) {
                throw e;
            }
            run.replayProblem = e.getMessage();
        }
        run.replayWaited = (System.nanoTime() - start) / 1e9;
        long committed = committedInputs(run);
        run.replayCommitted = committed - committed0;
        run.cpuTicks = ProcStat.cpuTicks(child.pid()) - run.ticksAtStormStart;
        run.threadsAtEnd = threadKinds(child.pid(), run.appId);
        run.cpuEvents = committed - run.committedAtStormStart;
    }

    /**
     * The app's live threads' CPU ticks by kind: the JIT's compiler threads, the GC's threads, Kafka Streams' threads
     * (named after the application id), the producers' network threads, RocksDB's, and the rest. A thread that ended
     * meanwhile is in none of them.
     */
    static Map<String, Long> threadKinds(long pid, String applicationId) {
        Map<String, Long> kinds = new TreeMap<>();
        try {
            ProcStat.threadCpuTicks(pid)
                    .forEach((name, ticks) -> kinds.merge(threadKind(name, applicationId), ticks, Long::sum));
        } catch (IOException e) {
            log.warn("storm: the app's threads could not be read: {}", e.toString());
        }
        return kinds;
    }

    /**
     * The kind of a thread by its name as /proc gives it: at most 15 characters (TASK_COMM_LEN), so a stream thread
     * ("APPID-UUID-StreamThread-1") shows only the start of the application id, as do its state updater and global
     * thread.
     */
    static String threadKind(String name, String applicationId) {
        if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
            return "JIT compiler threads";
        }
        if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.startsWith("VM Thread")) {
            return "GC and VM threads";
        }
        if (name.startsWith(applicationId.substring(0, Math.min(15, applicationId.length())))) {
            return "Kafka Streams threads";
        }
        if (name.startsWith("kafka-producer-")) {
            return "producer network thread";
        }
        if (name.startsWith("rocksdb:")) {
            return "RocksDB threads";
        }
        return "other threads";
    }

    /** Logs lag samples as the highest of each 10 s of the storm, so the warm-up and the steady part show. */
    private static void logLagSeries(String what, double[] series, String format) {
        int per = (int) (10_000 / LAG_SAMPLE.toMillis());
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < series.length; i += per) {
            double max = 0;
            for (int j = i; j < Math.min(series.length, i + per); j++) {
                max = Math.max(max, series[j]);
            }
            b.append(String.format(" %d-%ds: " + format, i / per * 10, i / per * 10 + 10, max));
        }
        log.info("{}{}", what, b);
    }

    private void awaitLateAlerts(Run run, AlertWatch alerts) throws InterruptedException {
        long until = System.nanoTime() + LATE_ALERT_WAIT.toNanos();
        while (alerts.openedCount(run) < OUTAGE_SITES && System.nanoTime() < until) {
            Thread.sleep(200);
        }
    }

    private int nextEndpoint(Run run) {
        int e = run.cursor;
        run.cursor = (e + 1) % run.fleet.endpoints();
        return e;
    }

    private void send(KafkaProducer<String, SpecificRecord> producer, String topic, String key, SpecificRecord value) {
        producer.send(new ProducerRecord<>(topic, key, value), check);
    }

    private void throwIfSendFailed(String phase) throws IOException {
        if (sendFailure.get() != null) {
            throw new IOException("sending " + phase + " failed", sendFailure.get());
        }
    }

    private Map<TopicPartition, Long> inputEnds(Run run) throws IOException {
        Map<TopicPartition, Long> ends = new HashMap<>(stack.endOffsets(run.topics.events()));
        ends.putAll(stack.endOffsets(run.topics.heartbeats()));
        return ends;
    }

    private long committedInputs(Run run) throws IOException {
        long sum = 0;
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e :
                stack.committed(run.appId).entrySet()) {
            String topic = e.getKey().topic();
            if (e.getValue() != null && (topic.equals(run.topics.events()) || topic.equals(run.topics.heartbeats()))) {
                sum += e.getValue().offset();
            }
        }
        return sum;
    }

    /** The app's internal repartition topics (its application id, then the name, then "-repartition"). */
    private List<String> repartitionTopics(Run run) throws IOException {
        try {
            List<String> topics = stack.admin().listTopics().names().get().stream()
                    .filter(t -> t.startsWith(run.appId + "-") && t.endsWith("-repartition"))
                    .sorted()
                    .toList();
            if (topics.isEmpty()) {
                throw new IOException("the app " + run.appId + " has no repartition topic");
            }
            return topics;
        } catch (ExecutionException e) {
            throw new IOException("cannot list the app's repartition topics", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Sum of the end offsets (transaction markers included: the app writes them in transactions). */
    private long endOffsetSum(List<String> topics) throws IOException {
        long sum = 0;
        for (String topic : topics) {
            sum += stack.endOffsetSum(topic);
        }
        return sum;
    }

    private void awaitCaughtUp(Run run, ChildJvm child, Map<TopicPartition, Long> ends, long deadline, String what)
            throws IOException, InterruptedException {
        while (!stack.caughtUp(run.appId, ends)) {
            if (!child.isAlive()) {
                throw new IOException("the app exited before it had committed " + what + ":\n" + child.tail(30));
            }
            if (System.nanoTime() > deadline) {
                long left = 0;
                Map<TopicPartition, OffsetAndMetadata> at = stack.committed(run.appId);
                for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                    OffsetAndMetadata o = at.get(end.getKey());
                    left += end.getValue() - (o == null ? 0 : o.offset());
                }
                throw new IOException(
                        "the app had not committed " + what + " by the deadline: " + left + " records left");
            }
            Thread.sleep(250);
        }
    }

    /** Input lag in seconds of offered load; the repartition topics' lag in records, as its maximum and a series. */
    private void sampleLag(
            Run run,
            List<String> repartitionTopics,
            List<Double> lag,
            AtomicLong repartitionLagMax,
            List<Double> repartitionLag) {
        try {
            Map<TopicPartition, OffsetAndMetadata> at = stack.committed(run.appId);
            lag.add((double) lag(at, inputEnds(run)) / rate);
            Map<TopicPartition, Long> internal = new HashMap<>();
            for (String topic : repartitionTopics) {
                internal.putAll(stack.endOffsets(topic));
            }
            long records = lag(at, internal);
            repartitionLagMax.accumulateAndGet(records, Math::max);
            repartitionLag.add((double) records);
        } catch (IOException | RuntimeException e) {
            log.warn("storm: a lag sample failed: {}", e.toString());
        }
    }

    private static long lag(Map<TopicPartition, OffsetAndMetadata> committed, Map<TopicPartition, Long> ends) {
        long records = 0;
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            OffsetAndMetadata o = committed.get(end.getKey());
            records += Math.max(0, end.getValue() - (o == null ? 0 : o.offset()));
        }
        return records;
    }

    private static void sampleRss(ChildJvm child, AtomicLong max) {
        try {
            long rss = ProcStat.rssKib(child.pid());
            max.accumulateAndGet(rss, Math::max);
        } catch (IOException | RuntimeException e) {
            // the child is gone or going: the run notices that itself
        }
    }

    private List<Figure> figures(Run run, AlertWatch alerts, String app) {
        List<Figure> figures = new ArrayList<>();
        String load = run.load;
        String stormHow =
                rate + " records/s offered for " + storm.toSeconds() + " s by a token bucket, heartbeats included; ";
        figures.add(new Figure(
                "storm: offered rate achieved by the harness",
                run.stormOffered / run.stormSeconds,
                "events/s",
                "",
                load,
                stormHow + app));
        figures.add(new Figure(
                "storm: sustained rate (input records the app committed during the storm / its duration)",
                run.stormCommitted / run.stormSeconds,
                "events/s",
                ">= " + rate,
                load,
                stormHow + app));
        String lagHow = "sum of end - committed offset of the inputs every " + LAG_SAMPLE.toMillis()
                + " ms, / the offered rate (" + run.lagSeconds.length + " samples); ";
        figures.add(new Figure(
                "storm: consumer lag p99",
                AlertDelayBench.percentile(run.lagSeconds, 99),
                "s",
                "<= 2",
                load,
                lagHow + app));
        figures.add(new Figure(
                "storm: consumer lag max",
                run.lagSeconds.length == 0 ? Double.NaN : run.lagSeconds[run.lagSeconds.length - 1],
                "s",
                "",
                load,
                lagHow + app));
        int warm = (int) (WARM_AFTER.toMillis() / LAG_SAMPLE.toMillis());
        double[] afterWarmUp = run.lagSeries.length > warm
                ? Arrays.stream(run.lagSeries, warm, run.lagSeries.length)
                        .sorted()
                        .toArray()
                : new double[0];
        figures.add(new Figure(
                "storm: consumer lag p99 from " + WARM_AFTER.toSeconds() + " s into the storm",
                afterWarmUp.length == 0 ? Double.NaN : AlertDelayBench.percentile(afterWarmUp, 99),
                "s",
                "",
                load,
                "the same samples without the first " + WARM_AFTER.toSeconds() + " s (the app JVM's JIT compiles the"
                        + " storm's paths then; the series is in the log); " + app));
        figures.add(new Figure(
                "storm: lag of the app's repartition topics, max",
                run.repartitionLagMax,
                "records",
                "",
                load,
                "the same samples on " + run.appId + "-*-repartition (the site and fleet stages' input; "
                        + "transaction markers included); " + app));

        List<Double> delays = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (int k = 0; k < OUTAGE_SITES; k++) {
            String site = run.fleet.siteName(run.outageSites.get(k));
            Long read = alerts.openedAt(site);
            if (run.crossedAt[k] == 0) {
                missing.add(site + " (threshold not reached in the storm)");
            } else if (read == null) {
                missing.add(site + " (no OPEN)");
            } else {
                double d = (read - run.crossedAt[k]) / 1e9;
                log.info("storm: {} OPEN {} s after its crossing failure was sent", site, String.format("%.2f", d));
                delays.add(d);
            }
        }
        double[] observed = delays.stream().mapToDouble(Double::doubleValue).toArray();
        int active = run.fleet.endpointsAt(run.outageSites.get(0));
        String delayHow = "send of the failure making " + run.threshold[0] + " of " + active
                + " endpoints failing curl:5 (min.affected " + run.detection.minAffected() + ", open.ratio "
                + run.detection.openRatio() + ") -> SITE PROXY_DNS OPEN read (read_committed); outages start every "
                + storm.toSeconds() / OUTAGE_SITES + " s; 5 samples, so p99 = max"
                + (missing.isEmpty() ? "" : "; missing: " + String.join(", ", missing)) + "; ";
        double p50 = percentileWithMissing(observed, OUTAGE_SITES, 50);
        double p99 = percentileWithMissing(observed, OUTAGE_SITES, 99);
        figures.add(new Figure(
                "alert delay under the storm p50 (5 site proxy outages)",
                p50,
                Double.isNaN(p50) ? "failed" : "s",
                "",
                load,
                delayHow + app));
        figures.add(new Figure(
                "alert delay under the storm p99 (5 site proxy outages)",
                p99,
                Double.isNaN(p99) ? "failed" : "s",
                "<= 2",
                load,
                delayHow + app));

        String replayHow = replayEvents + " events (times over the " + REPLAY_SPAN.toMinutes()
                + " min before, acks=all, lz4, 256 KiB batches) from the first send to committed == end offsets, "
                + "the storm's backlog included; ";
        if (run.caughtUp) {
            figures.add(new Figure(
                    "replay: catch-up rate", replayEvents / run.replayWaited, "events/s", "", load, replayHow + app));
        } else {
            figures.add(new Figure(
                    "replay: catch-up rate",
                    Double.NaN,
                    "failed",
                    "",
                    load,
                    run.replayProblem + "; " + replayHow + app));
        }
        figures.add(new Figure(
                "replay: app rate while catching up (input records committed / time)",
                run.replayCommitted / run.replayWaited,
                "events/s",
                "",
                load,
                replayHow + app));
        figures.add(new Figure(
                "storm + replay: app CPU per input event",
                run.cpuEvents > 0 ? run.cpuTicks * 1e6 / ProcStat.ticksPerSecond() / run.cpuEvents : Double.NaN,
                "CPU us/event",
                "<= 8",
                load,
                "app JVM utime+stime (/proc) / input records it committed, " + run.cpuEvents + " in all; " + app));
        for (String kind : List.of(
                "Kafka Streams threads",
                "JIT compiler threads",
                "GC and VM threads",
                "producer network thread",
                "RocksDB threads",
                "other threads")) {
            long ticks = run.threadsAtEnd.getOrDefault(kind, 0L) - run.threadsAtStormStart.getOrDefault(kind, 0L);
            figures.add(new Figure(
                    "storm + replay: of it, the app's " + kind,
                    run.cpuEvents > 0 ? ticks * 1e6 / ProcStat.ticksPerSecond() / run.cpuEvents : Double.NaN,
                    "CPU us/event",
                    "",
                    load,
                    "utime+stime of the app's threads by name (/proc/PID/task; the Kafka Streams threads are the stream"
                            + " thread, the state updater and the global thread), storm start to caught up; " + app));
        }
        if (run.queries != null) {
            StormQueries.Result q = run.queries;
            String queryHow = "GET /api/v1/endpoints/{a random endpoint of the fleet}, one at a time, " + queryRate
                    + " a second on a fixed schedule from the app's start, counted from the storm's start until the"
                    + " replay was committed; each"
                    + " delay from its scheduled time (a lookup held up behind a slow one counts its wait), a failed"
                    + " lookup as " + StormQueries.TIMEOUT.toSeconds() + " s; " + q.count() + " lookups, " + q.errors()
                    + " failed" + (q.errors() == 0 ? "" : " (first: " + q.firstError() + ")") + "; ";
            figures.add(new Figure(
                    "storm + replay: query API lookup p50", q.percentile(50), "ms", "", load, queryHow + app));
            figures.add(new Figure(
                    "storm + replay: query API lookup p99", q.percentile(99), "ms", "", load, queryHow + app));
            figures.add(new Figure("storm + replay: query API lookup max", q.max(), "ms", "", load, queryHow + app));
        }
        figures.add(new Figure(
                "storm: repartition records per input event",
                run.stormCommitted > 0 ? (double) run.repartitionRecords / run.stormCommitted : Double.NaN,
                "",
                "<= 0.05",
                load,
                "end-offset increase of " + run.appId + "-*-repartition (transaction markers included) / input "
                        + "records committed during the storm; " + app));
        figures.add(new Figure(
                "storm: app RSS max (sampled every 1 s, whole run)",
                run.maxRssKib / 1024.0,
                "MiB",
                "<= 400",
                load,
                "VmRSS of the app JVM; " + app));
        figures.add(new Figure(
                "storm: app RSS at the end",
                run.endRssKib / 1024.0,
                "MiB",
                "<= 400",
                Machine.loadAverage(),
                "VmRSS of the app JVM; " + app));
        return figures;
    }

    /** Heartbeats every 30 s per endpoint, spread evenly: endpoints / 30 per second from a thread of their own. */
    private final class Heartbeats {
        private final StormFleet fleet;
        private final String topic;
        private final KafkaProducer<String, SpecificRecord> producer;
        private final AtomicLong sent = new AtomicLong();
        private final Thread thread;
        private volatile boolean stopping;

        Heartbeats(StormFleet fleet, String topic, KafkaProducer<String, SpecificRecord> producer) {
            this.fleet = fleet;
            this.topic = topic;
            this.producer = producer;
            this.thread = new Thread(this::beat, "storm-heartbeats");
            this.thread.setDaemon(true);
        }

        double rate() {
            return fleet.endpoints() / (double) HEARTBEAT_INTERVAL.toSeconds();
        }

        long sent() {
            return sent.get();
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            stopping = true;
            thread.join(10_000);
        }

        private void beat() {
            TokenBucket bucket = new TokenBucket(rate(), Math.max(1, rate() / 10), System.nanoTime());
            int cursor = 0;
            while (!stopping) {
                int n = bucket.take(System.nanoTime(), 1000);
                if (n == 0) {
                    LockSupport.parkNanos(bucket.nanosToNext());
                    continue;
                }
                for (int i = 0; i < n; i++) {
                    producer.send(
                            new ProducerRecord<>(
                                    topic, fleet.endpointId(cursor), fleet.heartbeat(cursor, Instant.now())),
                            check);
                    cursor = (cursor + 1) % fleet.endpoints();
                }
                sent.addAndGet(n);
            }
        }
    }

    /** Reads the alert topic as the SOC does, from before the storm; notes when each site's PROXY_DNS OPEN is read. */
    private static final class AlertWatch implements Runnable {
        private final KafkaConsumer<String, ConnectivityAlert> consumer;
        private final StormFleet fleet;
        private final Map<String, Long> proxyDnsOpenedAt = new ConcurrentHashMap<>();
        private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
        private volatile boolean assigned;
        private volatile boolean stopping;

        AlertWatch(KafkaConsumer<String, ConnectivityAlert> consumer, StormFleet fleet) {
            this.consumer = consumer;
            this.fleet = fleet;
        }

        @Override
        public void run() {
            try (consumer) {
                while (!stopping) {
                    for (ConsumerRecord<String, ConnectivityAlert> r : consumer.poll(Duration.ofMillis(20))) {
                        long read = System.nanoTime();
                        ConnectivityAlert a = r.value();
                        counts.computeIfAbsent(
                                        a.getStatus() + " " + a.getScope() + " " + a.getErrorClass(),
                                        k -> new AtomicLong())
                                .incrementAndGet();
                        if (a.getStatus() == AlertStatus.OPEN
                                && a.getScope() == AlertScope.SITE
                                && "PROXY_DNS".equals(a.getErrorClass())
                                && a.getSite() != null) {
                            proxyDnsOpenedAt.putIfAbsent(a.getSite(), read);
                        }
                    }
                    assigned = assigned || !consumer.assignment().isEmpty();
                }
            } catch (RuntimeException e) {
                log.error("storm: the alert reader failed", e);
            }
        }

        void awaitAssigned(Duration limit) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + limit.toNanos();
            while (!assigned) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("the alert consumer got no partition within " + limit.toSeconds() + " s");
                }
                Thread.sleep(50);
            }
        }

        Long openedAt(String site) {
            return proxyDnsOpenedAt.get(site);
        }

        int openedCount(Run run) {
            int n = 0;
            for (int site : run.outageSites) {
                n += proxyDnsOpenedAt.containsKey(fleet.siteName(site)) ? 1 : 0;
            }
            return n;
        }

        String summary() {
            return new TreeMap<>(counts).toString();
        }

        void stop() {
            stopping = true;
        }
    }
}
