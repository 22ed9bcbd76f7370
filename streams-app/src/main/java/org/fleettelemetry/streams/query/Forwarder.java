package org.fleettelemetry.streams.query;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks another instance over HTTP, with the caller's token and the hop header, within a timeout. The other instance
 * answers from its own stores only, so a forwarded query never travels further.
 */
final class Forwarder {
    private final HttpClient client;
    private final String scheme;
    private final String self;
    private final Duration timeout;
    private final ObjectMapper mapper = QueryJson.mapper();

    Forwarder(HttpClient client, boolean tls, String self, Duration timeout) {
        this.client = client;
        this.scheme = tls ? "https" : "http";
        this.self = self;
        this.timeout = timeout;
    }

    static HttpClient defaultClient(Duration timeout) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    <T> Served<T> key(HostInfo host, KeyOp op, String key, Map<String, String> params, QueryContext ctx)
            throws ForwardException {
        HttpRequest request = request(host, QueryProtocol.KEY_PATH + op.pathName(), key, params, ctx);
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new ForwardException(name(host) + " did not answer within " + timeout);
        } catch (IOException e) {
            throw new ForwardException(name(host) + " is unreachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ForwardException("interrupted while asking " + name(host));
        }
        checkStatus(host, response);
        try {
            @SuppressWarnings("unchecked")
            T value = (T) mapper.readValue(response.body(), op.result());
            String lag = response.headers().firstValue(QueryProtocol.STALE_LAG_HEADER).orElse(null);
            return new Served<>(value, response.headers().firstValue(QueryProtocol.SERVED_BY_HEADER).orElse(name(host)),
                    lag == null ? null : Long.valueOf(lag));
        } catch (IOException | NumberFormatException e) {
            throw new ForwardException(name(host) + " sent an unreadable answer: " + e.getMessage());
        }
    }

    /** Completes with the instance's share, or exceptionally with a {@link ForwardException} or a query error. */
    <T> CompletableFuture<Share<T>> share(HostInfo host, ShareOp op, Map<String, String> params, QueryContext ctx,
            JavaType shareType) {
        HttpRequest request = request(host, QueryProtocol.SHARE_PATH + op.pathName(), null, params, ctx);
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .handle((response, failure) -> {
                    try {
                        if (failure != null) {
                            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                                    ? failure.getCause() : failure;
                            throw new ForwardException(cause instanceof HttpTimeoutException
                                    ? name(host) + " did not answer within " + timeout
                                    : name(host) + " is unreachable: " + cause);
                        }
                        checkStatus(host, response);
                        return mapper.<Share<T>>readValue(response.body(), shareType);
                    } catch (ForwardException e) {
                        throw new CompletionException(e);
                    } catch (IOException e) {
                        throw new CompletionException(
                                new ForwardException(name(host) + " sent an unreadable answer: " + e.getMessage()));
                    }
                });
    }

    private HttpRequest request(HostInfo host, String path, String key, Map<String, String> params, QueryContext ctx) {
        StringBuilder url = new StringBuilder(96).append(scheme).append("://").append(host.host()).append(':')
                .append(host.port()).append(path).append('?').append(QueryProtocol.MAX_LAG_PARAM).append('=')
                .append(ctx.maxLag());
        if (key != null) {
            url.append('&').append(QueryProtocol.KEY_PARAM).append('=').append(encode(key));
        }
        params.forEach((k, v) -> url.append('&').append(encode(k)).append('=').append(encode(v)));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url.toString())).timeout(timeout).GET()
                .header(QueryProtocol.HOP_HEADER, self).header("Accept", "application/json");
        if (ctx.authorization() != null) {
            b.header("Authorization", ctx.authorization());
        }
        return b.build();
    }

    /** 200 passes; 503 is worth a fallback; any other error is the answer (e.g. 404), passed on as it came. */
    private void checkStatus(HostInfo host, HttpResponse<byte[]> response) throws ForwardException {
        int status = response.statusCode();
        if (status == 200) {
            return;
        }
        String code = "peer_error";
        String message = name(host) + " answered " + status;
        try {
            JsonNode error = mapper.readTree(response.body());
            if (error != null && error.hasNonNull("code") && error.hasNonNull("message")) {
                code = error.get("code").asText();
                message = error.get("message").asText();
            }
        } catch (IOException e) {
            // not our JSON (a proxy's error page, say): the status alone says enough
        }
        if (status == 503) {
            throw new ForwardException(name(host) + ": " + message);
        }
        throw new PeerErrorException(status, code, message);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String name(HostInfo host) {
        return host.host() + ":" + host.port();
    }
}
