package org.fleettelemetry.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.fleettelemetry.collector.JvmOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The pipeline harness: on a local stack it starts itself (temp folder, free ports) or on a running
 * one ({@code --bootstrap} and {@code --registry-url}), it measures the collector end to end against
 * kcat, two log shippers (rsyslogd and syslog-ng, raw and parsing) and ProducerPerformance, the collector's RSS and idle CPU, the streams app's throughput against
 * ConsumerPerformance, and the alert delay (and, when asked, issue #15's storm: {@link StormBench}); prints
 * every figure and writes or appends them to the report.
 */
@Command(
        name = "PipelineBench",
        mixinStandardHelpOptions = true,
        description = "Pipeline figures on the local stack (prints them, writes BENCHMARKS.md).")
public final class PipelineBench implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(PipelineBench.class);

    @Option(names = "--lines", description = "lines in the collector's log file (default ${DEFAULT-VALUE})")
    long lines = 1_000_000;

    @Option(names = "--events", description = "events pre-loaded for the streams app (default ${DEFAULT-VALUE})")
    int events = 500_000;

    @Option(names = "--incidents", description = "incidents for the alert delay (default ${DEFAULT-VALUE})")
    int incidents = 20;

    @Option(names = "--rate", description = "lines/s appended for the RSS measure (default ${DEFAULT-VALUE})")
    int rate = 5_000;

    @Option(
            names = "--rss-seconds",
            description = "seconds of appending for the RSS measure (default ${DEFAULT-VALUE})")
    int rssSeconds = 30;

    @Option(
            names = "--idle-seconds",
            description = "seconds without writes for idle RSS and CPU (default ${DEFAULT-VALUE})")
    int idleSeconds = 20;

    @Option(names = "--query-rate", description = "req/s offered to the query API (default ${DEFAULT-VALUE})")
    int queryRate = 1_000;

    @Option(names = "--query-seconds", description = "seconds of each wrk run (default ${DEFAULT-VALUE})")
    int querySeconds = 20;

    @Option(
            names = "--state-endpoints",
            description = "endpoints of state for the streams app's RSS (default ${DEFAULT-VALUE})")
    int stateEndpoints = 100_000;

    @Option(
            names = "--storm-endpoints",
            description = "endpoints of the storm measure's fleet (default ${DEFAULT-VALUE})")
    int stormEndpoints = 100_000;

    @Option(names = "--storm-sites", description = "sites of the storm measure's fleet (default ${DEFAULT-VALUE})")
    int stormSites = 200;

    @Option(
            names = "--storm-rate",
            description = "records/s offered during the storm, heartbeats included (default ${DEFAULT-VALUE})")
    int stormRate = 40_000;

    @Option(names = "--storm-seconds", description = "seconds of the storm (default ${DEFAULT-VALUE})")
    int stormSeconds = 120;

    @Option(
            names = "--storm-replay-events",
            description = "events of the spool replay after the storm (default ${DEFAULT-VALUE})")
    int stormReplayEvents = 3_000_000;

    @Option(
            names = "--storm-query-rate",
            description = "endpoint lookups a second asked of the app's query API during the storm and the replay, one"
                    + " at a time, their delays reported (default ${DEFAULT-VALUE}: none)")
    int stormQueryRate;

    @Option(
            names = "--storm-background",
            description = "endpoints that fail once and recover before the storm, as a real fleet's everyday failures"
                    + " (default ${DEFAULT-VALUE}: a failure-free fleet, so the storm's failure paths meet a JIT that"
                    + " never compiled them)")
    int stormBackground;

    @Option(
            names = "--storm-jvm",
            split = " ",
            description = "the streams app JVM's flags for the storm, space-separated "
                    + "(default: the image's flags in the Kubernetes pod's 1536 MiB, see StormBench)")
    List<String> stormJvm = new ArrayList<>(StormBench.DEFAULT_JVM);

    @Option(
            names = "--streams-rss-jvm",
            split = " ",
            description = "the streams app JVM's flags for the streams-rss measure, space-separated "
                    + "(default: -Xmx512m -XX:+UseG1GC, the flags the RSS target was stated against)")
    List<String> streamsRssJvm = new ArrayList<>(StreamsRssBench.DEFAULT_JVM);

    @Option(
            names = "--streams-floor",
            description = "the streams measure also times Kafka Streams alone on the same input (a processor that only"
                    + " counts, values as bytes and decoded): the most any topology could reach")
    boolean streamsFloor;

    @Option(
            names = "--streams-rss-seconds",
            description = "how long the streams-rss measure watches the RSS after the input is committed, reading it"
                    + " every 5 s (default ${DEFAULT-VALUE}; the target is stated over 600)")
    int streamsRssSeconds = 30;

    @Option(
            names = "--streams-rss-probing",
            description = "the streams-rss measure's endpoints also send an active probe's result each (#18), so that"
                    + " the state holds every endpoint's latest probe")
    boolean streamsRssProbing;

    @Option(names = "--streams-jar", description = "the streams app's runnable jar (default ${DEFAULT-VALUE})")
    Path streamsJar = Path.of("streams-app/target/streams-app.jar");

    @Option(
            names = "--only",
            split = ",",
            description =
                    "measures to run: ship, rss, streams, delay, query, streams-rss, storm (default all but storm, "
                            + "which takes 6 minutes or more at full size)")
    Set<String> only = new LinkedHashSet<>(List.of("ship", "rss", "streams", "delay", "query", "streams-rss"));

    @Option(
            names = "--collector-set",
            description = "a collector setting for the ship and RSS measures, e.g. "
                    + "kafka.producer.compression.type=lz4 (repeatable; the figures name them)")
    Map<String, String> collectorSettings = new LinkedHashMap<>();

    @Option(
            names = "--syslog-ng-cache",
            description = "where the ship measure downloads and unpacks syslog-ng's Debian packages, which it runs"
                    + " from there, not installed (default ${DEFAULT-VALUE})")
    Path syslogNgCache = Path.of("benchmarks/target/syslog-ng");

    @Option(names = "--bootstrap", description = "a running broker (with --registry-url) instead of a new local stack")
    String bootstrap;

    @Option(names = "--registry-url", description = "the running Apicurio (base URL or either API's URL)")
    String registryUrl;

    @Option(names = "--collector-jar", description = "the collector's runnable jar (default ${DEFAULT-VALUE})")
    Path collectorJar = Path.of("collector/target/collector.jar");

    @Option(
            names = "--collector-jvm-options",
            description = "the collector's JVM flags for the ship and RSS measures, one per "
                    + "line, # comments (default ${DEFAULT-VALUE}: the documented defaults)")
    Path collectorJvmOptions = Path.of("collector/src/main/dist/jvm.options");

    @Option(names = "--work-dir", description = "where files, state and logs go (default: a new temp folder)")
    Path workDir;

    @Option(names = "--report", description = "rewrite this file: header, JMH (with --jmh-json), pipeline")
    Path report;

    @Option(names = "--append", description = "append the pipeline section to this file")
    Path append;

    @Option(names = "--plot", description = "draw the ratios and latencies into this PNG (linked from the report)")
    Path plot;

    @Option(names = "--jmh-json", description = "JMH results (-rf json) to put in the report")
    Path jmhJson;

    @Option(names = "--jmh-command", description = "the JMH command line, for the report")
    String jmhCommand = "";

    @Option(names = "--jmh-load", description = "the load average when JMH started, for the report")
    String jmhLoad = "";

    @Option(names = "--title", description = "the report's title (default ${DEFAULT-VALUE})")
    String title = "Benchmarks";

    @Option(names = "--note", description = "a note under the title (e.g. that the figures are noisy)")
    String note = "";

    @Option(
            names = "--command",
            description = "how this harness was invoked, for the report (default: rebuilt from the options)")
    String command;

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "bench-logback.xml");
        }
        System.exit(new CommandLine(new PipelineBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if ((bootstrap == null) != (registryUrl == null)) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), "--bootstrap and --registry-url go together");
        }
        Path work = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("pipeline-bench");
        String invocation = command != null
                ? command
                : "java -cp benchmarks/target/benchmarks.jar "
                        + "org.fleettelemetry.bench.PipelineBench --lines " + lines + " --events " + events
                        + " --incidents "
                        + incidents + " --rate " + rate + " --rss-seconds " + rssSeconds + " --idle-seconds "
                        + idleSeconds
                        + (only.contains("storm")
                                ? " --only " + String.join(",", only) + " --storm-endpoints " + stormEndpoints
                                        + " --storm-sites " + stormSites + " --storm-rate " + stormRate
                                        + " --storm-seconds " + stormSeconds
                                        + " --storm-replay-events " + stormReplayEvents
                                : "");
        List<Figure> figures = new ArrayList<>();
        log.info("work folder {}; machine: {}; load {}", work, Machine.describe(), Machine.loadAverage());
        try (BenchStack stack = bootstrap != null
                ? BenchStack.attach(bootstrap, registryUrl)
                : BenchStack.start(work.resolve("stack"))) {
            log.info(
                    "stack: kafka {} registry {}",
                    stack.bootstrap(),
                    stack.registry().base());
            if (only.contains("ship")) {
                measure(
                        figures,
                        "collector end to end",
                        () -> new CollectorShipBench(
                                        stack,
                                        work,
                                        lines,
                                        collectorJar,
                                        collectorSettings,
                                        JvmOptions.read(collectorJvmOptions),
                                        syslogNgCache.toAbsolutePath())
                                .run(invocation));
            }
            if (only.contains("rss")) {
                measure(
                        figures,
                        "collector RSS",
                        () -> new CollectorRssBench(
                                        stack,
                                        work,
                                        collectorJar,
                                        JvmOptions.read(collectorJvmOptions),
                                        collectorSettings,
                                        rate,
                                        Duration.ofSeconds(rssSeconds),
                                        Duration.ofSeconds(idleSeconds))
                                .run());
            }
            if (only.contains("streams")) {
                measure(
                        figures,
                        "streams-app throughput",
                        () -> new StreamsThroughputBench(stack, work, events, streamsFloor).run(invocation));
            }
            if (only.contains("delay")) {
                measure(figures, "alert delay", () -> new AlertDelayBench(stack, work, incidents).run(invocation));
            }
            if (only.contains("streams-rss")) {
                measure(
                        figures,
                        "streams-app RSS",
                        () -> new StreamsRssBench(
                                        stack, work, streamsJar, stateEndpoints, streamsRssJvm, streamsRssSeconds)
                                .probing(streamsRssProbing)
                                .run());
            }
            if (only.contains("query")) {
                measure(
                        figures,
                        "query API",
                        () -> new QueryBench(stack, work, queryRate, Duration.ofSeconds(querySeconds)).run());
            }
            if (only.contains("storm")) {
                measure(
                        figures,
                        "storm",
                        () -> new StormBench(
                                        stack,
                                        work,
                                        streamsJar,
                                        stormJvm,
                                        stormEndpoints,
                                        stormSites,
                                        stormRate,
                                        Duration.ofSeconds(stormSeconds),
                                        stormReplayEvents,
                                        stormQueryRate,
                                        stormBackground)
                                .run());
            }
        }
        String pipeline = Report.pipeline(figures, invocation);
        if (plot != null
                && Plot.write(Plot.panels(figures), title + ", " + String.join(", ", Machine.describe()), plot)) {
            log.info("drew {}", plot);
            Path base = report != null
                    ? report.toAbsolutePath().getParent()
                    : Path.of("").toAbsolutePath();
            pipeline = "![ratios and latencies](" + base.relativize(plot.toAbsolutePath()) + ")\n\n" + pipeline;
        }
        System.out.println();
        System.out.println(pipeline);
        if (report != null) {
            StringBuilder text = new StringBuilder(Report.header(title, note));
            if (jmhJson != null && Files.exists(jmhJson)) {
                text.append(Report.jmh(new Report.JmhRun(JmhResults.read(jmhJson), jmhCommand, jmhLoad)));
            }
            text.append(pipeline);
            Report.write(report, text.toString());
            log.info("wrote {}", report);
        }
        if (append != null) {
            Report.append(append, pipeline);
            log.info("appended to {}", append);
        }
        return figures.stream().anyMatch(f -> f.unit().equals("failed")) ? 1 : 0;
    }

    private interface Measure {
        List<Figure> run() throws Exception;
    }

    /** Runs one measure; a failure becomes a line of the report instead of ending the run. */
    private static void measure(List<Figure> figures, String name, Measure measure) {
        log.info("measuring: {}", name);
        try {
            List<Figure> result = measure.run();
            result.forEach(f -> log.info("{}: {} {}", f.measure(), f.formattedValue(), f.unit()));
            figures.addAll(result);
        } catch (Exception e) {
            log.error("{} failed", name, e);
            figures.add(Figure.failed(name, e));
        }
    }
}
