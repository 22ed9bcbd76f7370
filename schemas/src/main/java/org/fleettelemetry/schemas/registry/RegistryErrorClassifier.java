package org.fleettelemetry.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Collection;
import javax.net.ssl.SSLException;

/**
 * The one place that decides whether a registry failure is worth retrying and turns failures into
 * exceptions with a message that names the operation, the subject or id, and the URL (never its
 * password). Retriable: connection errors, timeouts, 5xx, 408, 429. Permanent: every other 4xx, TLS
 * failures, and answers that are not the registry's JSON.
 */
final class RegistryErrorClassifier {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY_IN_MESSAGE = 300;

    private RegistryErrorClassifier() {}

    static boolean isSuccess(int status) {
        return status >= 200 && status < 300;
    }

    static boolean isRetriable(int status) {
        return status >= 500 || status == 408 || status == 429;
    }

    /** TLS errors are configuration problems (trust store, host name); repeating does not fix them. */
    static boolean isRetriable(IOException error) {
        return !(error instanceof SSLException);
    }

    /** The cause recorded for a retriable HTTP answer, reported if all retries fail. */
    static IOException retriableCause(RegistryEndpoint endpoint, int status, String body) {
        RegistryError error = RegistryError.parse(status, body);
        return new IOException(
                "HTTP " + status + " from " + endpoint + " (registry error " + error.code() + "): " + error.message());
    }

    static SchemaRegistryException permanent(RegistryRequest request, RegistryEndpoint endpoint, IOException error) {
        return withCause(
                new SchemaRegistryException(
                        request.describe() + " failed: TLS failure talking to schema registry " + endpoint + ": "
                                + error,
                        0,
                        0),
                error);
    }

    static SchemaRegistryException notJson(
            RegistryRequest request, RegistryEndpoint endpoint, int status, String body) {
        return new SchemaRegistryException(
                request.describe() + " failed: schema registry " + endpoint + " answered HTTP " + status
                        + " with a body that is not the registry's JSON (is the base URL right? Apicurio's is"
                        + " http://host:port/apis/ccompat/v7): " + excerpt(body),
                status,
                status);
    }

    static SchemaRegistryException permanent(
            RegistryRequest request, RegistryEndpoint endpoint, int status, String body) {
        RegistryError error = RegistryError.parse(status, body);
        int code = error.code();
        String said = error.message();
        String subject = request.subject();
        if (status == 409) {
            return new IncompatibleSchemaException(
                    "schema for subject '" + subject + "' is incompatible with an earlier version (registry error "
                            + code + "): " + said,
                    status,
                    code);
        }
        if (status == 401 || status == 403) {
            String hint = endpoint.hasCredentials()
                    ? "check the user and password in " + SchemaRegistryClientConfig.BASIC_AUTH_USER_INFO
                            + " or in the URL"
                    : "no credentials were sent: set " + SchemaRegistryClientConfig.BASIC_AUTH_CREDENTIALS_SOURCE
                            + " and " + SchemaRegistryClientConfig.BASIC_AUTH_USER_INFO;
            return new RegistryAuthenticationException(
                    request.describe() + " failed: schema registry " + endpoint + " answered HTTP " + status
                            + (status == 401 ? " (not authenticated)" : " (not authorised)") + "; " + hint
                            + " (registry error " + code + "): " + said,
                    status,
                    code);
        }
        if (status == 404) {
            if (code == 40401) {
                return new SubjectNotFoundException(
                        "subject '" + subject + "' not found in schema registry " + endpoint + " while trying to "
                                + request.describe() + " (registry error 40401): " + said,
                        status,
                        code);
            }
            if (code == 40402) {
                return new VersionNotFoundException(
                        "version " + request.version() + " of subject '" + subject + "' not found in schema registry "
                                + endpoint + " (registry error 40402): " + said,
                        status,
                        code);
            }
            if (code == 40403) {
                String what = request.schemaId() != null
                        ? "schema id " + request.schemaId() + " not found"
                        : "schema not registered under subject '" + subject + "'";
                return new SchemaNotFoundException(
                        what + " in schema registry " + endpoint + " (registry error 40403): " + said, status, code);
            }
        }
        if (status == 422) {
            return new InvalidSchemaException(
                    request.describe() + " failed: schema registry " + endpoint + " rejected the schema or request"
                            + " as invalid (registry error " + code + "): " + said,
                    status,
                    code);
        }
        return new SchemaRegistryException(
                request.describe() + " failed: schema registry " + endpoint + " answered HTTP " + status
                        + " (registry error " + code + "): " + said,
                status,
                code);
    }

    static RegistryUnavailableException unavailable(
            RegistryRequest request, Collection<RegistryEndpoint> tried, int attempts, Throwable lastCause) {
        return new RegistryUnavailableException(
                "schema registry unavailable: " + request.describe() + " failed after " + attempts
                        + " attempt(s) against " + tried + "; last cause: " + lastCause,
                lastCause);
    }

    private static <T extends RuntimeException> T withCause(T exception, Throwable cause) {
        exception.initCause(cause);
        return exception;
    }

    static String excerpt(String body) {
        if (body == null || body.isBlank()) {
            return "(empty body)";
        }
        String flat = body.strip().replaceAll("\\s+", " ");
        return flat.length() <= MAX_BODY_IN_MESSAGE ? flat : flat.substring(0, MAX_BODY_IN_MESSAGE) + "...";
    }

    /** Confluent's error body {@code {"error_code": 40401, "message": "..."}}, or the raw text. */
    record RegistryError(int code, String message) {

        static RegistryError parse(int status, String body) {
            try {
                JsonNode node = body == null || body.isBlank() ? null : JSON.readTree(body);
                if (node != null && node.isObject()) {
                    int code = node.path("error_code").asInt(status);
                    String message =
                            node.hasNonNull("message") ? node.get("message").asText() : excerpt(body);
                    return new RegistryError(code, message);
                }
            } catch (IOException notJson) {
                // an HTML error page from a proxy or a wrong base URL: show its start instead
            }
            return new RegistryError(status, excerpt(body));
        }
    }
}
