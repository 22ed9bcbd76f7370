package org.fleettelemetry.streams.http;

import io.javalin.http.staticfiles.Location;
import io.javalin.http.staticfiles.StaticFileConfig;
import java.util.Map;

/**
 * The operator page: plain files from the classpath folder {@code web/}, served at {@code /}. They are served without
 * the token because they hold no data: the page asks the operator for the token and sends it on each API call.
 */
final class OperatorPage {
    private static final String CLASSPATH_FOLDER = "/web";

    /** The page loads only its own files and talks only to this origin; it is never framed. */
    private static final Map<String, String> HEADERS = Map.of(
            "Cache-Control", "no-cache",
            "Content-Security-Policy",
                    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                            + " connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer");

    private OperatorPage() {}

    static void configure(StaticFileConfig files) {
        files.hostedPath = "/";
        files.directory = CLASSPATH_FOLDER;
        files.location = Location.CLASSPATH;
        files.headers = HEADERS;
        // Jetty's own types carry no charset, and the pages hold non-ASCII text
        files.mimeTypes.add("text/html; charset=utf-8", "html");
        files.mimeTypes.add("text/javascript; charset=utf-8", "js");
        files.mimeTypes.add("text/css; charset=utf-8", "css");
    }
}
