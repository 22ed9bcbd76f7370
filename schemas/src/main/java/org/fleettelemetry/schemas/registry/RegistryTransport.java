package org.fleettelemetry.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one REST call to the registry: tries the URLs in order, starting with the last one that
 * worked, and retries whole rounds with capped exponential backoff. Every request carries the
 * timeout, so a call ends within roughly {@code (maxRetries + 1) * urls * timeout + backoffs}.
 */
final class RegistryTransport {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    static final String ACCEPT =
            "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; q=0.9,"
                    + " application/json; q=0.5";

    private static final Logger LOG = LoggerFactory.getLogger(RegistryTransport.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<RegistryEndpoint> endpoints;
    private final Duration timeout;
    private final int maxRetries;
    private final long backoffMs;
    private final long backoffMaxMs;
    private final HttpClient http;
    private final AtomicInteger preferred = new AtomicInteger();

    RegistryTransport(SchemaRegistryClientConfig config) {
        this.endpoints = config.endpoints();
        this.timeout = config.requestTimeout();
        this.maxRetries = config.maxRetries();
        this.backoffMs = config.retryBackoff().toMillis();
        this.backoffMaxMs = config.retryBackoffMax().toMillis();
        // HTTP/1.1: an h2c upgrade attempt on plain http confuses some proxies in front of registries
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
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
                HttpResponse<String> response;
                try {
                    response = http.send(build(endpoint, request), HttpResponse.BodyHandlers.ofString());
                } catch (IOException e) {
                    if (!RegistryErrorClassifier.isRetriable(e)) {
                        throw RegistryErrorClassifier.permanent(request, endpoint, e);
                    }
                    lastCause = e;
                    failOver(index, endpoint, request, e.toString());
                    continue;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptException(e);
                }
                int status = response.statusCode();
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

    private HttpRequest build(RegistryEndpoint endpoint, RegistryRequest request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(endpoint.baseUrl() + request.path()))
                .timeout(timeout)
                .header("Accept", ACCEPT);
        endpoint.authorization().ifPresent(value -> builder.header("Authorization", value));
        if (request.body() != null) {
            builder.header("Content-Type", CONTENT_TYPE)
                    .method(request.method(), HttpRequest.BodyPublishers.ofString(request.body()));
        } else {
            builder.method(request.method(), HttpRequest.BodyPublishers.noBody());
        }
        return builder.build();
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
