package org.fleettelemetry.collector.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP proxy in front of the real schema registry that a test switches between passing requests through,
 * answering 503 with the registry's JSON error body, and stalling (holding each request, unanswered, until the mode
 * changes or ten minutes pass): a registry that is down behind a load balancer, and one that hangs.
 */
final class RegistryFaultProxy implements AutoCloseable {
    enum Mode {
        PASS,
        FAIL_503,
        STALL
    }

    private static final Duration MAX_STALL = Duration.ofMinutes(10);
    private static final Set<String> HOP_HEADERS =
            Set.of("connection", "content-length", "host", "transfer-encoding", "upgrade", "expect");

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "registry-fault-proxy");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private final URI target;
    private final Object modeChanged = new Object();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong stalled = new AtomicLong();
    private volatile Mode mode = Mode.PASS;

    private RegistryFaultProxy(URI target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /** A proxy for the registry at {@code registryUrl} (its base URL, path included). */
    static RegistryFaultProxy start(String registryUrl) throws IOException {
        return new RegistryFaultProxy(URI.create(registryUrl));
    }

    /** The registry's base URL through this proxy. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + target.getRawPath();
    }

    void mode(Mode next) {
        synchronized (modeChanged) {
            mode = next;
            modeChanged.notifyAll();
        }
    }

    long refused() {
        return refused.get();
    }

    long stalled() {
        return stalled.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (mode == Mode.STALL) {
                stalled.incrementAndGet();
                long until = System.nanoTime() + MAX_STALL.toNanos();
                synchronized (modeChanged) {
                    while (mode == Mode.STALL && System.nanoTime() < until) {
                        modeChanged.wait(1_000);
                    }
                }
            }
            if (mode == Mode.FAIL_503) {
                refused.incrementAndGet();
                byte[] body = "{\"error_code\":50301,\"message\":\"registry unavailable (test proxy)\"}"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
                exchange.sendResponseHeaders(503, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            forward(exchange);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void forward(HttpExchange exchange) throws IOException, InterruptedException {
        URI base = target.resolve("/");
        URI uri = base.resolve(exchange.getRequestURI().toString());
        byte[] requestBody = exchange.getRequestBody().readAllBytes();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(requestBody));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
            }
        });
        HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        response.headers().map().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT)) && !name.startsWith(":")) {
                values.forEach(v -> exchange.getResponseHeaders().add(name, v));
            }
        });
        byte[] body = response.body();
        exchange.sendResponseHeaders(response.statusCode(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        mode(Mode.PASS);
        server.stop(0);
        threads.shutdownNow();
    }
}
