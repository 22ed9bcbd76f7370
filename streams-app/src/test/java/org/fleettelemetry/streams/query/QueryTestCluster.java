package org.fleettelemetry.streams.query;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.fleettelemetry.schemas.avro.EndpointEvent;
import org.fleettelemetry.schemas.avro.EndpointHeartbeat;
import org.fleettelemetry.schemas.avro.EventKind;
import org.fleettelemetry.schemas.avro.LogFile;
import org.fleettelemetry.schemas.serde.AvroSerializer;
import org.fleettelemetry.stack.junit.KafkaStack;
import org.fleettelemetry.streams.StreamsApp;
import org.fleettelemetry.streams.config.ApiPrincipal;
import org.fleettelemetry.streams.config.StreamsAppConfig;

/**
 * For the query ITs: app instances of one application on the real broker and registry, each with its query API on a
 * port of its own, a producer of heartbeats and events, and an HTTP client.
 */
public final class QueryTestCluster implements AutoCloseable {
    public static final String TOKEN = "it-token-7f3a";
    /** The token of principal {@code acme-viewer}: a viewer of the sites {@code acme-*}. */
    public static final String ACME_TOKEN = "it-acme-viewer-5d2b";
    /** The token of principal {@code acme-ops}: an operator of the sites {@code acme-*}. */
    public static final String ACME_OPS_TOKEN = "it-acme-ops-81c4";
    /** The token of principal {@code vera}: a viewer of every site. */
    public static final String VIEWER_TOKEN = "it-vera-viewer-3f07";

    private final KafkaStack stack;
    private final Path dir;
    private final String prefix;
    private final String events;
    private final String beats;
    private final List<StreamsApp> apps = new ArrayList<>();
    private final KafkaProducer<String, SpecificRecord> producer;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicInteger sequence = new AtomicInteger();

