package org.fleettelemetry.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.fleettelemetry.streams.StreamsApp;
import org.fleettelemetry.streams.config.StreamsAppConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Query API latency with Debian's wrk: two app instances share the endpoints of 10 sites; one endpoint
 * owned by instance A is asked at A (a local lookup) and at B (B forwards it to A), each at a fixed
 * offered rate. wrk has no rate option, so a Lua script paces each connection with {@code delay()}:
 * {@code connections} connections, each waiting {@code 1000 * connections / rate} ms between a response
 * and its next request. The offered rate is therefore a ceiling: the figures give the rate reached.
 */
public final class QueryBench {
    private static final Logger log = LoggerFactory.getLogger(QueryBench.class);
    private static final String TOKEN = "bench-token";
    private static final int SITES = 10;
    private static final int ENDPOINTS_PER_SITE = 100;
    private static final int CONNECTIONS = 50;
    private static final Duration WARM_UP = Duration.ofSeconds(10);

    private final BenchStack stack;
    private final Path work;
    private final int rate;
    private final Duration duration;

    public QueryBench(BenchStack stack, Path work, int rate, Duration duration) {
        this.stack = stack;
        this.work = work;
        this.rate = rate;
        this.duration = duration;
    }

    public List<Figure> run() throws IOException, InterruptedException {
        StreamsConfigs.Topics topics = StreamsConfigs.Topics.prefixed(stack.topic("bench.query"));
        stack.createAppTopics(topics, 4);
        String appId = "bench-query-" + System.currentTimeMillis();
        StreamsApp a = StreamsApp.start(config(appId, topics, "a"));
        StreamsApp b = StreamsApp.start(config(appId, topics, "b"));
        try (KafkaProducer<String, SpecificRecord> producer = Clients.producer(stack)) {
            for (int s = 0; s < SITES; s++) {
                for (int i = 0; i < ENDPOINTS_PER_SITE; i++) {
                    String site = "q" + s;
                    String endpoint = site + "-pc-" + i;
                    producer.send(new ProducerRecord<>(
                            topics.heartbeats(), endpoint, BenchRecords.beat(site, endpoint, Instant.now())));
                }
            }
            producer.flush();
            String endpoint = awaitEndpointOwnedBy(a, b);
            String path = "/api/v1/endpoints/" + endpoint;
            Path script = wrkScript();
            List<Figure> figures = new ArrayList<>();
            figures.addAll(wrk("local lookup (asked at the owner)", a.http().port(), path, script));
            figures.addAll(wrk(
                    "forwarded lookup (asked at the other instance)", b.http().port(), path, script));
            return figures;
        } finally {
            b.close(Duration.ofSeconds(30));
            a.close(Duration.ofSeconds(30));
        }
    }

    private StreamsAppConfig config(String appId, StreamsConfigs.Topics topics, String name) throws IOException {
        Map<String, String> c =
                StreamsConfigs.of(stack, appId, topics, Files.createDirectories(work.resolve("query/state-" + name)));
        c.put("api.tokens", TOKEN);
        return StreamsAppConfig.from(c);
    }

    /** Waits until both run and A answers an endpoint as its owner; returns that endpoint's id. */
    private String awaitEndpointOwnedBy(StreamsApp a, StreamsApp b) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        String self = "127.0.0.1:" + a.http().port();
        while (System.nanoTime() < deadline) {
            if (a.streams().state() == KafkaStreams.State.RUNNING
                    && b.streams().state() == KafkaStreams.State.RUNNING) {
                for (int i = 0; i < ENDPOINTS_PER_SITE; i++) {
                    String endpoint = "q0-pc-" + i;
                    HttpResponse<String> r = client.send(
                            HttpRequest.newBuilder(URI.create("http://" + self + "/api/v1/endpoints/" + endpoint))
                                    .header("Authorization", "Bearer " + TOKEN)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    Optional<String> servedBy = r.headers().firstValue("X-Fleet-Served-By");
                    if (r.statusCode() == 200 && servedBy.filter(self::equals).isPresent()) {
                        log.info("{} is owned by {}", endpoint, self);
                        return endpoint;
                    }
                }
            }
            Thread.sleep(500);
        }
        throw new IOException("no endpoint answered by its owner within 120 s (states "
                + a.streams().state() + ", " + b.streams().state() + ")");
    }

    private Path wrkScript() throws IOException {
        double delayMs = 1000.0 * CONNECTIONS / rate;
        String lua = "-- paces each connection: " + CONNECTIONS + " connections x one request per " + delayMs
                + " ms = " + rate + " req/s offered\n"
                + "wrk.headers[\"Authorization\"] = \"Bearer " + TOKEN + "\"\n"
                + "function delay() return " + delayMs + " end\n";
        Path script = work.resolve("query/paced.lua");
        Files.writeString(script, lua, StandardCharsets.UTF_8);
        return script;
    }

    private List<Figure> wrk(String what, int port, String path, Path script) throws IOException, InterruptedException {
        // warm-up, not measured: the JIT compiles the request path (both hops) before the paced run
        Commands.run(
                List.of(
                        "wrk",
                        "-t1",
                        "-c4",
                        "-d" + WARM_UP.toSeconds() + "s",
                        "-H",
                        "Authorization: Bearer " + TOKEN,
                        "http://127.0.0.1:" + port + path),
                WARM_UP.plusSeconds(30),
                work.resolve("query/warm-up-" + port + ".log"));
        List<String> command = List.of(
                "wrk",
                "-t2",
                "-c" + CONNECTIONS,
                "-d" + duration.toSeconds() + "s",
                "--latency",
                "-s",
                script.toString(),
                "http://127.0.0.1:" + port + path);
        String load = Machine.loadAverage();
        long pid = ProcessHandle.current().pid();
        long ticksBefore = ProcStat.cpuTicks(pid);
        Commands.Outcome outcome =
                Commands.run(command, duration.plusSeconds(30), work.resolve("query/wrk-" + port + ".log"));
        WrkResult result = WrkResult.parse(outcome.output());
        // both instances live in this JVM: its CPU time per request is what a lookup costs the app, all hops included
        double cpuUsPerRequest = (ProcStat.cpuTicks(pid) - ticksBefore)
                * 1e6
                / ProcStat.ticksPerSecond()
                / Math.max(1, result.requests());
        if (result.errors() > 0) {
            log.warn("{}: {} non-2xx or socket errors", what, result.errors());
        }
        String how = Commands.shell(command) + " (offered " + rate + " req/s: " + CONNECTIONS + " connections paced by "
                + "delay() in " + script.getFileName() + "); " + result.errors() + " errors";
        String target = "<= 20";
        return List.of(
                new Figure("query API " + what + ", rate reached", result.requestsPerSecond(), "req/s", "", load, how),
                new Figure("query API " + what + ", p50", result.p50Ms(), "ms", "", load, how),
                new Figure("query API " + what + ", p99", result.p99Ms(), "ms", target, load, how),
                new Figure(
                        "query API " + what + ", CPU cost (both instances' JVM)",
                        cpuUsPerRequest,
                        "CPU us/request",
                        "",
                        load,
                        how));
    }
}
