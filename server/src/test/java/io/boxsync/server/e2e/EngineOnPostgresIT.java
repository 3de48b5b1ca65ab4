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
 * The sync engine's guards and coalescing on real PostgreSQL against a Jira Data Center simulator, through the
 * API: a corrupted index stops the full sync and a Box admin's "continue without re-indexing" applies to one run
 * only; a page that fails mid-read removes nothing; 20 updates of one issue within the interval cause one fetch
 * and name the last updater.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EngineOnPostgresIT {
    private static final String SECRET = "dc-webhook-secret";

    @TempDir
    static Path dataDir;

    private JiraSimulator jira;
    private BoxsyncServer server;
    private ApiClient admin;
    private ApiClient alice;
    private long connectionId;
    private long boxId;
    private final List<String> keys = new ArrayList<>();

    @BeforeAll
    void start() {
        jira = JiraSimulator.start(JiraSimulator.Flavour.DATA_CENTER, 0);
        jira.addProject("DCP", "Data Center project");
        jira.addAccount("tech-1", "Technical", "tech@example.com", "tech-token");
        jira.addAccount("alice-1", "Alice Adams", "alice@example.com", "alice-token");
        jira.addAccount("carol-1", "Carol Clark", "carol@example.com", "carol-token");
        jira.grant("tech-1", "DCP", Permission.values());
        jira.grant("alice-1", "DCP", Permission.values());
        jira.grant("carol-1", "DCP", Permission.BROWSE, Permission.EDIT);
        for (int i = 1; i <= 120; i++) {
            keys.add(jira.createIssue(JiraSimulator.ADMIN_ACCOUNT_ID, "DCP", "Story", "Story " + i, Map.of()));
        }
        server = BoxsyncServer.start(ServerConfig.embeddedOnFreePort(dataDir).withInitialAdminPassword(
                        TestWorld.ADMIN_PASSWORD), System.out,
                SyncSettings.defaults().withCoalescingInterval(Duration.ofSeconds(2)),
                new SyncRuntime.Loops(Duration.ofMillis(100), Duration.ofMinutes(30), Duration.ofMinutes(30)));
        URI base = URI.create("http://127.0.0.1:" + server.port());
        admin = ApiClient.signIn(base, "admin", TestWorld.ADMIN_PASSWORD);
        connectionId = TestWorld.expect(admin.post("/api/connections", Map.of("name", "Jira DC", "kind", "JIRA_DC",
                "baseUrl", jira.baseUrl().toString(),
                "technicalUser", Map.of("accountId", "tech-1", "login", "", "token", "tech-token"),
                "webhookSecret", SECRET)), 201).get("id").asLong();
        long aliceId = TestWorld.expect(admin.post("/api/users", Map.of("login", "alice", "displayName", "Alice",
                "password", "alice-password-1", "admin", false)), 201).get("id").asLong();
        TestWorld.expect(admin.put("/api/users/" + aliceId + "/accounts/" + connectionId,
                Map.of("accountId", "alice-1", "login", "", "token", "alice-token")), 200);
        alice = ApiClient.signIn(base, "alice", "alice-password-1");
        boxId = TestWorld.expect(admin.post("/api/boxes", Map.of("name", "DC program", "kind", "PROGRAM",
                "scope", Map.of("mode", "OWN", "parts", List.of(Map.of("connectionId", connectionId,
                        "sources", List.of(Map.of("kind", "PROJECT", "value", "DCP"))))),
                "scopeOwnerId", aliceId, "members", List.of(Map.of("userId", aliceId, "role", "ADMIN")))), 201)
                .get("id").asLong();
        jira.registerWebhook(base.resolve("/webhooks/" + connectionId), SECRET);
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
    void aCorruptedIndexStopsTheFullSyncAndTheOverrideAppliesToOneRunOnly() {
        jira.faults().corruptIndex(true);
        TestWorld.expectAny(alice.post("/api/boxes/" + boxId + "/open", Map.of("module", "gantt")), 200, 202);
        JsonNode aborted = awaitRunAfter(0, "ABORTED");
        assertThat(aborted.get("reason").asText().toLowerCase()).contains("index");
        assertThat(alice.get("/api/boxes/" + boxId + "/sync").json().get("indexCorrupted").asBoolean()).isTrue();
        assertThat(tasks()).isEmpty();

        TestWorld.expect(alice.post("/api/boxes/" + boxId + "/resync", Map.of("continueWithoutReindex", true)), 202);
        JsonNode overridden = awaitRunAfter(aborted.get("id").asLong(), "COMPLETED");
        assertThat(overridden.get("indexOverride").asBoolean()).isTrue();
        assertThat(tasks()).hasSize(keys.size());

        TestWorld.expect(alice.post("/api/boxes/" + boxId + "/resync", Map.of()), 202);
        JsonNode again = awaitRunAfter(overridden.get("id").asLong(), "ABORTED");
        assertThat(again.get("indexOverride").asBoolean()).as("the override was for one run only").isFalse();
        jira.faults().corruptIndex(false);
    }

    @Test
    @Order(2)
    void aPageThatFailsMidReadRemovesNothing() {
        JsonNode before = lastRun();
        jira.deleteIssue(JiraSimulator.ADMIN_ACCOUNT_ID, keys.get(keys.size() - 1));
        jira.faults().failNext(50, 500);
        TestWorld.expect(alice.post("/api/boxes/" + boxId + "/resync", Map.of()), 202);
        JsonNode failed = awaitRunAfter(before.get("id").asLong(), "ABORTED");
        jira.faults().clear();
        assertThat(failed.get("counts").get("removed").asInt()).isZero();
        assertThat(tasks()).as("nothing removed by a failed read").hasSize(keys.size());

        TestWorld.expect(alice.post("/api/boxes/" + boxId + "/resync", Map.of()), 202);
        JsonNode completed = awaitRunAfter(failed.get("id").asLong(), "COMPLETED");
        assertThat(completed.get("counts").get("removed").asInt()).isEqualTo(1);
        assertThat(tasks()).hasSize(keys.size() - 1);
    }

    @Test
    @Order(3)
    void twentyUpdatesOfOneIssueWithinTheIntervalCauseOneFetchAndNameTheLastUpdater() {
        String key = keys.get(0);
        jira.resetRequestCounts();
        for (int i = 1; i <= 20; i++) {
            jira.updateIssue(i == 20 ? "carol-1" : "alice-1", key, Map.of("summary", "Story 1, edit " + i));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(task(key).get("summary").asText()).isEqualTo("Story 1, edit 20"));
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> true);
        assertThat(jira.requestCount("/rest/api/2/issue/" + key)).as("fetches of the issue").isEqualTo(1);
        JsonNode history = alice.get("/api/tasks/" + task(key).get("id").asLong() + "/history").json();
        JsonNode change = history.get(0);
        assertThat(change.get("field").asText()).isEqualTo("summary");
        assertThat(change.get("author").get("remoteAccountId").asText()).isEqualTo("carol-1");
    }

    private JsonNode lastRun() {
        return alice.get("/api/boxes/" + boxId + "/sync").json().get("lastRun");
    }

    private JsonNode awaitRunAfter(long previousRunId, String outcome) {
        JsonNode[] run = new JsonNode[1];
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JsonNode last = lastRun();
            assertThat(last.isNull()).isFalse();
            assertThat(last.get("id").asLong()).isGreaterThan(previousRunId);
            assertThat(last.get("outcome").asText()).as(last.toString()).isEqualTo(outcome);
            run[0] = last;
        });
        return run[0];
    }

    private JsonNode tasks() {
        return alice.get("/api/boxes/" + boxId + "/contents").json().get("tasks");
    }

    private JsonNode task(String key) {
        for (JsonNode t : tasks()) {
            if (key.equals(t.get("key").asText())) {
                return t;
            }
        }
        throw new AssertionError("no task " + key);
    }
}
