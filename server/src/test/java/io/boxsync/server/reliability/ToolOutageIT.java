package io.boxsync.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.boxsync.server.e2e.TestWorld;
import io.boxsync.server.security.SharedWorld;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The tool answers 503 to every API call while its webhooks keep arriving: every event is kept, retried with
 * backoff (the number of tool requests during the outage stays far below what polling without backoff would send),
 * the connection's health is DEGRADED (transient, since the outage began) and UP again after recovery, and every
 * event is applied after recovery; 429 storms with Retry-After are honoured and an action's write is applied once.
 */
class ToolOutageIT {
    private final TestWorld world = SharedWorld.get();

    @AfterEach
    void clearFaults() {
        world.jira.faults().clear();
    }

    @Test
    void eventsArrivingDuringAnOutageAreAppliedAfterRecoveryWithBackoff() {
        long box = world.createProgramBox("Outage box");
        world.openAndAwaitSync(world.alice, box);
        Reliability.awaitQuietQueue(world, Duration.ofSeconds(60));
        List<String> keys = world.keys.subList(0, 4);

        world.jira.faults().failNext(1_000_000, 503);
        world.jira.resetRequestCounts();
        long outageStart = System.nanoTime();
        Instant outageWallStart = Instant.now();
        int round = 0;
        while (System.nanoTime() - outageStart < Duration.ofSeconds(12).toNanos()) {
            round++;
            for (String key : keys) {
                world.jira.updateIssue("carol-1", key, Map.of("summary", key + " during outage " + round));
            }
            sleep(2000);
        }
        int requestsDuringOutage = world.jira.requestCount("/rest/");
        double outageSeconds = (System.nanoTime() - outageStart) / 1e9;
        JsonNode degraded = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(this::health, h -> "DEGRADED".equals(h.path("state").asText()));
        String metricsDuringOutage = world.admin.get("/metrics").body();
        world.jira.faults().clear();
        long recoveryStart = System.nanoTime();

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(keys).allMatch(key -> Reliability.matchesTool(world, world.alice, box, key)));
        double recoverySeconds = (System.nanoTime() - recoveryStart) / 1e9;
        JsonNode recovered = health();
        System.out.printf("ToolOutageIT: %d events on %d issues in a %.1f s outage, %d tool requests during it "
                + "(%.1f/s), health %s after %d failed calls (%s), all applied %.1f s after recovery, health %s%n",
                round * keys.size(), keys.size(), outageSeconds, requestsDuringOutage,
                requestsDuringOutage / outageSeconds, degraded.path("state").asText(),
                degraded.path("consecutiveFailures").asInt(), degraded.path("detail").asText(), recoverySeconds,
                recovered.path("state").asText());
        assertThat(degraded.path("failureKind").asText()).isEqualTo("TRANSIENT");
        assertThat(degraded.path("detail").asText()).contains("503");
        assertThat(Instant.parse(degraded.path("since").asText())).as("degraded since the outage began")
                .isAfter(outageWallStart.minusSeconds(1));
        assertThat(degraded.path("consecutiveFailures").asInt()).isPositive();
        assertThat(recovered.path("state").asText()).as(recovered.toString()).isEqualTo("UP");
        assertThat(metricsDuringOutage).as("the health gauge on /metrics")
                .contains("boxsync_connection_health{connection=\"" + world.connectionId + "\"} 0.5");
        assertThat(world.admin.get("/metrics").body())
                .contains("boxsync_connection_health{connection=\"" + world.connectionId + "\"} 1.0");
        assertThat(recovered.path("consecutiveFailures").asInt()).isZero();
        assertThat(Instant.parse(recovered.path("since").asText())).isAfterOrEqualTo(
                Instant.parse(degraded.path("lastFailureAt").asText()));
        assertThat(requestsDuringOutage).as("tool requests during the outage (backoff, no hammering)")
                .isLessThan(keys.size() * 12);
        assertThat(world.jira.issueFields(keys.get(0)).get("summary")).isEqualTo(keys.get(0) + " during outage " + round);
    }

    @Test
    void anActionDuringARateLimitStormHonoursRetryAfterAndWritesOnce() {
        long box = world.createProgramBox("Rate limit box");
        world.openAndAwaitSync(world.alice, box);
        Reliability.awaitQuietQueue(world, Duration.ofSeconds(60));
        String key = world.keys.get(5);
        long taskId = world.task(world.alice, box, key).get("id").asLong();
        int historyBefore = world.alice.get("/api/tasks/" + taskId + "/history?limit=500").json().size();

        world.jira.faults().rateLimitNext(3, 1);
        long started = System.nanoTime();
        var moved = world.alice.post("/api/boxes/" + box + "/tasks/" + taskId + "/dates",
                Map.of("start", "2027-03-01", "end", "2027-03-05"));
        double seconds = (System.nanoTime() - started) / 1e9;

        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        assertThat(seconds).as("Retry-After of 1 s honoured three times").isGreaterThanOrEqualTo(2.5);
        assertThat(String.valueOf(world.jira.issueFields(key).get("customfield_10015"))).isEqualTo("2027-03-01");
        Reliability.awaitQuietQueue(world, Duration.ofSeconds(60));
        var history = world.alice.get("/api/tasks/" + taskId + "/history?limit=500").json();
        long startChanges = 0;
        for (int i = 0; i < history.size() - historyBefore; i++) {
            if ("start".equals(history.get(i).path("field").asText())) {
                startChanges++;
            }
        }
        assertThat(startChanges).as("changes of the start date recorded for one action").isEqualTo(1);
        assertThat(Reliability.matchesTool(world, world.alice, box, key)).isTrue();
        System.out.printf("ToolOutageIT: action under 3 x 429 (Retry-After 1 s) took %.1f s, written once%n", seconds);
    }

    private JsonNode health() {
        return world.admin.get("/api/connections/" + world.connectionId).json().get("health");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
