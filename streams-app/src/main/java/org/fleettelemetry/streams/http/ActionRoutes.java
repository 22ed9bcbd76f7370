package org.fleettelemetry.streams.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRouting;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.fleettelemetry.streams.http.auth.Principal;
import org.fleettelemetry.streams.query.ActionService;
import org.fleettelemetry.streams.query.ActionViews;
import org.fleettelemetry.streams.query.ActionViews.MatcherView;
import org.fleettelemetry.streams.query.Actor;
import org.fleettelemetry.streams.query.BadParameterException;
import org.fleettelemetry.streams.query.QueryContext;
import org.fleettelemetry.streams.query.QueryJson;

/**
 * The actions API in Alertmanager's shapes: silences (create, list, get, expire), acknowledgements of an outage, and
 * the audit trail. Refusals by role and site scope are {@link org.fleettelemetry.streams.query.ForbiddenException}s
 * thrown by {@link ActionService}, which {@link ErrorMapper} turns into 403.
 */
final class ActionRoutes {
    private static final Duration MAX_AUDIT_RANGE = Duration.ofDays(90);

    private ActionRoutes() {}

    static void mount(JavalinDefaultRouting r, ActionService actions) {
        r.post("/api/v1/silences", ctx -> {
            JsonNode body = body(ctx);
            if (body.hasNonNull("id")) {
                throw new BadParameterException("id", "updating a silence is not supported: expire it, create another");
            }
            String id = actions.createSilence(
                    actor(ctx),
                    matchers(body.get("matchers")),
                    time(body, "startsAt"),
                    time(body, "endsAt"),
                    text(body, "comment"));
            ctx.status(201).json(new ActionViews.Created(id));
        });
        r.get("/api/v1/silences", ctx -> ctx.json(actions.silences(actor(ctx))));
        r.get(
                "/api/v1/silences/{silenceId}",
                ctx -> ctx.json(actions.silence(actor(ctx), Params.id("silenceId", ctx.pathParam("silenceId")))));
        r.delete(
                "/api/v1/silences/{silenceId}",
                ctx -> ctx.json(actions.expireSilence(actor(ctx), Params.id("silenceId", ctx.pathParam("silenceId")))));
        r.post("/api/v1/outages/{alertId}/ack", ctx -> {
            String comment = ctx.body().isBlank() ? "" : text(body(ctx), "comment");
            ctx.json(actions.ack(actor(ctx), Params.id("alertId", ctx.pathParam("alertId")), comment, client(ctx)));
        });
        r.delete("/api/v1/outages/{alertId}/ack", ctx -> {
            actions.unack(actor(ctx), Params.id("alertId", ctx.pathParam("alertId")), client(ctx));
            ctx.status(204);
        });
        r.get("/api/v1/audit", ctx -> {
            Instant now = Instant.now();
            Instant to = ctx.queryParam("to") == null ? now : Params.instant("to", ctx.queryParam("to"));
            Instant from = ctx.queryParam("from") == null
                    ? to.minus(Duration.ofDays(1))
                    : Params.instant("from", ctx.queryParam("from"));
            if (!from.isBefore(to)) {
                throw new BadParameterException("from", "must be before to");
            }
            if (Duration.between(from, to).compareTo(MAX_AUDIT_RANGE) > 0) {
                throw new BadParameterException(
                        "to", "to - from must be at most " + MAX_AUDIT_RANGE.toDays() + " days");
            }
            ctx.json(actions.audit(actor(ctx), from, to));
        });
    }

    /** The request's principal as the query layer knows an actor. */
    static Actor actor(Context ctx) {
        Principal p = HttpApi.principal(ctx);
        return new Actor(
                p.name(),
                p.role().name(),
                p.role().mayAct(),
                p.role().mayExpireOthers(),
                p.sites().all(),
                p.sites()::allows);
    }

    /**
     * The outage an acknowledgement names is read from its active task (maxLag 0), not from a standby: whether it
     * exists and which sites it reaches decide the answer (404, 403), and a standby a moment behind can hold an older
     * revision (a FLEET outage before it reached a site outside the caller's scope). During a rebalance that is a 503.
     */
    private static QueryContext client(Context ctx) {
        return new QueryContext(ctx.header("Authorization"), QueryContext.DEFAULT_MAX_LAG, null);
    }

    private static JsonNode body(Context ctx) {
        try {
            JsonNode node = QueryJson.mapper().readTree(ctx.body());
            if (node == null || !node.isObject()) {
                throw new BadParameterException("body", "must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BadParameterException("body", "is not JSON: " + e.getOriginalMessage());
        }
    }

    private static List<MatcherView> matchers(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new BadParameterException("matchers", "must be an array");
        }
        List<MatcherView> matchers = new ArrayList<>();
        for (JsonNode m : node) {
            if (!m.isObject() || !m.path("name").isTextual() || !m.path("value").isTextual()) {
                throw new BadParameterException("matchers", "each needs a name and a value (strings)");
            }
            matchers.add(new MatcherView(
                    m.get("name").asText(),
                    m.get("value").asText(),
                    m.path("isRegex").asBoolean(false),
                    m.path("isEqual").asBoolean(true)));
        }
        return matchers;
    }

    private static Instant time(JsonNode body, String name) {
        JsonNode v = body.get(name);
        if (v == null || v.isNull()) {
            throw new BadParameterException(name, "is required (ISO-8601)");
        }
        return Params.instant(name, v.asText());
    }

    private static String text(JsonNode body, String name) {
        JsonNode v = body.get(name);
        return v == null || v.isNull() ? "" : v.asText();
    }
}
