package org.fleettelemetry.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StormQueriesTest {
    private HttpServer server;
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private final List<String> tokens = new CopyOnWriteArrayList<>();
    private final AtomicBoolean firstHeld = new AtomicBoolean();

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            asked.add(exchange.getRequestURI().getPath());
            tokens.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            if (exchange.getRequestURI().getPath().equals("/slow") && firstHeld.compareAndSet(false, true)) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int status = exchange.getRequestURI().getPath().equals("/missing") ? 404 : 200;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void close() {
        server.stop(0);
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void aLookupHeldUpCountsItsWaitFromItsScheduledTime() throws Exception {
        // 100 a second: the first lookup is held 500 ms, so the ones scheduled at 10, 20, ... 400 ms wait behind it
        StormQueries probe = new StormQueries(base(), "t0", i -> "/slow", 1, 100);
        probe.countFrom(System.nanoTime());
        probe.start();
        Thread.sleep(1_200);
        StormQueries.Result r = probe.stop();

        assertThat(r.errors()).isZero();
        assertThat(r.count()).isGreaterThan(41);
        long heldUp = Arrays.stream(r.sortedDelaysMs()).filter(d -> d >= 100).count();
        // measured from when each was sent, only the first would be slow
        assertThat(heldUp).isGreaterThanOrEqualTo(41);
        assertThat(r.max()).isGreaterThanOrEqualTo(500);
        assertThat(tokens).allMatch(t -> t.equals("Bearer t0"));
    }

    @Test
    void failedLookupsAreCountedAsTheTimeoutWithTheFirstCause() throws Exception {
        StormQueries probe = new StormQueries(base(), "t1", i -> i == 0 ? "/missing" : "/ok", 2, 50);
        probe.countFrom(System.nanoTime());
        probe.start();
        while (asked.stream().filter("/missing"::equals).count() < 2) {
            Thread.sleep(20);
        }
        StormQueries.Result r = probe.stop();

        long missing = asked.stream().filter("/missing"::equals).count();
        assertThat(r.errors()).isEqualTo((int) missing);
        assertThat(r.firstError()).isEqualTo("HTTP 404 for /missing");
        assertThat(Arrays.stream(r.sortedDelaysMs())
                        .filter(d -> d == StormQueries.TIMEOUT.toMillis())
                        .count())
                .isEqualTo(missing);
        assertThat(r.count()).isEqualTo(asked.size());
    }

    @Test
    void lookupsBeforeTheCountedPartAreAskedButNotCounted() throws Exception {
        AtomicBoolean known = new AtomicBoolean();
        StormQueries probe = new StormQueries(base(), "t3", i -> known.get() ? "/ok" : "/missing", 1, 50);
        probe.start();
        while (asked.size() < 3) {
            Thread.sleep(20);
        }
        known.set(true);
        Thread.sleep(50); // the lookup in flight when the path changed
        probe.countFrom(System.nanoTime());
        int before = asked.size();
        while (asked.size() < before + 5) {
            Thread.sleep(20);
        }
        StormQueries.Result r = probe.stop();

        assertThat(asked.subList(0, 3)).containsOnly("/missing");
        assertThat(r.errors()).isZero();
        assertThat(r.count()).isBetween(4, asked.size() - 3);
    }

    @Test
    void anUnreachableApiIsAnError() throws Exception {
        server.stop(0);
        StormQueries probe = new StormQueries(base(), "t2", i -> "/x", 1, 20);
        probe.countFrom(System.nanoTime());
        probe.start();
        Thread.sleep(300);
        StormQueries.Result r = probe.stop();

        assertThat(r.count()).isPositive();
        assertThat(r.errors()).isEqualTo(r.count());
        assertThat(r.firstError()).contains("/x");
        assertThat(r.percentile(50)).isEqualTo(StormQueries.TIMEOUT.toMillis());
    }

    @Test
    void aProbeNeedsARateAndPaths() {
        assertThatThrownBy(() -> new StormQueries(base(), "t", i -> "/", 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StormQueries(base(), "t", i -> "/", 0, 10))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
