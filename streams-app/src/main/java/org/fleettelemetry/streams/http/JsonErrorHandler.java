package org.fleettelemetry.streams.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.fleettelemetry.streams.query.QueryJson;

/**
 * Jetty's own answers in the API's error shape: a request Jetty refuses before any route runs (a request line it
 * cannot parse or that is too long, headers too large, an ambiguous encoded path) and any error page Jetty writes
 * itself. Jetty's default writes an HTML page ({@code <h1>Bad Message 400</h1>}); every answer of this server is
 * {@code {code, message}} instead.
 */
final class JsonErrorHandler extends ErrorHandler {
    private static final String JSON = "application/json";

    /** The connection-level refusals: called before a request exists, so only the status and reason are known. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, JSON);
        return ByteBuffer.wrap(body(status, reason));
    }

    /** Error pages for every method, not only GET, POST and HEAD as Jetty's default. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateAcceptableResponse(
            Request baseRequest, HttpServletRequest request, HttpServletResponse response, int code, String message)
            throws IOException {
        byte[] body = body(code, message);
        response.setContentType(JSON);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        baseRequest.setHandled(true);
    }

    private static byte[] body(int status, String reason) {
        String message = reason == null || reason.isBlank() ? HttpStatus.getMessage(status) : reason;
        try {
            return QueryJson.mapper().writeValueAsBytes(ErrorMapper.forStatus(status, message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an ApiError is always serialisable", e);
        }
    }
}
