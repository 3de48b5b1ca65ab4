package io.boxsync.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole product through HTTP only: the real server on embedded PostgreSQL, the Jira simulator over real HTTP
 * ({@link TestWorld} sets up the connection, users and linked accounts through the API). Creating a Box flags it;
 * opening it runs the full sync as the Scope Owner; signed webhooks from the simulator are applied with the last
 * updater as author; the three S5 actions are written to Jira as a permitted user and refused, with nothing
 * changed anywhere, as a forbidden one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SyncEndToEndIT {
    private static final String ADMIN_PASSWORD = "admin-password-e2e";
    private static final String SECRET = "webhook-secret-e2e";

    @TempDir
    static Path dataDir;

    private TestWorld world;
    private ApiClient admin;
    private ApiClient alice;
    private ApiClient bob;
    private long boxId;
    private List<String> keys;

    @BeforeAll
    void start() {
        world = TestWorld.start(dataDir, 6);
        admin = world.admin;
        alice = world.alice;
        bob = world.bob;
        keys = world.keys;
    }

    @AfterAll
    void stop() {
        if (world != null) {
            world.close();
        }
    }

    @Test
    @Order(1)
    void aNewBoxIsFlaggedForItsFirstFullSyncAndTheConnectionIsUp() {
        boxId = world.createProgramBox("Alpha program");

        JsonNode sync = admin.get("/api/boxes/" + boxId + "/sync").json();
        assertThat(sync.get("flagged").asBoolean()).isTrue();
        assertThat(sync.get("lastRun").isNull()).isTrue();
        JsonNode connection = admin.get("/api/connections/" + world.connectionId + "?check=true").json();
        assertThat(connection.get("health").get("state").asText()).isEqualTo("UP");
    }

    @Test
    @Order(2)
    void openingTheFlaggedBoxRunsTheFullSyncAsTheScopeOwner() {
        var opened = alice.post("/api/boxes/" + boxId + "/open", Map.of("module", "gantt"));
        assertThat(opened.status()).as(opened.toString()).isIn(200, 202);

        JsonNode lastRun = awaitRun(alice, "COMPLETED");
        assertThat(lastRun.get("counts").get("added").asInt()).isEqualTo(keys.size());
        JsonNode contents = alice.get("/api/boxes/" + boxId + "/contents").json();
        assertThat(contents.get("tasks")).hasSize(keys.size());
        assertThat(alice.get("/api/boxes/" + boxId + "/sync").json().get("flagged").asBoolean()).isFalse();

        JsonNode history = alice.get("/api/boxes/" + boxId + "/history?limit=500").json();
        assertThat(history).isNotEmpty();
        assertThat(history.get(0).get("origin").asText()).isEqualTo("FULL");
        assertThat(history.get(0).get("author").get("kind").asText()).isEqualTo("SCOPE_OWNER");
        assertThat(history.get(0).get("requester").asLong()).isEqualTo(world.aliceId);
    }

    @Test
    @Order(3)
    void signedWebhooksFromJiraApplyWithTheLastUpdaterAsAuthor() {
        String key = keys.get(0);
        world.jira.updateIssue("alice-1", key, Map.of("summary", "Story 1 (renamed by Alice)"));
        world.jira.updateIssue("carol-1", key, Map.of("summary", "Story 1 (renamed by Carol)"));

        long taskId = taskIdOf(key);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(task(key).get("summary").asText()).isEqualTo("Story 1 (renamed by Carol)"));
        JsonNode history = alice.get("/api/tasks/" + taskId + "/history").json();
        JsonNode summaryChange = first(history, "summary");
        assertThat(summaryChange.get("origin").asText()).isEqualTo("PARTIAL_REMOTE");
        assertThat(summaryChange.get("author").get("kind").asText()).isEqualTo("REMOTE_USER");
        assertThat(summaryChange.get("author").get("remoteAccountId").asText()).isEqualTo("carol-1");
    }

    @Test
    @Order(4)
    void aForbiddenUserMovingATaskIsRefusedAndNothingChangesAnywhere() {
        String key = keys.get(1);
        long taskId = taskIdOf(key);
        Object startBefore = world.jira.issueFields(key).get("customfield_10015");
        long historyBefore = alice.get("/api/tasks/" + taskId + "/history").json().size();

        var refused = bob.post("/api/boxes/" + boxId + "/tasks/" + taskId + "/dates",
                Map.of("start", "2027-01-04", "end", "2027-01-08"));

        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(world.jira.issueFields(key).get("customfield_10015")).isEqualTo(startBefore);
        assertThat(task(key).get("start").asText()).isEqualTo("2026-12-02");
        assertThat(alice.get("/api/tasks/" + taskId + "/history").json().size()).isEqualTo(historyBefore);
    }

    @Test
    @Order(5)
    void aPermittedUserMovesATaskOnTheTimelineAndJiraHasTheNewDates() {
        String key = keys.get(1);
        long taskId = taskIdOf(key);

        var moved = alice.post("/api/boxes/" + boxId + "/tasks/" + taskId + "/dates",
                Map.of("start", "2027-01-04", "end", "2027-01-08"));

        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        assertThat(String.valueOf(world.jira.issueFields(key).get("customfield_10015"))).isEqualTo("2027-01-04");
        assertThat(String.valueOf(world.jira.issueFields(key).get("duedate"))).isEqualTo("2027-01-08");
        JsonNode change = first(alice.get("/api/tasks/" + taskId + "/history").json(), "start");
        assertThat(change.get("origin").asText()).isEqualTo("PARTIAL_APP");
        assertThat(change.get("author").get("kind").asText()).isEqualTo("CURRENT_USER");
        assertThat(change.get("author").get("userId").asLong()).isEqualTo(world.aliceId);
    }

    @Test
    @Order(6)
    void aPermittedUserMovesATaskToAnotherSprint() {
        String key = keys.get(2);
        var moved = alice.post("/api/boxes/" + boxId + "/tasks/" + taskIdOf(key) + "/cadence",
                Map.of("kind", "SPRINT", "id", world.sprint2));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        assertThat(String.valueOf(world.jira.issueFields(key).get("customfield_10020"))).isEqualTo(world.sprint2);

        var refused = bob.post("/api/boxes/" + boxId + "/tasks/" + taskIdOf(keys.get(3)) + "/cadence",
                Map.of("kind", "SPRINT", "id", world.sprint2));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThat(String.valueOf(world.jira.issueFields(keys.get(3)).get("customfield_10020"))).isNotEqualTo(world.sprint2);
    }

    @Test
    @Order(7)
    void aPermittedUserLinksTwoTasksAndJiraHasTheLink() {
        long from = taskIdOf(keys.get(3));
        long to = taskIdOf(keys.get(4));
        var refused = bob.post("/api/boxes/" + boxId + "/dependencies", Map.of("from", from, "to", to, "type", "FS"));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThat(String.valueOf(world.jira.issueFields(keys.get(3)).get("issuelinks"))).doesNotContain(keys.get(4));

        var linked = alice.post("/api/boxes/" + boxId + "/dependencies", Map.of("from", from, "to", to, "type", "FS"));
        assertThat(linked.status()).as(linked.toString()).isEqualTo(201);
        assertThat(String.valueOf(world.jira.issueFields(keys.get(3)).get("issuelinks"))).contains(keys.get(4));
        assertThat(alice.get("/api/boxes/" + boxId + "/contents").json().get("dependencies")).hasSize(1);
    }

    @Test
    @Order(8)
    void reSyncingAllBoxesIsRefusedWithTheReason() {
        var refused = admin.post("/api/boxes/resync-all", Map.of());
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").asText()).contains("re-sync");
    }

    private JsonNode awaitRun(ApiClient client, String outcome) {
        JsonNode[] run = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JsonNode sync = client.get("/api/boxes/" + boxId + "/sync").json();
            assertThat(sync.get("lastRun").isNull()).as(sync.toString()).isFalse();
            assertThat(sync.get("lastRun").get("outcome").asText()).as(sync.toString()).isEqualTo(outcome);
            run[0] = sync.get("lastRun");
        });
        return run[0];
    }

    private JsonNode task(String key) {
        return world.task(alice, boxId, key);
    }

    private long taskIdOf(String key) {
        return task(key).get("id").asLong();
    }

    private static JsonNode first(JsonNode history, String field) {
        for (JsonNode change : history) {
            if (field.equals(change.get("field").asText())) {
                return change;
            }
        }
        throw new AssertionError("no change of " + field + " in " + history);
    }
}
