package io.boxsync.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.boxsync.connector.Secret;
import io.boxsync.connector.jira.JiraWebhookDecoder;
import io.boxsync.server.e2e.ApiClient;
import io.boxsync.server.e2e.TestWorld;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * Generated bad input against the running server: webhook bodies (signed, so they reach the decoder), API bodies
 * for every route taking one, query strings for every GET route, and JQL fragments as a Box's scope narrowing. No
 * answer is a 5xx, every refusal is a problem document, a refused request writes nothing, and the server keeps
 * serving. Tries per property: jqwik's default, {@code jqwik.tries.default} (the {@code long-reliability} profile
 * sets 2,500 per property: 10,000 inputs); the inputs sent are counted and printed.
 */
class BadInputFuzzIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final AtomicInteger SENT = new AtomicInteger();
    private static TestWorld world;
    private static long boxId;
    private static long taskId;
    private static List<Routes> withBody;
    private static List<Routes> gets;
    private Map<String, Long> before;

    @BeforeContainer
    static void start() {
        world = SharedWorld.get();
        boxId = world.createProgramBox("Fuzz box");
        world.openAndAwaitSync(world.alice, boxId);
        taskId = world.task(world.alice, boxId, world.keys.get(0)).get("id").asLong();
        withBody = Routes.all().stream().filter(Routes::hasBody).filter(r -> !r.path().startsWith("/webhooks"))
                .filter(r -> !r.path().endsWith("/open") && !r.path().endsWith("/resync"))
                .filter(r -> !r.path().equals("/api/tokens") && !r.path().endsWith("/field-mapping")).toList();
        gets = Routes.all().stream().filter(r -> r.method().equals("GET")).toList();
    }

    @AfterContainer
    static void report() {
        System.out.println("BadInputFuzzIT: " + SENT.get() + " generated inputs sent");
    }

    @BeforeProperty
    void countRows() {
        await().atMost(Duration.ofSeconds(60)).until(() -> world.jira.pendingWebhookDeliveries() == 0);
        before = Db.counts(world.server);
        before.remove("sessions");
        before.remove("inbound_events");
        before.remove("event_issues");
    }

    @AfterProperty
    void serverStillServesAndRowCountsAreUnchanged() {
        assertThat(world.admin.get("/health").status()).isEqualTo(200);
        Map<String, Long> after = Db.counts(world.server);
        after.remove("sessions");
        for (String queue : List.of("delivery_ids", "inbound_events", "event_issues", "outbox")) {
            // a generated body may be a well-formed delivery, rightly queued; refusals are checked per try
            after.remove(queue);
            before.remove(queue);
        }
        assertThat(after).isEqualTo(before);
    }

    @Property
    void signedWebhookBodiesThatAreNotDeliveriesAreRefusedAndStoreNothing(@ForAll("webhookBodies") String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long deliveries = Db.count(world.server, "delivery_ids");
        HttpResponse<String> r = postWebhook(bytes, JiraWebhookDecoder.signature(Secret.of(TestWorld.SECRET), bytes));
        assertThat(r.statusCode()).as(body + " -> " + r.body()).isIn(202, 400);
        if (r.statusCode() == 400) {
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(Db.count(world.server, "delivery_ids")).as("delivery ids after a refusal").isEqualTo(deliveries);
        }
    }

    @Property
    void generatedApiBodiesNeverCauseAServerError(@ForAll("routeWithBody") Routes route, @ForAll("jsonish") String body) {
        ApiClient.Response r = world.admin.send(route.method(), path(route), body, null);
        SENT.incrementAndGet();
        assertThat(r.status()).as(route + " " + BadInputIT.abbreviated(body) + " -> " + r).isBetween(400, 499);
        assertThat(r.contentType()).startsWith("application/problem+json");
    }

    @Property
    void generatedQueryStringsNeverCauseAServerError(@ForAll("getRoute") Routes route, @ForAll("queries") String query) {
        ApiClient.Response r = world.admin.send("GET", path(route) + "?" + query, null, null);
        SENT.incrementAndGet();
        assertThat(r.status()).as(route + "?" + query + " -> " + r).isLessThan(500);
        if (r.status() >= 400) {
            assertThat(r.contentType()).startsWith("application/problem+json");
        }
    }

    @Property
    void jqlFragmentsAsScopeNarrowingAreStoredOrRefusedCleanly(@ForAll("jql") String fragment) {
        ApiClient.Response r = world.admin.put("/api/boxes/" + boxId, Map.of("name", "Fuzz box", "kind", "PROGRAM",
                "scope", Map.of("mode", "OWN", "parts", List.of(Map.of("connectionId", world.connectionId,
                        "sources", List.of(Map.of("kind", "PROJECT", "value", "ALP")), "narrowing", fragment))),
                "scopeOwnerId", world.aliceId, "builders", List.of(Map.of("kind", "PARENT")),
                "defaultTaskMode", "AUTO_BASIC", "members", List.of()));
        SENT.incrementAndGet();
        assertThat(r.status()).as(fragment + " -> " + r).isIn(200, 400);
        if (r.status() == 400) {
            assertThat(r.contentType()).startsWith("application/problem+json");
        }
    }

    @Provide
    Arbitrary<String> webhookBodies() {
        Arbitrary<String> noise = Arbitraries.strings().all().ofMaxLength(300);
        Arbitrary<String> deliveries = Combinators.combine(
                Arbitraries.of("jira:issue_updated", "jira:issue_created", "jira:issue_deleted", "comment_created",
                        "", "jira:worklog_updated", "\u0000"),
                Arbitraries.of("\"ALP-1\"", "1", "null", "[]", "{}", "\"\"", "\"ALP-1\\u0000\"", "\"x\"".repeat(3)),
                Arbitraries.of("\"yesterday\"", "-99999999999999999", "1e999", "null", "{}", "\"2027-02-30T25:61:00Z\"", "[]", "\"\""))
                .as((event, key, timestamp) -> "{\"webhookEvent\":\"" + event.replace("\u0000", "\\u0000")
                        + "\",\"timestamp\":" + timestamp + ",\"issue\":{\"key\":" + key + ",\"fields\":{\"updated\":"
                        + timestamp + "}}}");
        return Arbitraries.oneOf(noise, deliveries, jsonish());
    }

    @Provide
    Arbitrary<Routes> routeWithBody() {
        return Arbitraries.of(withBody);
    }

    @Provide
    Arbitrary<Routes> getRoute() {
        return Arbitraries.of(gets);
    }

    /** JSON-like text: broken JSON, values of the wrong type, known field names with nonsense values. */
    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> field = Arbitraries.of("name", "kind", "login", "password", "admin", "start", "end", "from",
                "to", "type", "role", "mode", "module", "accountId", "token", "scope", "members", "builders", "baseUrl",
                "id", "technicalUser", "fieldMapping", "continueWithoutReindex", "displayName", "webhookSecret");
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.integers().map(String::valueOf), Arbitraries.of("null", "true", "[]", "{}", "1e999",
                        "-0", "[[[[[]]]]]", "\"\"", "{\"mode\":\"OWN\"}", "[null]", "\"2027-02-30\""),
                Arbitraries.strings().ofMaxLength(20).map(s -> "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"")
                        + "\""),
                Arbitraries.strings().all().ofMaxLength(10));
        Arbitrary<String> object = Combinators.combine(field, value).as((f, v) -> "\"" + f + "\":" + v)
                .list().ofMaxSize(6).map(entries -> "{" + String.join(",", entries) + "}");
        Arbitrary<String> truncated = object.map(s -> s.substring(0, Math.max(0, s.length() / 2)));
        return Arbitraries.oneOf(object, truncated, value, Arbitraries.strings().all().ofMaxLength(100));
    }

    @Provide
    Arbitrary<String> queries() {
        Arbitrary<String> name = Arbitraries.of("limit", "before", "check", "module", "x", "", "limit[]", "%");
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(30),
                Arbitraries.integers().map(String::valueOf), Arbitraries.of("-1", "0", "1e9", "NaN", "true", ""));
        return Combinators.combine(name, value)
                .as((n, v) -> URLEncoder.encode(n, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8))
                .list().ofMaxSize(4).map(parts -> String.join("&", parts));
    }

    @Provide
    Arbitrary<String> jql() {
        Arbitrary<String> token = Arbitraries.of("project", "=", "!=", "ALP", "BET", "OR", "AND", "NOT", "(", ")",
                "\"", "'", "\\", "is", "EMPTY", "not", "key", "in", "ORDER BY", "rank", "status", "~", "%", ";",
                "--", "/*", "*/", "updated", ">=", "-1d", "cf[10015]", "\u0000", "issueFunction", ",", "null");
        return Arbitraries.oneOf(token.list().ofMaxSize(12).map(t -> String.join(" ", t)),
                Arbitraries.strings().all().ofMaxLength(60));
    }

    private String path(Routes route) {
        return route.resolve(Map.of("boxId", String.valueOf(boxId), "taskId", String.valueOf(taskId),
                "connectionId", String.valueOf(world.connectionId), "userId", "987654",
                "key", world.keys.get(0)), "987654");
    }

    private HttpResponse<String> postWebhook(byte[] body, String signature) {
        SENT.incrementAndGet();
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(world.base + "/webhooks/" + world.connectionId))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .header("X-Hub-Signature", signature).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("webhook not delivered", e);
        }
    }
}
