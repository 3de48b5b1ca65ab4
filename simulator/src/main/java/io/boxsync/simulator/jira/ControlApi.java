package io.boxsync.simulator.jira;

import io.boxsync.simulator.jira.JiraSimulator.Permission;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The simulator's own HTTP control API under {@code /_sim/}: no authentication, JSON in and out, one route per Java
 * method of {@link JiraSimulator}. Errors are 400 with a Jira-shaped body.
 */
final class ControlApi {
    private final JiraSimulator sim;

    ControlApi(JiraSimulator sim) {
        this.sim = sim;
    }

    void register(RoutesConfig routes) {
        routes.get("/_sim/info", ctx -> reply(ctx, 200, Map.of("flavour", sim.flavour().name(), "baseUrl", sim.baseUrl().toString(),
                "adminAccountId", JiraSimulator.ADMIN_ACCOUNT_ID, "adminEmail", JiraSimulator.ADMIN_EMAIL,
                "adminToken", JiraSimulator.ADMIN_TOKEN)));
        routes.post("/_sim/seed", ctx -> {
            Map<String, Object> body = JiraApi.body(ctx);
            sim.seed(number(body, "seed", 1).longValue(), number(body, "issues", 100).intValue());
            reply(ctx, 200, Map.of("issues", sim.issueKeys().size()));
        });
        routes.post("/_sim/accounts", ctx -> {
            Map<String, Object> body = JiraApi.body(ctx);
            sim.addAccount(required(body, "accountId"), text(body, "displayName"), text(body, "email"), required(body, "token"));
            ctx.status(204);
        });
        routes.post("/_sim/grants", ctx -> {
            Map<String, Object> body = JiraApi.body(ctx);
            sim.grant(required(body, "accountId"), required(body, "projectKey"), permissions(body));
            ctx.status(204);
        });
        routes.post("/_sim/revocations", ctx -> {
            Map<String, Object> body = JiraApi.body(ctx);
            sim.revoke(required(body, "accountId"), required(body, "projectKey"), permissions(body));
            ctx.status(204);
        });
        routes.post("/_sim/projects", ctx -> {
            Map<String, Object> body = JiraApi.body(ctx);
            String key = required(body, "key");
            sim.addProject(key, text(body, "name"));
            reply(ctx, 201, Map.of("key", key, "boardId", sim.boardId(key)));
        });
        routes.get("/_sim/issues", ctx -> reply(ctx, 200, Map.of("keys", sim.issueKeys())));
        routes.post("/_sim/issues", ctx -> {
            Map<String, Object> body = JiraApi.body(ctx);
            String key = sim.createIssue(text(body, "as"), required(body, "projectKey"), required(body, "issueType"),
                    required(body, "summary"), fields(body));
            reply(ctx, 201, Map.of("key", key));
        });
        routes.get("/_sim/issues/{key}", ctx -> {
            Map<String, Object> fields = new LinkedHashMap<>(sim.issueFields(ctx.pathParam("key")));
            fields.replaceAll((k, v) -> v instanceof Instant i ? JiraJson.timestamp(i) : v);
            reply(ctx, 200, fields);
        });
        routes.put("/_sim/issues/{key}", ctx -> {
            Map<String, Object> body = JiraApi.body(ctx);
            sim.updateIssue(text(body, "as"), ctx.pathParam("key"), fields(body));
            ctx.status(204);
        });
        routes.delete("/_sim/issues/{key}", ctx -> {
            sim.deleteIssue(ctx.queryParam("as"), ctx.pathParam("key"));
            ctx.status(204);
        });
        routes.post("/_sim/links", ctx -> {
            Map<String, Object> body = JiraApi.body(ctx);
            sim.linkIssues(text(body, "as"), required(body, "type"), required(body, "outwardKey"), required(body, "inwardKey"));
            ctx.status(204);
        });
        routes.post("/_sim/sprints", ctx -> {
            Map<String, Object> body = JiraApi.body(ctx);
            String id = sim.addSprint(required(body, "boardId"), required(body, "name"), text(body, "state"),
                    date(body, "start"), date(body, "end"));
            reply(ctx, 201, Map.of("id", id));
        });
        routes.post("/_sim/versions", ctx -> {
            Map<String, Object> body = JiraApi.body(ctx);
            String id = sim.addVersion(required(body, "projectKey"), required(body, "name"), date(body, "releaseDate"));
            reply(ctx, 201, Map.of("id", id));
        });
        routes.post("/_sim/webhooks", ctx -> {
            Map<String, Object> body = JiraApi.body(ctx);
            sim.registerWebhook(URI.create(required(body, "url")), text(body, "secret"));
            ctx.status(204);
        });
        routes.post("/_sim/faults", ctx -> {
            applyFaults(JiraApi.body(ctx));
            ctx.status(204);
        });
        routes.delete("/_sim/faults", ctx -> {
            sim.faults().clear();
            ctx.status(204);
        });
        routes.get("/_sim/requests", ctx -> {
            String prefix = ctx.queryParam("prefix");
            reply(ctx, 200, Map.of("count", sim.requestCount(prefix == null ? "/" : prefix)));
        });
        routes.delete("/_sim/requests", ctx -> {
            sim.resetRequestCounts();
            ctx.status(204);
        });
    }

