package org.fleettelemetry.streams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;
import static org.fleettelemetry.streams.query.QueryTestCluster.json;
import static org.fleettelemetry.streams.query.QueryTestCluster.name;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.fleettelemetry.schemas.avro.AlertStatus;
import org.fleettelemetry.schemas.avro.ConnectivityAlert;
import org.fleettelemetry.stack.junit.KafkaStack;
import org.fleettelemetry.stack.junit.KafkaStackExtension;
import org.fleettelemetry.stack.junit.TestNames;
import org.fleettelemetry.streams.StreamsApp;
import org.fleettelemetry.streams.query.QueryTestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator page in real headless Chromium (Debian's, driven by playwright-core from node) against two app
 * instances on the real broker and registry: the page is opened and given the token before anything fails, then a
 * proxy DNS outage is scripted at one site. The browser script checks that the outage shows with its remediation, the
 * chart has bars, the endpoint search finds a failing endpoint, and the partial and rebalancing banners; it saves
 * screenshots under {@code target/screenshots/}. The time from the OPEN alert on the topic to the outage on the page is
 * printed.
 */
@ExtendWith(KafkaStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorPageIT {
    private static final String PROXY = "proxy.hel.example:3128";
    private static final List<String> SMALL_SITES = List.of("ber", "osl", "sto", "cph", "tll", "rix");
    private static final String FAILING_ENDPOINT = "hel-pc-1";
    /** A proxy two of the small sites also reach the cloud through (#24): its outage is one card, with both sites. */
    private static final String HUB = "proxy.hub.example:8080";

    private static final List<String> HUB_SITES = List.of("ber", "osl");
    private static final String SCRIPT = "operator-page.test.mjs";
    private static final List<String> NODE_PROJECT = List.of("package.json", "package-lock.json", SCRIPT);
    private static final Path BROWSER_DIR = Path.of("target", "browser-test");
    private static final Path SCREENSHOT = Path.of("target", "screenshots", "operator-page.png");
    private static final String SETUP_HINT = "run ./run test (as root or with sudo) on this machine: it installs "
            + "Debian's chromium, and nodejs and npm when there is no node or npm";

    private KafkaStack stack;
    private QueryTestCluster cluster;
    private StreamsApp a;
    private StreamsApp b;
    private String alerts;
    private String node;
    private String chromium;

    @BeforeAll
    void startTwoInstancesWithHealthySites(KafkaStack stack, @TempDir Path dir) {
        chromium = Optional.ofNullable(System.getenv("CHROMIUM")).orElse("/usr/bin/chromium");
        if (!Files.isExecutable(Path.of(chromium))) {
            fail("no Chromium at " + chromium + " (set CHROMIUM to another path): " + SETUP_HINT);
        }
        node = onPath("node");
        installBrowserDriver(onPath("npm"));

        this.stack = stack;
        String prefix = TestNames.of(OperatorPageIT.class, "page", "");
        alerts = prefix + "alerts";
        cluster = new QueryTestCluster(stack, dir, prefix);
        a = cluster.start("a");
        b = cluster.start("b");
        cluster.awaitRunning(a, b);
        for (int i = 1; i <= 10; i++) {
            cluster.beat("hel", PROXY, "hel-pc-" + i);
        }
        for (String site : SMALL_SITES) {
            for (int i = 1; i <= 2; i++) {
                cluster.beat(site, "DIRECT", site + "-pc-" + i);
            }
        }
        cluster.flush();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    HttpResponse<String> r = cluster.get(b, "/api/v1/sites");
                    return r.statusCode() == 200 && json(r).get("items").size() == 1 + SMALL_SITES.size();
                });
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldServeThePageWithoutATokenButNotTheApi() {
        HttpResponse<String> page = cluster.get(a, "/", null);
        HttpResponse<String> script = cluster.get(b, "/js/main.js", null);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).isEqualToIgnoringWhitespace("text/html;charset=utf-8"));
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(
                        csp -> assertThat(csp).contains("script-src 'self'").contains("connect-src 'self'"));
        assertThat(page.body()).contains("<title>Fleet connectivity</title>").doesNotContain("hel-pc");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).contains("javascript"));
        assertThat(cluster.get(a, "/api/v1/sites", null).statusCode()).isEqualTo(401);
        assertThat(cluster.get(a, "/no-such-page.html", null).statusCode()).isEqualTo(404);
    }

    @Test
    void shouldShowAScriptedOutageOnThePageInHeadlessChromium() throws Exception {
        Files.createDirectories(SCREENSHOT.getParent());
        for (String suffix : List.of("", "-wall", "-partial", "-failure")) {
            Files.deleteIfExists(sibling(suffix));
        }
        try (BrowserRun browser = BrowserRun.start(
                        List.of(
                                node,
                                SCRIPT,
                                "http://" + name(b),
                                QueryTestCluster.TOKEN,
                                FAILING_ENDPOINT,
                                SCREENSHOT.toAbsolutePath().toString()),
                        BROWSER_DIR,
                        chromium);
                KafkaConsumer<String, ConnectivityAlert> consumer = ItClients.alertReader(stack, alerts)) {
            browser.awaitLine("PAGE_READY", Duration.ofSeconds(90));

            long scripted = System.currentTimeMillis();
            for (int i = 1; i <= 5; i++) {
                cluster.proxyDnsFailure("hel", PROXY, "hel-pc-" + i);
            }
            cluster.flush();
            OpenSeen open = awaitOpen(consumer);
            long onPage = Long.parseLong(browser.awaitLine("OUTAGE_VISIBLE ", Duration.ofSeconds(200))
                    .substring("OUTAGE_VISIBLE ".length()));
            browser.awaitLine("AWAIT_PROXY", Duration.ofSeconds(120));
            scriptHubOutage();
            int exit = browser.awaitExit(Duration.ofMinutes(5));

            System.out.printf(
                    "operator page: OPEN alert on the topic %d ms and in the API %d ms after the failures "
                            + "were sent; on the page %d ms after the topic (%d ms after the API; the page polls every "
                            + "5 s)%n",
                    open.onTopic() - scripted, open.inApi() - scripted, onPage - open.onTopic(), onPage - open.inApi());
            String output = String.join("\n", browser.lines());
            assertThat(exit).as(output).isZero();
            assertThat(output).containsPattern("(?m)^PASS$").doesNotContainPattern("(?m)^FAIL");
            assertThat(output)
                    .containsPattern("ok outage appears: \"PROXY DNS at hel via " + PROXY
                            + "\" at site hel; .*[1-9]\\d* remediation steps, first: \"Fix DNS for the proxy " + PROXY);
            assertThat(output)
                    .containsPattern("ok remediation commands: [1-9]\\d* steps with commands as code, the cache"
                            + " clean-up: \"net stop fsulnethoster\\\\n.*\\\\nnet start fsulnethoster\"");
            // the chart may be drawn before the last of the five failures is counted: it has bars of curl:5, at most 5
            assertThat(output)
                    .containsPattern("ok chart: [1-9]\\d* bars? for hel, failures by code \\{\"curl:5\":[1-5]\\}");
            assertThat(output).contains("ok endpoint search: " + FAILING_ENDPOINT + " is FAILING");
            assertThat(output).contains("ok rebalancing banner").contains("ok partial banner");
            assertThat(output)
                    .containsPattern("ok proxy outage across sites: one card: .*; proxy "
                            + java.util.regex.Pattern.quote(HUB) + "; sites (ber, osl|osl, ber);");
            for (String suffix : List.of("", "-wall", "-partial")) {
                assertPng(sibling(suffix));
            }
        }
    }

    /**
     * Five endpoints at each of two small sites, through the hub, are seen healthy, then all refused by it: one proxy
     * outage across the two sites (the hub fails for every endpoint that uses it), not two site outages. Sent twice,
     * 12 s apart, past the settle.
     */
    private void scriptHubOutage() throws InterruptedException {
        for (String site : HUB_SITES) {
            for (int i = 1; i <= 5; i++) {
                cluster.beat(site, HUB, site + "-hub-" + i);
            }
        }
        cluster.flush();
        Thread.sleep(2000);
        for (int round = 0; round < 2; round++) {
            for (String site : HUB_SITES) {
                for (int i = 1; i <= 5; i++) {
                    cluster.connectRefused(site, HUB, site + "-hub-" + i);
                }
            }
            cluster.flush();
            Thread.sleep(12000);
        }
    }

    private record OpenSeen(long onTopic, long inApi) {}

    /** When the OPEN alert was first read from the topic, and first listed by the API, polling both together. */
    private OpenSeen awaitOpen(KafkaConsumer<String, ConnectivityAlert> consumer) {
        long[] seen = {0, 0};
        await().atMost(Duration.ofSeconds(90))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> lookForOpen(consumer, seen));
        return new OpenSeen(seen[0], seen[1]);
    }

    private boolean lookForOpen(KafkaConsumer<String, ConnectivityAlert> consumer, long[] seen) {
        if (seen[0] == 0) {
            for (ConsumerRecord<String, ConnectivityAlert> r : consumer.poll(Duration.ofMillis(100))) {
                if (r.value().getStatus() == AlertStatus.OPEN && seen[0] == 0) {
                    seen[0] = System.currentTimeMillis();
                }
            }
        }
        if (seen[1] == 0) {
            HttpResponse<String> r = cluster.get(a, "/api/v1/outages");
            if (r.statusCode() == 200 && json(r).get("items").size() == 1) {
                seen[1] = System.currentTimeMillis();
            }
        }
        return seen[0] != 0 && seen[1] != 0;
    }

    private static Path sibling(String suffix) {
        return SCREENSHOT.resolveSibling(SCREENSHOT.getFileName().toString().replace(".png", suffix + ".png"));
    }

    private static void assertPng(Path file) throws IOException {
        assertThat(file).as("screenshot %s", file.toAbsolutePath()).exists();
        byte[] head = Arrays.copyOf(Files.readAllBytes(file), 8);
        assertThat(head).startsWith(0x89, 'P', 'N', 'G');
        assertThat(Files.size(file)).as("size of %s", file).isGreaterThan(20_000);
    }

    /** The node project of the browser script, installed from its lock into target/ (not into the sources). */
    private static void installBrowserDriver(String npm) {
        try {
            Files.createDirectories(BROWSER_DIR);
            for (String f : NODE_PROJECT) {
                Files.copy(resource("/browser/" + f), BROWSER_DIR.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
            Path installedFrom = BROWSER_DIR.resolve("node_modules").resolve(".installed-from-package-lock.json");
            byte[] lock = Files.readAllBytes(BROWSER_DIR.resolve("package-lock.json"));
            if (Files.exists(installedFrom) && Arrays.equals(lock, Files.readAllBytes(installedFrom))) {
                return;
            }
            Process npmCi = new ProcessBuilder(npm, "ci", "--no-audit", "--no-fund", "--prefer-offline")
                    .directory(BROWSER_DIR.toFile())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(npmCi.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!npmCi.waitFor(5, TimeUnit.MINUTES) || npmCi.exitValue() != 0) {
                npmCi.destroyForcibly();
                fail("npm ci of the browser test's node project failed in " + BROWSER_DIR.toAbsolutePath() + ":\n"
                        + out);
            }
            Files.write(installedFrom, lock);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path resource(String name) {
        URL url = OperatorPageIT.class.getResource(name);
        if (url == null) {
            throw new IllegalStateException(name + " is not on the test classpath");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(d, program);
            if (!d.isEmpty() && Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return fail("no " + program + " on the PATH: " + SETUP_HINT);
    }

    /** The node process running the browser script, its output read line by line as it comes. */
    private static final class BrowserRun implements AutoCloseable {
        private final Process process;
        private final Thread reader;
        private final BlockingQueue<String> pending = new LinkedBlockingQueue<>();
        private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

        private BrowserRun(Process process) {
            this.process = process;
            this.reader = new Thread(() -> read(process.getInputStream()), "browser-script-output");
            reader.setDaemon(true);
            reader.start();
        }

        static BrowserRun start(List<String> command, Path dir, String chromium) throws IOException {
            ProcessBuilder pb =
                    new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
            pb.environment().put("CHROMIUM", chromium);
            // the token of a viewer of every site (principal vera): the page must not offer it any action
            pb.environment().put("VIEWER_TOKEN", QueryTestCluster.VIEWER_TOKEN);
            return new BrowserRun(pb.start());
        }

        private void read(InputStream in) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    System.out.println("[browser] " + line);
                    lines.add(line);
                    pending.add(line);
                }
            } catch (IOException e) {
                lines.add("(output unreadable: " + e + ")");
            }
        }

        /** The first line starting with the prefix; fails on the script's FAIL line, its exit, or the deadline. */
        String awaitLine(String prefix, Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            while (System.nanoTime() < deadline) {
                String line = pending.poll(200, TimeUnit.MILLISECONDS);
                if (line == null) {
                    if (!process.isAlive() && pending.isEmpty()) {
                        break;
                    }
                    continue;
                }
                if (line.startsWith(prefix)) {
                    return line;
                }
                if (line.startsWith("FAIL")) {
                    break;
                }
            }
            return fail("no \"" + prefix + "\" from the browser script within " + within + ":\n"
                    + String.join("\n", lines()));
        }

        int awaitExit(Duration within) throws InterruptedException {
            if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
                return fail("the browser script did not end within " + within + ":\n" + String.join("\n", lines()));
            }
            reader.join(TimeUnit.SECONDS.toMillis(10)); // its last lines
            return process.exitValue();
        }

        List<String> lines() {
            synchronized (lines) {
                return List.copyOf(lines);
            }
        }

        @Override
        public void close() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
