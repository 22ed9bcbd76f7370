package org.fleettelemetry.streams.query;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
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
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .build();
    }

    /**
     * A key lookup, on the caller's thread: a blocking {@link HttpURLConnection} (keep-alive, pooled by the JDK) costs
     * one loopback round trip and no hand-off between threads, which the asynchronous client's selector and executor
     * threads add to every call. Fan-outs, which ask every instance at once, stay on the asynchronous client.
     */
    <T> Served<T> key(HostInfo host, KeyOp op, String key, Map<String, String> params, QueryContext ctx)
            throws ForwardException {
        String url = url(host, QueryProtocol.KEY_PATH + op.pathName(), key, params, ctx);
        int status;
        byte[] body;
        String servedBy;
        String lag;
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) URI.create(url).toURL().openConnection(Proxy.NO_PROXY);
            int ms = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
            connection.setConnectTimeout(ms);
            connection.setReadTimeout(ms);
            connection.setUseCaches(false);
            connection.setRequestProperty(QueryProtocol.HOP_HEADER, self);
            connection.setRequestProperty("Accept", "application/json");
            if (ctx.authorization() != null) {
                connection.setRequestProperty("Authorization", ctx.authorization());
            }
            status = connection.getResponseCode();
            body = readFully(status >= 400 ? connection.getErrorStream() : connection.getInputStream());
            servedBy = connection.getHeaderField(QueryProtocol.SERVED_BY_HEADER);
            lag = connection.getHeaderField(QueryProtocol.STALE_LAG_HEADER);
        } catch (SocketTimeoutException e) {
            disconnect(connection);
            throw new ForwardException(name(host) + " did not answer within " + timeout);
        } catch (IOException e) {
            disconnect(connection);
            throw new ForwardException(name(host) + " is unreachable: " + e.getMessage());
        }
        checkStatus(host, status, body);
        try {
            @SuppressWarnings("unchecked")
            T value = (T) mapper.readValue(body, op.result());
            return new Served<>(
                    value, servedBy != null ? servedBy : name(host), lag == null ? null : Long.valueOf(lag));
        } catch (IOException | NumberFormatException e) {
            throw new ForwardException(name(host) + " sent an unreadable answer: " + e.getMessage());
        }
    }

    /** Reads and closes the body: a connection goes back to the keep-alive pool only once its body was consumed. */
    private static byte[] readFully(InputStream in) throws IOException {
        if (in == null) {
            return new byte[0];
        }
        try (in) {
            return in.readAllBytes();
        }
    }

    /** A connection that failed midway cannot be reused: drop it rather than leave it in the pool. */
    private static void disconnect(HttpURLConnection connection) {
        if (connection != null) {
            connection.disconnect();
        }
    }

    /** Completes with the instance's share, or exceptionally with a {@link ForwardException} or a query error. */
    <T> CompletableFuture<Share<T>> share(
            HostInfo host, ShareOp op, Map<String, String> params, QueryContext ctx, JavaType shareType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(
                        URI.create(url(host, QueryProtocol.SHARE_PATH + op.pathName(), null, params, ctx)))
                .timeout(timeout)
                .GET()
                .header(QueryProtocol.HOP_HEADER, self)
                .header("Accept", "application/json");
        if (ctx.authorization() != null) {
            b.header("Authorization", ctx.authorization());
        }
        HttpRequest request = b.build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .handle((response, failure) -> {
                    try {
                        if (failure != null) {
                            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                                    ? failure.getCause()
                                    : failure;
                            throw new ForwardException(
                                    cause instanceof HttpTimeoutException
                                            ? name(host) + " did not answer within " + timeout
                                            : name(host) + " is unreachable: " + cause);
                        }
                        checkStatus(host, response.statusCode(), response.body());
                        return mapper.<Share<T>>readValue(response.body(), shareType);
                    } catch (ForwardException e) {
                        throw new CompletionException(e);
                    } catch (IOException e) {
                        throw new CompletionException(
                                new ForwardException(name(host) + " sent an unreadable answer: " + e.getMessage()));
                    }
                });
    }

    private String url(HostInfo host, String path, String key, Map<String, String> params, QueryContext ctx) {
        StringBuilder url = new StringBuilder(96)
                .append(scheme)
                .append("://")
                .append(host.host())
                .append(':')
                .append(host.port())
                .append(path)
                .append('?')
                .append(QueryProtocol.MAX_LAG_PARAM)
                .append('=')
                .append(ctx.maxLag());
        if (key != null) {
            url.append('&').append(QueryProtocol.KEY_PARAM).append('=').append(encode(key));
        }
        params.forEach((k, v) -> url.append('&').append(encode(k)).append('=').append(encode(v)));
        return url.toString();
    }

    /** 200 passes; 503 is worth a fallback; any other error is the answer (e.g. 404), passed on as it came. */
    private void checkStatus(HostInfo host, int status, byte[] body) throws ForwardException {
        if (status == 200) {
            return;
        }
        String code = "peer_error";
        String message = name(host) + " answered " + status;
        try {
            JsonNode error = mapper.readTree(body);
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