    @SuppressWarnings("unchecked")
    private void applyFaults(Map<String, Object> body) {
        JiraSimulator.Faults faults = sim.faults();
        if (body.containsKey("latencyMs")) {
            faults.latency(Duration.ofMillis(number(body, "latencyMs", 0).longValue()));
        }
        if (body.get("failNext") instanceof Map<?, ?> fail) {
            Map<String, Object> f = (Map<String, Object>) fail;
            faults.failNext(number(f, "requests", 1).intValue(), number(f, "status", 503).intValue());
        }
        if (body.containsKey("resetNext")) {
            faults.resetNext(number(body, "resetNext", 0).intValue());
        }
        if (body.get("rateLimitNext") instanceof Map<?, ?> limit) {
            Map<String, Object> l = (Map<String, Object>) limit;
            faults.rateLimitNext(number(l, "requests", 1).intValue(), number(l, "retryAfterSeconds", 1).intValue());
        }
        if (body.containsKey("duplicateWebhooks")) {
            faults.duplicateWebhooks(Boolean.TRUE.equals(body.get("duplicateWebhooks")));
        }
        if (body.containsKey("reorderWebhooks")) {
            faults.reorderWebhooks(Boolean.TRUE.equals(body.get("reorderWebhooks")));
        }
        if (body.containsKey("corruptIndex")) {
            faults.corruptIndex(Boolean.TRUE.equals(body.get("corruptIndex")));
        }
    }

    private static void reply(Context ctx, int status, Object value) {
        JiraApi.json(ctx, status, g -> JiraJson.MAPPER.writeValue(g, value));
    }

    private static String text(Map<String, Object> body, String name) {
        Object value = body.get(name);
        return value == null ? null : String.valueOf(value);
    }

    private static String required(Map<String, Object> body, String name) {
        String value = text(body, name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("The field '" + name + "' is required.");
        }
        return value;
    }

    private static Number number(Map<String, Object> body, String name, long fallback) {
        Object value = body.get(name);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number n) {
            return n;
        }
        try {
            return Long.parseLong(String.valueOf(value));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The field '" + name + "' must be a number.");
        }
    }

    private static LocalDate date(Map<String, Object> body, String name) {
        String value = text(body, name);
        return value == null ? null : LocalDate.parse(value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> fields(Map<String, Object> body) {
        return body.get("fields") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static Permission[] permissions(Map<String, Object> body) {
        Object raw = body.get("permissions");
        List<?> list = raw instanceof List<?> l ? l : raw == null ? List.of() : List.of(String.valueOf(raw).split(","));
        return list.stream().map(p -> Permission.valueOf(String.valueOf(p).trim().toUpperCase(Locale.ROOT))).toArray(Permission[]::new);
    }
}
