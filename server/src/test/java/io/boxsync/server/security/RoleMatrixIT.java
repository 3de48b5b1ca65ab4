package io.boxsync.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.boxsync.server.e2e.ApiClient;
import io.boxsync.server.e2e.TestWorld;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every route of the OpenAPI document, called as anonymous, as a user with no role in the Box, as viewer, editor,
 * Box admin and Boxsync admin: refused where it must be (401 anonymous, 404 for a Box one is not a member of, 403
 * for too small a role or a non-admin on admin routes), reached otherwise, and never answered with a 5xx. A route
 * added to the document without a rule here fails the test, so the matrix cannot silently fall behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoleMatrixIT {
    enum Who { ANONYMOUS, OUTSIDER, VIEWER, EDITOR, BOX_ADMIN, ADMIN }

    /** What a route needs: {@code level} is the smallest {@link Who} reaching it. */
    enum Kind { PUBLIC, WEBHOOK, ANY_USER, SELF_OR_ADMIN, ADMIN, BOX, VISIBLE_IN_A_BOX }

    record Rule(Kind kind, Who level, boolean callWhenAllowed) {
        static Rule of(Kind kind) {
            return new Rule(kind, null, true);
        }

        static Rule box(Who level) {
            return new Rule(Kind.BOX, level, true);
        }
    }

    private static final Map<String, Rule> RULES = new LinkedHashMap<>();

    static {
        RULES.put("GET /health", Rule.of(Kind.PUBLIC));
        RULES.put("GET /metrics", Rule.of(Kind.PUBLIC));
        RULES.put("POST /api/session", Rule.of(Kind.PUBLIC));
        RULES.put("GET /api/session", Rule.of(Kind.ANY_USER));
        RULES.put("DELETE /api/session", new Rule(Kind.ANY_USER, null, false));
        RULES.put("GET /api/users/me", Rule.of(Kind.ANY_USER));
        RULES.put("GET /api/me", Rule.of(Kind.ANY_USER));
        RULES.put("GET /api/users", Rule.of(Kind.ADMIN));
        RULES.put("POST /api/users", Rule.of(Kind.ADMIN));
        RULES.put("GET /api/users/{userId}/accounts", Rule.of(Kind.SELF_OR_ADMIN));
        RULES.put("PUT /api/users/{userId}/accounts/{connectionId}", Rule.of(Kind.SELF_OR_ADMIN));
        RULES.put("DELETE /api/users/{userId}/accounts/{connectionId}", new Rule(Kind.SELF_OR_ADMIN, null, false));
        RULES.put("GET /api/tokens", Rule.of(Kind.ANY_USER));
        RULES.put("POST /api/tokens", Rule.of(Kind.ANY_USER));
        RULES.put("DELETE /api/tokens/{id}", Rule.of(Kind.ANY_USER));
        RULES.put("GET /api/connections", Rule.of(Kind.ADMIN));
        RULES.put("POST /api/connections", Rule.of(Kind.ADMIN));
        RULES.put("GET /api/connections/{connectionId}", Rule.of(Kind.ADMIN));
        RULES.put("PUT /api/connections/{connectionId}/field-mapping", Rule.of(Kind.ADMIN));
        RULES.put("GET /api/connections/{connectionId}/metadata", Rule.of(Kind.ADMIN));
        RULES.put("POST /api/connections/{connectionId}/metadata/refresh", Rule.of(Kind.ADMIN));
        RULES.put("GET /api/box-types", Rule.of(Kind.ANY_USER));
        RULES.put("GET /api/boxes", Rule.of(Kind.ANY_USER));
        RULES.put("POST /api/boxes", Rule.of(Kind.ADMIN));
        RULES.put("POST /api/boxes/resync-all", Rule.of(Kind.ANY_USER));
        RULES.put("GET /api/boxes/{boxId}", Rule.box(Who.VIEWER));
        RULES.put("PUT /api/boxes/{boxId}", Rule.box(Who.BOX_ADMIN));
        RULES.put("POST /api/boxes/{boxId}/close", Rule.box(Who.BOX_ADMIN));
        RULES.put("PUT /api/boxes/{boxId}/members/{userId}", Rule.box(Who.BOX_ADMIN));
        RULES.put("DELETE /api/boxes/{boxId}/members/{userId}", Rule.box(Who.BOX_ADMIN));
        RULES.put("GET /api/boxes/{boxId}/contents", Rule.box(Who.VIEWER));
        RULES.put("POST /api/boxes/{boxId}/open", Rule.box(Who.VIEWER));
        RULES.put("GET /api/boxes/{boxId}/sync", Rule.box(Who.VIEWER));
        RULES.put("POST /api/boxes/{boxId}/resync", Rule.box(Who.BOX_ADMIN));
        RULES.put("POST /api/boxes/{boxId}/runs/{runId}/confirm", Rule.box(Who.BOX_ADMIN));
        RULES.put("POST /api/boxes/{boxId}/runs/{runId}/discard", Rule.box(Who.BOX_ADMIN));
        RULES.put("GET /api/boxes/{boxId}/history", Rule.box(Who.VIEWER));
        RULES.put("GET /api/tasks/{taskId}/history", Rule.of(Kind.VISIBLE_IN_A_BOX));
        RULES.put("POST /api/boxes/{boxId}/tasks/{taskId}/dates", Rule.box(Who.EDITOR));
        RULES.put("POST /api/boxes/{boxId}/tasks/{taskId}/cadence", Rule.box(Who.EDITOR));
        RULES.put("PUT /api/boxes/{boxId}/tasks/{taskId}/mode", Rule.box(Who.EDITOR));
        RULES.put("POST /api/boxes/{boxId}/dependencies", Rule.box(Who.EDITOR));
        RULES.put("DELETE /api/boxes/{boxId}/dependencies/{dependencyId}", Rule.box(Who.EDITOR));
        RULES.put("GET /api/issues/{connectionId}/{key}/wbs", Rule.of(Kind.VISIBLE_IN_A_BOX));
        RULES.put("GET /api/admin/queue", Rule.of(Kind.ADMIN));
        RULES.put("POST /api/admin/queue/parked/{connectionId}/{key}/retry", Rule.of(Kind.ADMIN));
        RULES.put("POST /api/admin/cache/clear", Rule.of(Kind.ADMIN));
        RULES.put("POST /webhooks/{connectionId}", Rule.of(Kind.WEBHOOK));
        RULES.put("GET /openapi.json", Rule.of(Kind.PUBLIC));
        RULES.put("GET /api-docs", Rule.of(Kind.PUBLIC));
    }

    private TestWorld world;
    private final Map<Who, ApiClient> clients = new LinkedHashMap<>();
    private long boxId;
    private long taskA;
    private long taskB;
    private final AtomicInteger unique = new AtomicInteger();

    @BeforeAll
    void start() {
        world = SharedWorld.get();
        boxId = world.createProgramBox("Role matrix box");
        world.openAndAwaitSync(world.alice, boxId);
        taskA = world.task(world.alice, boxId, world.keys.get(0)).get("id").asLong();
        taskB = world.task(world.alice, boxId, world.keys.get(1)).get("id").asLong();
        long vera = SecurityFixtures.createUser(world, "vera");
        long bart = SecurityFixtures.createUser(world, "bart");
        SecurityFixtures.createUser(world, "olga");
        SecurityFixtures.expect(world.admin.put("/api/boxes/" + boxId + "/members/" + vera, Map.of("role", "VIEWER")), 200);
        SecurityFixtures.expect(world.admin.put("/api/boxes/" + boxId + "/members/" + bart, Map.of("role", "ADMIN")), 200);
        clients.put(Who.ANONYMOUS, new ApiClient(world.base, null));
        clients.put(Who.OUTSIDER, ApiClient.signIn(world.base, "olga", "olga-password-1"));
        clients.put(Who.VIEWER, ApiClient.signIn(world.base, "vera", "vera-password-1"));
        clients.put(Who.EDITOR, world.alice);
        clients.put(Who.BOX_ADMIN, ApiClient.signIn(world.base, "bart", "bart-password-1"));
        clients.put(Who.ADMIN, world.admin);
    }

    @Test
    void everyRouteOfTheApiDocumentHasARuleInThisMatrix() {
        assertThat(Routes.all()).extracting(Routes::id).allSatisfy(id -> assertThat(RULES).containsKey(id));
    }

    @Test
    void everyRouteRefusesTheRolesThatMustNotReachItAndNeverAnswersWithAServerError() {
        List<Routes> routes = new ArrayList<>(Routes.all());
        routes.removeIf(r -> !RULES.containsKey(r.id()));
        routes.sort(Comparator.comparing(r -> r.path().endsWith("/close")));
        SoftAssertions soft = new SoftAssertions();
        int calls = 0;
        for (Routes route : routes) {
            Rule rule = RULES.get(route.id());
            for (Who who : Who.values()) {
                Expected expected = expected(rule, who);
                if (expected == Expected.REACHED && !rule.callWhenAllowed()) {
                    continue;
                }
                ApiClient.Response response = clients.get(who).send(route.method(), path(route),
                        route.hasBody() ? body(route) : null, null);
                calls++;
                String what = route.id() + " as " + who + " -> " + response;
                soft.assertThat(response.status()).as(what).isLessThan(500);
                switch (expected) {
                    case UNAUTHENTICATED -> soft.assertThat(response.status()).as(what).isEqualTo(401);
                    case NOT_FOUND -> soft.assertThat(response.status()).as(what).isEqualTo(404);
                    case FORBIDDEN -> soft.assertThat(response.status()).as(what).isEqualTo(403);
                    case REACHED -> {
                        soft.assertThat(response.status()).as(what).isNotEqualTo(401);
                        soft.assertThat(response.status() == 403 && !isRefusedByTheTool(response)).as(what).isFalse();
                        soft.assertThat(response.status() == 404 && response.body().contains("no Box")).as(what).isFalse();
                    }
                }
                if (response.status() >= 400) {
                    soft.assertThat(response.contentType()).as(what).startsWith("application/problem+json");
                }
            }
        }
        soft.assertThat(calls).isGreaterThan(RULES.size() * 3);
        soft.assertAll();
    }

    /** A 403 from the action itself (the tool's rights, an existing link), after the Box role was granted. */
    private static boolean isRefusedByTheTool(ApiClient.Response response) {
        return response.body().contains("/problems/action-refused") && !response.body().contains(" role");
    }

    enum Expected { UNAUTHENTICATED, NOT_FOUND, FORBIDDEN, REACHED }

    private static Expected expected(Rule rule, Who who) {
        if (rule.kind() == Kind.PUBLIC) {
            return Expected.REACHED;
        }
        if (who == Who.ANONYMOUS) {
            return Expected.UNAUTHENTICATED;
        }
        return switch (rule.kind()) {
            case PUBLIC, ANY_USER -> Expected.REACHED;
            case WEBHOOK -> Expected.UNAUTHENTICATED;
            case ADMIN -> who == Who.ADMIN ? Expected.REACHED : Expected.FORBIDDEN;
            case SELF_OR_ADMIN -> who == Who.ADMIN || who == Who.EDITOR ? Expected.REACHED : Expected.FORBIDDEN;
            case VISIBLE_IN_A_BOX -> who == Who.OUTSIDER ? Expected.NOT_FOUND : Expected.REACHED;
            case BOX -> who == Who.OUTSIDER ? Expected.NOT_FOUND
                    : who.compareTo(rule.level()) >= 0 ? Expected.REACHED : Expected.FORBIDDEN;
        };
    }

    private String path(Routes route) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("boxId", String.valueOf(boxId));
        values.put("taskId", String.valueOf(taskA));
        values.put("connectionId", String.valueOf(world.connectionId));
        values.put("userId", route.path().startsWith("/api/users") ? String.valueOf(world.aliceId) : "987654");
        values.put("key", world.keys.get(0));
        values.put("id", "987654");
        values.put("runId", "987654");
        values.put("dependencyId", String.valueOf(anyDependency()));
        return route.resolve(values, "987654");
    }

    private long anyDependency() {
        for (var dependency : world.admin.get("/api/boxes/" + boxId + "/contents").json().get("dependencies")) {
            return dependency.get("id").asLong();
        }
        return 987654;
    }

    private Object body(Routes route) {
        String path = route.path();
        int n = unique.incrementAndGet();
        if (path.equals("/api/session")) {
            return Map.of("login", "admin", "password", TestWorld.ADMIN_PASSWORD);
        }
        if (path.equals("/api/users")) {
            return Map.of("login", "matrix" + n, "displayName", "Matrix " + n, "password", "matrix-password-1",
                    "admin", false);
        }
        if (path.startsWith("/api/users/")) {
            return Map.of("accountId", "alice-1", "login", "alice@example.com", "token", "alice-token");
        }
        if (path.equals("/api/tokens")) {
            return Map.of("name", "matrix" + n);
        }
        if (path.equals("/api/connections")) {
            return SecurityFixtures.connectionBody(world, "Matrix " + n);
        }
        if (path.endsWith("/field-mapping")) {
            return SecurityFixtures.fieldMapping();
        }
        if (path.equals("/api/boxes") || path.equals("/api/boxes/{boxId}")) {
            return SecurityFixtures.boxBody(world, path.equals("/api/boxes") ? "Matrix box " + n : "Role matrix box");
        }
        if (path.endsWith("/members/{userId}")) {
            return Map.of("role", "VIEWER");
        }
        if (path.endsWith("/open")) {
            return Map.of("module", "gantt");
        }
        if (path.endsWith("/dates")) {
            return Map.of("start", "2027-01-04", "end", "2027-01-08");
        }
        if (path.endsWith("/cadence")) {
            return Map.of("kind", "SPRINT", "id", world.sprint2);
        }
        if (path.endsWith("/mode")) {
            return Map.of("mode", "MANUAL");
        }
        if (path.endsWith("/dependencies")) {
            return Map.of("from", taskA, "to", taskB, "type", "FS");
        }
        return Map.of();
    }
}