    public QueryTestCluster(KafkaStack stack, Path dir, String prefix) {
        this.stack = stack;
        this.dir = dir;
        this.prefix = prefix;
        this.events = prefix + "events";
        this.beats = prefix + "heartbeats";
        stack.createTopics(Map.of(events, 4, beats, 4, prefix + "alerts", 1, prefix + "dlq", 1, prefix + "actions", 1));
        AvroSerializer<SpecificRecord> values = new AvroSerializer<>();
        values.configure(Map.of("schema.registry.url", stack.registryUrl()), false);
        producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        stack.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new StringSerializer(),
                values);
    }

    public StreamsApp start(String name) {
        return start(name, Map.of());
    }

    /** An instance with {@code settings} over the defaults (e.g. shorter detection times). */
    public StreamsApp start(String name, Map<String, String> settings) {
        Map<String, String> c = new HashMap<>();
        c.put("application.id", prefix.replaceAll("[^A-Za-z0-9_-]", "-"));
        c.put("kafka.bootstrap.servers", stack.bootstrapServers());
        c.put("schema.registry.url", stack.registryUrl());
        c.put("state.dir", dir.resolve(name).toString());
        c.put("topic.events", events);
        c.put("topic.heartbeats", beats);
        c.put("topic.alerts", prefix + "alerts");
        c.put("topic.dead-letter", prefix + "dlq");
        c.put("topic.actions", prefix + "actions");
        c.put("http.port", Integer.toString(freePort()));
        c.put("api.tokens", "some-other-token," + TOKEN);
        c.put("api.principal.acme-viewer.token.sha256", ApiPrincipal.sha256Hex(ACME_TOKEN));
        c.put("api.principal.acme-viewer.role", "viewer");
        c.put("api.principal.acme-viewer.sites", "acme-*");
        c.put("api.principal.acme-ops.token.sha256", ApiPrincipal.sha256Hex(ACME_OPS_TOKEN));
        c.put("api.principal.acme-ops.role", "operator");
        c.put("api.principal.acme-ops.sites", "acme-*");
        c.put("api.principal.vera.token.sha256", ApiPrincipal.sha256Hex(VIEWER_TOKEN));
        c.put("api.principal.vera.role", "viewer");
        c.put("query.forward.timeout", "3s");
        c.put("detect.group.wait", "2s");
        c.put("kafka.streams.replication.factor", "1");
        c.put("kafka.streams.commit.interval.ms", "200");
        c.put("kafka.streams.consumer.session.timeout.ms", "10000");
        c.putAll(settings);
        StreamsApp app = StreamsApp.start(StreamsAppConfig.from(c));
        apps.add(app);
        return app;
    }

    public void awaitRunning(StreamsApp... running) {
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            for (StreamsApp a : running) {
                if (a.streams().state() != KafkaStreams.State.RUNNING) {
                    return false;
                }
            }
            return true;
        });
    }

    public static String name(StreamsApp app) {
        return app.config().advertisedHost() + ":" + app.config().httpPort();
    }

    /** The instance whose API owns the key in the store now, as the given instance's metadata says. */
    public static String owner(StreamsApp asking, String store, String key) {
        KeyQueryMetadata md = asking.streams().queryMetadataForKey(store, key, new StringSerializer());
        HostInfo h = md.activeHost();
        return h.host() + ":" + h.port();
    }

    public void beat(String site, String proxy, String pc) {
        producer.send(new ProducerRecord<>(
                beats,
                pc,
                EndpointHeartbeat.newBuilder()
                        .setEndpointId(pc)
                        .setSite(site)
                        .setProxy(proxy)
                        .setProduct("Elements EPP for Computers")
                        .setCollectorVersion("it")
                        .setTimestamp(Instant.now())
                        .setLinesSinceLast(1)
                        .setFailuresSinceLast(0)
                        .setSpoolBytes(0)
                        .build()));
    }

    /** A "Couldn't resolve proxy" failure (curl:5, class PROXY_DNS). */
    public void proxyDnsFailure(String site, String proxy, String pc) {
        String host = proxy.substring(0, proxy.indexOf(':'));
        curlFailure(site, proxy, pc, 5, "Couldn't resolve proxy: " + host, host);
    }

    /** A "Couldn't connect" failure through the proxy (curl:7, class CONNECT_REFUSED). */
    public void connectRefused(String site, String proxy, String pc) {
        curlFailure(site, proxy, pc, 7, "Couldn't connect to server", null);
    }

    private void curlFailure(String site, String proxy, String pc, int curl, String text, String lineProxy) {
        producer.send(new ProducerRecord<>(
                events,
                pc,
                EndpointEvent.newBuilder()
                        .setEventId(pc + ":f:" + sequence.incrementAndGet())
                        .setEndpointId(pc)
                        .setSite(site)
                        .setProxy(proxy)
                        .setProduct("Elements EPP for Computers")
                        .setLogFile(LogFile.FSSCORPLUG)
                        .setTimestamp(Instant.now())
                        .setLevel(".W")
                        .setSource("CurlQuery::completeWithStatus")
                        .setMessage("failed with " + curl + ": " + text)
                        .setKind(EventKind.CONNECTION_FAILURE)
                        .setErrorCode("curl:" + curl)
                        .setCurlCode(curl)
                        .setLineProxy(lineProxy)
                        .build()));
    }

    public void flush() {
        producer.flush();
    }

    /** A request with the cluster's token and a JSON body (or none). */
    public HttpResponse<String> send(StreamsApp app, String method, String pathAndQuery, String jsonBody) {
        return send(app, method, pathAndQuery, jsonBody, "Bearer " + TOKEN);
    }

    /** A request with this Authorization header and a JSON body (or none). */
    public HttpResponse<String> send(
            StreamsApp app, String method, String pathAndQuery, String jsonBody, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + name(app) + pathAndQuery))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .method(
                        method,
                        jsonBody == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(jsonBody));
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops one instance (its state directory is kept), so that it can be started again under its name. */
    public void stop(StreamsApp app) {
        app.close(Duration.ofSeconds(30));
        apps.remove(app);
    }

    public HttpResponse<String> get(StreamsApp app, String pathAndQuery) {
        return get(app, pathAndQuery, "Bearer " + TOKEN);
    }

    public HttpResponse<String> get(StreamsApp app, String pathAndQuery, String authorization) {
        return get(app, pathAndQuery, authorization, Map.of());
    }

    public HttpResponse<String> get(
            StreamsApp app, String pathAndQuery, String authorization, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + name(app) + pathAndQuery))
                .timeout(Duration.ofSeconds(20));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        headers.forEach(b::header);
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode json(HttpResponse<String> response) {
        try {
            return QueryJson.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        for (StreamsApp app : apps) {
            app.close(Duration.ofSeconds(30));
        }
    }
}
