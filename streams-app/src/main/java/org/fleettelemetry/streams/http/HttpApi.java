package org.fleettelemetry.streams.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.MethodNotAllowedResponse;
import io.javalin.http.UnauthorizedResponse;
import io.javalin.json.JavalinJackson;
import io.javalin.router.JavalinDefaultRouting;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.streams.KafkaStreams;
import org.fleettelemetry.schemas.avro.Severity;
import org.fleettelemetry.streams.config.StreamsAppConfig;
import org.fleettelemetry.streams.http.auth.Principal;
import org.fleettelemetry.streams.metrics.AppMetrics;
import org.fleettelemetry.streams.query.ActionService;
import org.fleettelemetry.streams.query.BadParameterException;
import org.fleettelemetry.streams.query.KeyArgs;
import org.fleettelemetry.streams.query.KeyOp;
import org.fleettelemetry.streams.query.OutageFilter;
import org.fleettelemetry.streams.query.QueryContext;
import org.fleettelemetry.streams.query.QueryJson;
import org.fleettelemetry.streams.query.QueryProtocol;
import org.fleettelemetry.streams.query.QueryService;
import org.fleettelemetry.streams.query.Served;
import org.fleettelemetry.streams.query.ShareOp;
import org.fleettelemetry.streams.query.TimeRange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP face of one instance. {@code /api/v1/*} (and the internal routes instances use to ask each other) need a
 * bearer token from {@code api.tokens} or of a principal ({@code api.principal.*}); the principal it names is set on
 * the request ({@link #principal}), and its site scope goes with every query. Left open, deliberately: {@code /health/*} (probes carry no token),
 * {@code /openapi.json} (no data), the operator page's files at {@code /} (no data either: see {@link OperatorPage}),
 * and {@code /metrics} (Prometheus scrapers usually carry none; it holds counters and timings, no site, endpoint or
 * alert data: keep the port off the public network, as any scrape target).
 */
public final class HttpApi implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
    private static final String PRINCIPAL_ATTRIBUTE = "fleet.principal";
    private final Javalin app;
    private final List<String> routes;

    private HttpApi(Javalin app, List<String> routes) {
        this.app = app;
        this.routes = routes;
    }

    public static HttpApi start(StreamsAppConfig config, QueryService query, AppMetrics metrics) {
        return start(config, query, null, metrics);
    }

    /** @param actions the actions API (acknowledgements, silences, audit); null: none */
    public static HttpApi start(
            StreamsAppConfig config, QueryService query, ActionService actions, AppMetrics metrics) {
        BearerAuth auth = new BearerAuth(
                config.apiTokens(), config.apiPrincipals(), config.oidc() == null ? null : new OidcAuth(config.oidc()));
        List<String> routes = new CopyOnWriteArrayList<>();
        Javalin app = Javalin.create(c -> {
            c.events.handlerAdded(h -> {
                if (h.getHttpMethod().isHttpMethod()) {
                    routes.add(h.getHttpMethod().name() + " " + h.getPath());
                }
            });
            c.showJavalinBanner = false;
            c.startupWatcherEnabled = false;
            c.jsonMapper(new JavalinJackson(QueryJson.mapper(), false));
            c.http.defaultContentType = "application/json";
            // a path that exists with another method is 405 with Allow, not 404
            c.http.prefer405over404 = true;
            // what Jetty answers itself (unreadable requests, its error pages) in the same JSON shape
            c.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            c.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new JsonErrorHandler()));
            c.jetty.defaultHost = config.httpHost();
            c.jetty.defaultPort = config.httpPort();
            if (config.tls().enabled()) {
                c.jetty.addConnector((server, httpConfig) ->
                        TlsConnector.create(server, httpConfig, config.tls(), config.httpHost(), config.httpPort()));
            }
            c.requestLogger.http((ctx, ms) -> {
                metrics.request(ctx.method().name(), route(ctx), ctx.statusCode(), (long) (ms * 1_000_000));
                if (ctx.statusCode() == 401 || ctx.statusCode() == 403) {
                    logRefusal(ctx, routes);
                }
            });
            c.staticFiles.add(OperatorPage::configure);
            c.router.mount(r -> {
                routes(r, query, metrics, auth);
                if (actions != null) {
                    ActionRoutes.mount(r, actions);
                }
            });
        });
        app.start();
        return new HttpApi(app, List.copyOf(routes));
    }

    /** Every route the server answers, as {@code "GET /api/v1/sites/{site}"}: what the OpenAPI document must cover. */
    public List<String> routes() {
        return routes;
    }

    /** The port actually bound. */
    public int port() {
        return app.port();
    }

    public void stop() {
        app.stop();
    }

    @Override
    public void close() {
        stop();
    }

    private static void routes(JavalinDefaultRouting r, QueryService query, AppMetrics metrics, BearerAuth auth) {
        r.before("/api/*", ctx -> authenticate(ctx, auth));
        r.before("/internal/*", ctx -> authenticate(ctx, auth));

        r.get(
                "/api/v1/outages",
                ctx -> ctx.json(query.outages(
                        new OutageFilter(
                                optionalId("site", ctx.queryParam("site")),
                                Params.scope(ctx.queryParam("scope")),
                                Params.enumValue("severity", ctx.queryParam("severity"), Severity.class)),
                        client(ctx))));
        r.get(
                "/api/v1/outages/{alertId}",
                ctx -> served(ctx, query.outage(Params.id("alertId", ctx.pathParam("alertId")), client(ctx))));
        r.get("/api/v1/me", ctx -> ctx.json(Me.of(principal(ctx))));
        r.get("/api/v1/sites", ctx -> ctx.json(query.sites(client(ctx))));
        r.get(
                "/api/v1/sites/{site}",
                ctx -> served(ctx, query.site(Params.id("site", ctx.pathParam("site")), client(ctx))));
        r.get("/api/v1/sites/{site}/failures", ctx -> {
            String site = Params.id("site", ctx.pathParam("site"));
            TimeRange range =
                    Params.range(ctx.queryParam("from"), ctx.queryParam("to"), Instant.now(), query.maxFailureRange());
            served(ctx, query.failures(site, range, client(ctx)));
        });
        r.get("/api/v1/sites/{site}/endpoints", ctx -> {
            String site = Params.id("site", ctx.pathParam("site"));
            served(
                    ctx,
                    query.siteEndpoints(
                            site,
                            KeyArgs.state(ctx.queryParam("state")),
                            Params.limit(ctx.queryParam("limit")),
                            client(ctx)));
        });
        r.get("/api/v1/proxies", ctx -> ctx.json(query.proxies(client(ctx))));
        r.get(
                "/api/v1/proxies/{proxy}",
                ctx -> ctx.json(query.proxy(Params.id("proxy", ctx.pathParam("proxy")), client(ctx))));
        r.get(
                "/api/v1/endpoints/{endpointId}",
                ctx -> served(ctx, query.endpoint(Params.id("endpointId", ctx.pathParam("endpointId")), client(ctx))));

        r.get(QueryProtocol.KEY_PATH + "{op}", ctx -> {
            KeyOp op = KeyOp.fromPathName(ctx.pathParam("op"));
            String key = Params.id(QueryProtocol.KEY_PARAM, ctx.queryParam(QueryProtocol.KEY_PARAM));
            KeyArgs args = switch (op) {
                case SITE_ENDPOINTS ->
                    KeyArgs.endpoints(KeyArgs.state(ctx.queryParam("state")), Params.limit(ctx.queryParam("limit")));
                case SITE_FAILURES ->
                    KeyArgs.failures(Params.range(
                            required(ctx, "from"), required(ctx, "to"), Instant.now(), query.maxFailureRange()));
                default -> KeyArgs.NONE;
            };
            served(ctx, query.forwardedKey(op, key, args, forwarded(ctx)));
        });
        r.get(
                QueryProtocol.SHARE_PATH + "{op}",
                ctx -> ctx.json(query.share(
                        ShareOp.fromPathName(ctx.pathParam("op")),
                        new OutageFilter(
                                optionalId("site", ctx.queryParam("site")),
                                Params.scope(ctx.queryParam("scope")),
                                Params.enumValue("severity", ctx.queryParam("severity"), Severity.class)),
                        forwarded(ctx))));

        r.get("/health/live", ctx -> {
            KafkaStreams.State s = query.state();
            boolean up = s != KafkaStreams.State.ERROR
                    && s != KafkaStreams.State.NOT_RUNNING
                    && s != KafkaStreams.State.PENDING_ERROR;
            ctx.status(up ? 200 : 503).json(new Health(up ? "UP" : "DOWN", s.name()));
        });
        r.get("/health/ready", ctx -> {
            KafkaStreams.State s = query.state();
            boolean ready = s == KafkaStreams.State.RUNNING;
            if (!ready) {
                ctx.header("Retry-After", "2");
            }
            ctx.status(ready ? 200 : 503).json(new Health(ready ? "UP" : "NOT_READY", s.name()));
        });
        r.get(
                "/metrics",
                ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                        .result(metrics.scrape()));
        r.get("/openapi.json", ctx -> ctx.contentType("application/json").result(OpenApi.DOCUMENT));

        r.exception(HttpResponseException.class, (e, ctx) -> {
            String message = e.getMessage();
            if (e.getStatus() == 401) {
                ctx.header("WWW-Authenticate", "Bearer");
            }
            if (e instanceof MethodNotAllowedResponse) {
                String allow = allowed(e.getDetails().values());
                ctx.header("Allow", allow);
                message = "method " + ctx.method().name() + " is not allowed on " + ctx.path() + "; allowed: " + allow;
            }
            ctx.status(e.getStatus()).json(ErrorMapper.forStatus(e.getStatus(), message));
        });
        r.exception(Exception.class, (e, ctx) -> {
            ErrorMapper.Mapped m = ErrorMapper.map(e);
            if (m.retryAfter() != null) {
                ctx.header(
                        "Retry-After", Long.toString(Math.max(1, m.retryAfter().toSeconds())));
            }
            ctx.status(m.status()).json(m.body());
        });
    }

    private static void authenticate(Context ctx, BearerAuth auth) {
        BearerAuth.Result result = auth.authenticate(ctx.header("Authorization"));
        if (!result.ok()) {
            throw new UnauthorizedResponse(result.refusal());
        }
        ctx.attribute(PRINCIPAL_ATTRIBUTE, result.principal());
    }

    /**
     * One line per refused call (401, 403): who (the principal's name, or "unknown" when the token was refused), the
     * method and the route template. Never the token, nor the Authorization header.
     */
    private static void logRefusal(Context ctx, List<String> routes) {
        Principal p = ctx.attribute(PRINCIPAL_ATTRIBUTE);
        String template = RouteTemplates.of(ctx.method().name(), ctx.path(), routes);
        log.warn(
                "refused {} {} {} for principal {}",
                ctx.statusCode(),
                ctx.method().name(),
                template,
                p == null ? "unknown" : p.name());
    }

    /** The principal {@link #authenticate} found for this request (only on the routes that authenticate). */
    public static Principal principal(Context ctx) {
        Principal p = ctx.attribute(PRINCIPAL_ATTRIBUTE);
        if (p == null) {
            throw new IllegalStateException("no principal on " + ctx.path() + ": the route does not authenticate");
        }
        return p;
    }

    /**
     * A client's request: a hop header it may send is ignored, only the internal routes honour one. The principal's
     * site scope goes with it: each instance applies it to what it reads from its own stores, the one asked and those
     * it forwards to (which authenticate the forwarded header themselves), so every item is scoped once, by the
     * instance that read it.
     */
    private static QueryContext client(Context ctx) {
        return new QueryContext(
                ctx.header("Authorization"),
                Params.maxLag(ctx.queryParam(QueryProtocol.MAX_LAG_PARAM)),
                null,
                principal(ctx).sites());
    }

    private static QueryContext forwarded(Context ctx) {
        return new QueryContext(
                ctx.header("Authorization"),
                Params.maxLag(ctx.queryParam(QueryProtocol.MAX_LAG_PARAM)),
                ctx.header(QueryProtocol.HOP_HEADER),
                principal(ctx).sites());
    }

    private static void served(Context ctx, Served<?> served) {
        ctx.header(QueryProtocol.SERVED_BY_HEADER, served.instance());
        if (served.staleLag() != null) {
            ctx.header(QueryProtocol.STALE_LAG_HEADER, Long.toString(served.staleLag()));
        }
        ctx.json(served.value());
    }

    private static String optionalId(String name, String raw) {
        return raw == null ? null : Params.id(name, raw);
    }

    private static String required(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null) {
            throw new BadParameterException(name, "is required");
        }
        return v;
    }

    /**
     * The Allow header from the methods Javalin found for the path (its details hold them joined by commas, under a
     * key that depends on the Accept header), with HEAD where there is GET: Javalin answers HEAD for every GET route.
     */
    private static String allowed(Collection<String> details) {
        Set<String> methods = new LinkedHashSet<>();
        details.forEach(d -> Arrays.stream(d.split(","))
                .map(String::trim)
                .filter(m -> !m.isEmpty())
                .forEach(methods::add));
        if (methods.contains("GET")) {
            methods.add("HEAD");
        }
        return String.join(", ", methods);
    }

    /** The route template, or "unrouted" when the request ended before reaching one (refused, unknown path). */
    private static String route(Context ctx) {
        try {
            String path = ctx.endpointHandlerPath();
            return path == null || path.isEmpty() ? "unrouted" : path;
        } catch (IllegalStateException e) {
            return "unrouted";
        }
    }
}
