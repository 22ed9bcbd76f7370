package org.fleettelemetry.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one REST call to the registry: tries the URLs in order, starting with the last one that
 * worked, and retries whole rounds with capped exponential backoff. Every request carries the
 * timeout, so a call ends within roughly {@code (maxRetries + 1) * urls * timeout + backoffs}.
 *
 * <p>The JDK's {@link HttpURLConnection} (HTTP/1.1, keep-alive) and not {@code java.net.http.HttpClient}:
 * a registry client makes a handful of calls in a process's life, and the newer client loads its own
 * selector thread, about 400 classes and the whole TLS stack with the parsed CA certificates even for an
 * {@code http} URL, which is several MiB of a 96 MiB collector. Here TLS is loaded for {@code https} only.
 */
final class RegistryTransport {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    static final String ACCEPT = "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; q=0.9,"
            + " application/json; q=0.5";

    private static final Logger LOG = LoggerFactory.getLogger(RegistryTransport.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<RegistryEndpoint> endpoints;
    private final Duration timeout;
    private final int maxRetries;
    private final long backoffMs;
    private final long backoffMaxMs;
    private final AtomicInteger preferred = new AtomicInteger();
    private final SSLSocketFactory sslSocketFactory;

    RegistryTransport(SchemaRegistryClientConfig config) {
        this.endpoints = config.endpoints();
        this.timeout = config.requestTimeout();
        this.maxRetries = config.maxRetries();
        this.backoffMs = config.retryBackoff().toMillis();
        this.backoffMaxMs = config.retryBackoffMax().toMillis();
        this.sslSocketFactory = config.sslSocketFactory().orElse(null);
    }

    JsonNode send(RegistryRequest request) {
        Set<RegistryEndpoint> tried = new LinkedHashSet<>();
        Throwable lastCause = null;
        int attempts = 0;
        int count = endpoints.size();
        for (int round = 0; round <= maxRetries; round++) {
            if (round > 0) {
                pause(round);
            }
            int start = preferred.get();
            for (int i = 0; i < count; i++) {
                int index = (start + i) % count;
                RegistryEndpoint endpoint = endpoints.get(index);
                tried.add(endpoint);
                attempts++;
                Response response;
                try {
                    response = exchange(endpoint, request);
                } catch (IOException e) {
                    if (!RegistryErrorClassifier.isRetriable(e)) {
                        throw RegistryErrorClassifier.permanent(request, endpoint, e);
                    }
                    lastCause = e;
                    failOver(index, endpoint, request, e.toString());
                    continue;
                }
                int status = response.status();
                if (RegistryErrorClassifier.isSuccess(status)) {
                    return parse(request, endpoint, status, response.body());
                }
                if (RegistryErrorClassifier.isRetriable(status)) {
                    lastCause = RegistryErrorClassifier.retriableCause(endpoint, status, response.body());
                    failOver(index, endpoint, request, lastCause.getMessage());
                    continue;
                }
                throw RegistryErrorClassifier.permanent(request, endpoint, status, response.body());
            }
        }
        throw RegistryErrorClassifier.unavailable(request, tried, attempts, lastCause);
    }

    private record Response(int status, String body) {}

    /**
     * One request and its whole answer. The body is read to the end (also for errors) so the connection
     * goes back to the JDK's keep-alive cache; redirects are not followed, as before.
     */
    private Response exchange(RegistryEndpoint endpoint, RegistryRequest request) throws IOException {
        HttpURLConnection connection =
                (HttpURLConnection) new URL(endpoint.baseUrl() + request.path()).openConnection();
        int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
        connection.setConnectTimeout(millis);
        connection.setReadTimeout(millis);
        connection.setInstanceFollowRedirects(false);
        if (sslSocketFactory != null && connection instanceof HttpsURLConnection https) {
            // the default host name verifier stays: the certificate must name the URL's host (an IP SAN for an IP)
            https.setSSLSocketFactory(sslSocketFactory);
        }
        connection.setUseCaches(false);
        connection.setRequestMethod(request.method());
        connection.setRequestProperty("Accept", ACCEPT);
        endpoint.authorization().ifPresent(value -> connection.setRequestProperty("Authorization", value));
        try {
            if (request.body() != null) {
                byte[] body = request.body().getBytes(StandardCharsets.UTF_8);
                connection.setRequestProperty("Content-Type", CONTENT_TYPE);
                connection.setDoOutput(true);
                connection.setFixedLengthStreamingMode(body.length);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(body);
                }
            }
            int status = connection.getResponseCode();
            InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            return new Response(status, in == null ? "" : readAll(in));
        } catch (IOException e) {
            connection.disconnect();
            throw e;
        }
    }

    private static String readAll(InputStream in) throws IOException {
        try (in) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            in.transferTo(buffer);
            return buffer.toString(StandardCharsets.UTF_8);
        }
    }

    private static JsonNode parse(RegistryRequest request, RegistryEndpoint endpoint, int status, String body) {
        if (body == null || body.isBlank()) {
            return NullNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw RegistryErrorClassifier.notJson(request, endpoint, status, body);
        }
    }

    /** Later calls start at the next URL, so a dead first URL does not cost a timeout every time. */
    private void failOver(int index, RegistryEndpoint endpoint, RegistryRequest request, String reason) {
        preferred.compareAndSet(index, (index + 1) % endpoints.size());
        LOG.warn("Schema registry {} failed to {}: {}", endpoint, request.describe(), reason);
    }

    private void pause(int round) {
        long exponential = backoffMs << Math.min(round - 1, 20);
        long capped = Math.min(exponential, backoffMaxMs);
        if (capped <= 0) {
            return;
        }
        // jitter keeps many producers that lost the registry together from retrying in lock step
        long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
        try {
            Thread.sleep(jittered);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        }
    }

    List<RegistryEndpoint> endpoints() {
        return endpoints;
    }
}
