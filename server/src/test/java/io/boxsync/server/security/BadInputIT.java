package io.boxsync.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.boxsync.server.e2e.ApiClient;
import io.boxsync.server.e2e.TestWorld;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Malformed JSON, wrong types, huge bodies, unknown or nonsensical ids and weird query strings sent by a Boxsync
 * admin (who passes every role check) to every route of the OpenAPI document: every answer is a 4xx problem
 * document, none is a 5xx, nothing is written, and the server keeps serving.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {
    static final List<String> MALFORMED = List.of("{\"name\":", "{name: 'x'}", "[1,2,", "\u0000\u0001garbage", "{}}",
            "{\"a\":1,\"a\":2", "nul", "\"unterminated", "{\"start\":\"2027-13-45\",\"end\":\"yesterday\"}");
    static final List<String> WRONG_TYPES = List.of("[]", "42", "\"a string\"", "true", "null",
            "{\"name\":[],\"kind\":{},\"login\":5,\"password\":false,\"admin\":\"yes\",\"start\":7,\"end\":[],"
                    + "\"from\":\"x\",\"to\":{},\"type\":9,\"role\":[],\"mode\":1.5,\"module\":{},\"accountId\":[],"
                    + "\"token\":{},\"scope\":\"all\",\"members\":\"everyone\",\"builders\":3,\"baseUrl\":[]}",
            "{\"from\":-1,\"to\":99999999999999999999,\"start\":\"0000-01-01\",\"end\":\"9999-12-31\"}",
            "{\"scope\":{\"mode\":\"OWN\",\"parts\":[null,{\"connectionId\":-5,\"sources\":[{}]}]},\"name\":\"x\","
                    + "\"kind\":\"PROGRAM\"}");
    static final List<String> UNKNOWN_IDS = List.of("999999999", "0", "-1", "abc", "99999999999999999999", "1.5",
            "%20", "%00", "..%2F..%2Fetc");
    static final List<String> QUERIES = List.of("?limit=abc", "?limit=-1", "?limit=99999999999", "?before=x",
            "?before=-5", "?check=maybe", "?limit=1&limit=2", "?%25ZZ=1", "?limit=%00", "?before=1e999",
            "?" + "x=".repeat(2000));

    private TestWorld world;
    private long boxId;
    private long taskId;

    @BeforeAll
    void start() {
        world = SharedWorld.get();
        boxId = world.createProgramBox("Bad input box");
        world.openAndAwaitSync(world.alice, boxId);
        taskId = world.task(world.alice, boxId, world.keys.get(0)).get("id").asLong();
    }

    @Test
    void malformedWrongTypedAndHugeBodiesAreRefusedWithAProblemAndWriteNothing() {
        Map<String, Long> before = quietCounts();
        SoftAssertions soft = new SoftAssertions();
        String huge = "{\"name\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        int sent = 0;
        for (Routes route : Routes.all()) {
            if (!route.hasBody()) {
                continue;
            }
            List<String> bodies = new ArrayList<>(MALFORMED);
            bodies.addAll(WRONG_TYPES);
            bodies.add(huge);
            for (String body : bodies) {
                ApiClient.Response r;
                try {
                    r = world.admin.send(route.method(), path(route), body, null);
                } catch (java.io.UncheckedIOException closedEarly) {
                    // the 413 is sent and the connection closed while the client still uploads the huge body
                    soft.assertThat(body).as(route.id() + " closed: " + closedEarly).isSameAs(huge);
                    continue;
                }
                sent++;
                checkRefused(soft, route.id() + " with " + abbreviated(body), r);
            }
        }
        soft.assertThat(sent).isGreaterThan(100);
        soft.assertThat(quietCounts()).as("row counts").isEqualTo(before);
        soft.assertThat(world.admin.get("/health").status()).isEqualTo(200);
        soft.assertAll();
    }

    @Test
    void unknownAndNonsensicalIdsAreRefusedWithAProblem() {
        Map<String, Long> before = quietCounts();
        SoftAssertions soft = new SoftAssertions();
        for (Routes route : Routes.all()) {
            if (!route.path().contains("{")) {
                continue;
            }
            for (String id : UNKNOWN_IDS) {
                ApiClient.Response r;
                try {
                    r = world.admin.send(route.method(), route.resolve(Map.of(), id), route.hasBody() ? "{}" : null, null);
                } catch (java.io.UncheckedIOException closedByJetty) {
                    // Jetty closes the connection on a NUL or an encoded slash in the path before any handler runs.
                    soft.assertThat(id).as(route.id() + " with id " + id + " closed: " + closedByJetty)
                            .isIn("%00", "..%2F..%2Fetc");
                    continue;
                }
                if (id.equals("%00")) {
                    // Jetty answers a NUL in the path itself (400, its own page) before any handler runs.
                    soft.assertThat(r.status()).as(route.id() + " with id %00 -> " + r).isBetween(400, 499);
                    continue;
                }
                checkRefused(soft, route.id() + " with id " + id, r);
            }
        }
        soft.assertThat(quietCounts()).as("row counts").isEqualTo(before);
        soft.assertThat(world.admin.get("/health").status()).isEqualTo(200);
        soft.assertAll();
    }

    @Test
    void weirdQueryStringsNeverCauseAServerError() {
        SoftAssertions soft = new SoftAssertions();
        for (Routes route : Routes.all()) {
            if (!route.method().equals("GET")) {
                continue;
            }
            for (String query : QUERIES) {
                ApiClient.Response r = world.admin.send("GET", path(route) + query, null, null);
                String what = route.id() + query.substring(0, Math.min(40, query.length()));
                soft.assertThat(r.status()).as(what + " -> " + r).isLessThan(500);
                if (r.status() >= 400) {
                    soft.assertThat(r.contentType()).as(what).startsWith("application/problem+json");
                }
            }
        }
        soft.assertThat(world.admin.get("/health").status()).isEqualTo(200);
        soft.assertAll();
    }

    static void checkRefused(SoftAssertions soft, String what, ApiClient.Response r) {
        soft.assertThat(r.status()).as(what + " -> " + abbreviated(r.toString())).isBetween(400, 499);
        soft.assertThat(r.contentType()).as(what + " content type").startsWith("application/problem+json");
        soft.assertThat(r.body()).as(what + " body").doesNotContain("Exception").doesNotContain("\tat ");
    }

    static String abbreviated(String text) {
        return text.length() > 120 ? text.substring(0, 120) + "..." : text;
    }

    private Map<String, Long> quietCounts() {
        await().atMost(Duration.ofSeconds(60)).until(() -> world.jira.pendingWebhookDeliveries() == 0);
        Map<String, Long> counts = new LinkedHashMap<>(Db.counts(world.server));
        counts.remove("sessions");
        // events of earlier tests may still be processed in the background; intake writes delivery ids, compared
        counts.remove("inbound_events");
        counts.remove("event_issues");
        return counts;
    }

    private String path(Routes route) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("boxId", String.valueOf(boxId));
        values.put("taskId", String.valueOf(taskId));
        values.put("connectionId", String.valueOf(world.connectionId));
        values.put("userId", String.valueOf(world.aliceId));
        values.put("key", world.keys.get(0));
        return route.resolve(values, "987654");
    }
}
