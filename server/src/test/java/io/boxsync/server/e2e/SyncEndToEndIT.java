package io.boxsync.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.boxsync.core.sync.SyncSettings;
import io.boxsync.server.BoxsyncServer;
import io.boxsync.server.config.ServerConfig;
import io.boxsync.server.wiring.SyncRuntime;
import io.boxsync.simulator.jira.JiraSimulator;
import io.boxsync.simulator.jira.JiraSimulator.Permission;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
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
 * The whole product through HTTP only: the real server on embedded PostgreSQL, the Jira simulator over real HTTP.
 * A connection, users with linked accounts and a Box are created through the API; opening the Box runs the full
 * sync; signed webhooks from the simulator are applied with the last updater as author; the three S5 actions are
 * written to Jira as a permitted user and refused, with nothing changed anywhere, as a forbidden one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SyncEndToEndIT {
    private static final String ADMIN_PASSWORD = "admin-password-e2e";
    private static final String SECRET = "webhook-secret-e2e";

    @TempDir
    static Path dataDir;

    private JiraSimulator jira;
    private BoxsyncServer server;
    private URI base;
    private ApiClient admin;
    private ApiClient alice;
    private ApiClient bob;
    private long connectionId;
    private long aliceId;
    private long bobId;
    private long boxId;
    private String sprint2;
    private final List<String> keys = new ArrayList<>();

    @BeforeAll
    void start() {
        jira = JiraSimulator.start(JiraSimulator.Flavour.CLOUD, 0);
        jira.addProject("ALP", "Alpha");
        jira.addAccount("tech-1", "Boxsync Technical", "tech@example.com", "tech-token");
        jira.addAccount("alice-1", "Alice Adams", "alice@example.com", "alice-token");
        jira.addAccount("bob-1", "Bob Brown", "bob@example.com", "bob-token");
        jira.addAccount("carol-1", "Carol Clark", "carol@example.com", "carol-token");
        jira.grant("tech-1", "ALP", Permission.values());
        jira.grant("alice-1", "ALP", Permission.BROWSE, Permission.EDIT, Permission.SCHEDULE, Permission.LINK);
        jira.grant("bob-1", "ALP", Permission.BROWSE);
        jira.grant("carol-1", "ALP", Permission.BROWSE, Permission.EDIT, Permission.SCHEDULE);
        String board = jira.boardId("ALP");
        jira.addSprint(board, "Sprint 1", "active", LocalDate.now().minusDays(3), LocalDate.now().plusDays(11));
        sprint2 = jira.addSprint(board, "Sprint 2", "future", LocalDate.now().plusDays(11), LocalDate.now().plusDays(25));
        for (int i = 1; i <= 6; i++) {
            keys.add(jira.createIssue(JiraSimulator.ADMIN_ACCOUNT_ID, "ALP", "Story", "Story " + i, Map.of(
                    "customfield_10015", LocalDate.of(2026, 12, i).toString(),
                    "duedate", LocalDate.of(2026, 12, i + 3).toString())));
        }

        ServerConfig config = ServerConfig.embeddedOnFreePort(dataDir).withInitialAdminPassword(ADMIN_PASSWORD);
        server = BoxsyncServer.start(config, System.out,
                SyncSettings.defaults().withCoalescingInterval(Duration.ofSeconds(1)),
                new SyncRuntime.Loops(Duration.ofMillis(100), Duration.ofMinutes(30), Duration.ofMinutes(30)));
        base = URI.create("http://127.0.0.1:" + server.port());
        admin = ApiClient.signIn(base, "admin", ADMIN_PASSWORD);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        if (jira != null) {
            jira.close();
        }
    }

    @Test
    @Order(1)
    void anAdminConnectsJiraCreatesUsersLinksTheirAccountsAndCreatesABox() {
        var connection = admin.post("/api/connections", Map.of(
                "name", "Jira Cloud", "kind", "JIRA_CLOUD", "baseUrl", jira.baseUrl().toString(),
                "technicalUser", Map.of("accountId", "tech-1", "login", "tech@example.com", "token", "tech-token"),
                "webhookSecret", SECRET,
                "fieldMapping", Map.of("startField", "customfield_10015", "endField", "duedate",
                        "iterationKind", "SPRINT", "dependencyTypes", Map.of("Blocks", "FS"))));
        assertThat(connection.status()).as(connection.toString()).isEqualTo(201);
        connectionId = connection.json().get("id").asLong();

        aliceId = createUser("alice", "Alice Adams");
        bobId = createUser("bob", "Bob Brown");
        link(aliceId, "alice-1", "alice@example.com", "alice-token");
        link(bobId, "bob-1", "bob@example.com", "bob-token");
        alice = ApiClient.signIn(base, "alice", "alice-password-1");
        bob = ApiClient.signIn(base, "bob", "bob-password-1");

        var box = admin.post("/api/boxes", Map.of("name", "Alpha program", "kind", "PROGRAM",
                "scope", Map.of("mode", "OWN", "parts", List.of(Map.of("connectionId", connectionId,
                        "sources", List.of(Map.of("kind", "PROJECT", "value", "ALP"))))),
                "scopeOwnerId", aliceId,
                "builders", List.of(Map.of("kind", "EPIC"), Map.of("kind", "PARENT")),
                "defaultTaskMode", "AUTO_BASIC",
                "members", List.of(Map.of("userId", aliceId, "role", "EDITOR"), Map.of("userId", bobId, "role", "EDITOR"))));
        assertThat(box.status()).as(box.toString()).isEqualTo(201);
        boxId = box.json().get("id").asLong();
        assertThat(admin.get("/api/boxes/" + boxId + "/sync").json().get("flagged").asBoolean()).isTrue();
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
        assertThat(history.get(0).get("requester").asLong()).isEqualTo(aliceId);
    }

    @Test
    @Order(3)
    void signedWebhooksFromJiraApplyWithTheLastUpdaterAsAuthor() {
        jira.registerWebhook(base.resolve("/webhooks/" + connectionId), SECRET);
        String key = keys.get(0);
        jira.updateIssue("alice-1", key, Map.of("summary", "Story 1 (renamed by Alice)"));
        jira.updateIssue("carol-1", key, Map.of("summary", "Story 1 (renamed by Carol)"));

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
        Object startBefore = jira.issueFields(key).get("customfield_10015");
        long historyBefore = alice.get("/api/tasks/" + taskId + "/history").json().size();

        var refused = bob.post("/api/boxes/" + boxId + "/tasks/" + taskId + "/dates",
                Map.of("start", "2027-01-04", "end", "2027-01-08"));

        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(jira.issueFields(key).get("customfield_10015")).isEqualTo(startBefore);
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
        assertThat(String.valueOf(jira.issueFields(key).get("customfield_10015"))).isEqualTo("2027-01-04");
        assertThat(String.valueOf(jira.issueFields(key).get("duedate"))).isEqualTo("2027-01-08");
        JsonNode change = first(alice.get("/api/tasks/" + taskId + "/history").json(), "start");
        assertThat(change.get("origin").asText()).isEqualTo("PARTIAL_APP");
        assertThat(change.get("author").get("kind").asText()).isEqualTo("CURRENT_USER");
        assertThat(change.get("author").get("userId").asLong()).isEqualTo(aliceId);
    }

    @Test
    @Order(6)
    void aPermittedUserMovesATaskToAnotherSprint() {
        String key = keys.get(2);
        var moved = alice.post("/api/boxes/" + boxId + "/tasks/" + taskIdOf(key) + "/cadence",
                Map.of("kind", "SPRINT", "id", sprint2));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        assertThat(String.valueOf(jira.issueFields(key).get("customfield_10020"))).isEqualTo(sprint2);

        var refused = bob.post("/api/boxes/" + boxId + "/tasks/" + taskIdOf(keys.get(3)) + "/cadence",
                Map.of("kind", "SPRINT", "id", sprint2));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThat(String.valueOf(jira.issueFields(keys.get(3)).get("customfield_10020"))).isNotEqualTo(sprint2);
    }

    @Test
    @Order(7)
    void aPermittedUserLinksTwoTasksAndJiraHasTheLink() {
        long from = taskIdOf(keys.get(3));
        long to = taskIdOf(keys.get(4));
        var refused = bob.post("/api/boxes/" + boxId + "/dependencies", Map.of("from", from, "to", to, "type", "FS"));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThat(String.valueOf(jira.issueFields(keys.get(3)).get("issuelinks"))).doesNotContain(keys.get(4));

        var linked = alice.post("/api/boxes/" + boxId + "/dependencies", Map.of("from", from, "to", to, "type", "FS"));
        assertThat(linked.status()).as(linked.toString()).isEqualTo(201);
        assertThat(String.valueOf(jira.issueFields(keys.get(3)).get("issuelinks"))).contains(keys.get(4));
        assertThat(alice.get("/api/boxes/" + boxId + "/contents").json().get("dependencies")).hasSize(1);
    }

    @Test
    @Order(8)
    void reSyncingAllBoxesIsRefusedWithTheReason() {
        var refused = admin.post("/api/boxes/resync-all", Map.of());
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").asText()).contains("re-sync");
    }

    private long createUser(String login, String name) {
        var user = admin.post("/api/users", Map.of("login", login, "displayName", name,
                "password", login + "-password-1", "admin", false));
        assertThat(user.status()).as(user.toString()).isEqualTo(201);
        return user.json().get("id").asLong();
    }

    private void link(long user, String accountId, String email, String token) {
        var linked = admin.put("/api/users/" + user + "/accounts/" + connectionId,
                Map.of("accountId", accountId, "login", email, "token", token));
        assertThat(linked.status()).as(linked.toString()).isEqualTo(200);
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
        for (JsonNode t : alice.get("/api/boxes/" + boxId + "/contents").json().get("tasks")) {
            if (key.equals(t.get("key").asText())) {
                return t;
            }
        }
        throw new AssertionError("no task " + key + " in the Box");
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
