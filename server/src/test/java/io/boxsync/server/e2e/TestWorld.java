package io.boxsync.server.e2e;

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

/**
 * A running Boxsync with a Jira simulator, set up through the API the way an admin would: a Jira Cloud connection
 * with a webhook secret, users alice (may browse, edit, schedule and link in Jira) and bob (may only browse), both
 * Box editors, with their Jira accounts linked; carol edits in Jira but has no Boxsync account. Project ALP holds
 * stories with dates and two sprints. Shared by the end-to-end, security and browser tests.
 */
public final class TestWorld implements AutoCloseable {
    public static final String ADMIN_PASSWORD = "admin-password-e2e";
    public static final String SECRET = "webhook-secret-e2e";

    public final JiraSimulator jira;
    public final BoxsyncServer server;
    public final URI base;
    public final ApiClient admin;
    public final ApiClient alice;
    public final ApiClient bob;
    public final long connectionId;
    public final long aliceId;
    public final long bobId;
    public final List<String> keys;
    public final String sprint1;
    public final String sprint2;

    private TestWorld(JiraSimulator jira, BoxsyncServer server, URI base, ApiClient admin, ApiClient alice,
                      ApiClient bob, long connectionId, long aliceId, long bobId, List<String> keys, String sprint1,
                      String sprint2) {
        this.jira = jira;
        this.server = server;
        this.base = base;
        this.admin = admin;
        this.alice = alice;
        this.bob = bob;
        this.connectionId = connectionId;
        this.aliceId = aliceId;
        this.bobId = bobId;
        this.keys = keys;
        this.sprint1 = sprint1;
        this.sprint2 = sprint2;
    }

    /** Starts the simulator with {@code stories} stories and the server on a fresh data directory. */
    public static TestWorld start(Path dataDir, int stories) {
        return start(dataDir, stories,
                new SyncRuntime.Loops(Duration.ofMillis(100), Duration.ofMinutes(30), Duration.ofMinutes(30)));
    }

    /** {@link #start(Path, int)} with the sync loops' timing given (e.g. fast polling of tools without webhooks). */
    public static TestWorld start(Path dataDir, int stories, SyncRuntime.Loops loops) {
        JiraSimulator jira = JiraSimulator.start(JiraSimulator.Flavour.CLOUD, 0);
        BoxsyncServer server = null;
        try {
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
            String sprint1 = jira.addSprint(board, "Sprint 1", "active", LocalDate.now().minusDays(3),
                    LocalDate.now().plusDays(11));
            String sprint2 = jira.addSprint(board, "Sprint 2", "future", LocalDate.now().plusDays(11),
                    LocalDate.now().plusDays(25));
            List<String> keys = new ArrayList<>();
            for (int i = 1; i <= stories; i++) {
                LocalDate start = LocalDate.of(2026, 12, 1).plusDays(i - 1);
                keys.add(jira.createIssue(JiraSimulator.ADMIN_ACCOUNT_ID, "ALP", "Story", "Story " + i, Map.of(
                        "customfield_10015", start.toString(), "duedate", start.plusDays(3).toString(),
                        "customfield_10020", sprint1)));
            }

            ServerConfig config = ServerConfig.embeddedOnFreePort(dataDir).withInitialAdminPassword(ADMIN_PASSWORD);
            server = BoxsyncServer.start(config, System.out,
                    SyncSettings.defaults().withCoalescingInterval(Duration.ofSeconds(1)), loops);
            URI base = URI.create("http://127.0.0.1:" + server.port());
            ApiClient admin = ApiClient.signIn(base, "admin", ADMIN_PASSWORD);
            long connectionId = expect(admin.post("/api/connections", Map.of(
                    "name", "Jira Cloud", "kind", "JIRA_CLOUD", "baseUrl", jira.baseUrl().toString(),
                    "technicalUser", Map.of("accountId", "tech-1", "login", "tech@example.com", "token", "tech-token"),
                    "webhookSecret", SECRET,
                    "fieldMapping", Map.of("startField", "customfield_10015", "endField", "duedate",
                            "iterationKind", "SPRINT", "dependencyTypes", Map.of("Blocks", "FS")))), 201)
                    .get("id").asLong();
            long aliceId = createUser(admin, "alice", "Alice Adams");
            long bobId = createUser(admin, "bob", "Bob Brown");
            link(admin, connectionId, aliceId, "alice-1", "alice@example.com", "alice-token");
            link(admin, connectionId, bobId, "bob-1", "bob@example.com", "bob-token");
            jira.registerWebhook(base.resolve("/webhooks/" + connectionId), SECRET);
            return new TestWorld(jira, server, base, admin, ApiClient.signIn(base, "alice", "alice-password-1"),
                    ApiClient.signIn(base, "bob", "bob-password-1"), connectionId, aliceId, bobId, keys, sprint1,
                    sprint2);
        } catch (RuntimeException | Error e) {
            if (server != null) {
                server.close();
            }
            jira.close();
            throw e;
        }
    }

    /** Creates a program Box over project ALP with alice as Scope Owner, alice and bob as editors; returns its id. */
    public long createProgramBox(String name) {
        return expect(admin.post("/api/boxes", Map.of("name", name, "kind", "PROGRAM",
                "scope", Map.of("mode", "OWN", "parts", List.of(Map.of("connectionId", connectionId,
                        "sources", List.of(Map.of("kind", "PROJECT", "value", "ALP"))))),
                "scopeOwnerId", aliceId,
                "builders", List.of(Map.of("kind", "EPIC"), Map.of("kind", "PARENT")),
                "defaultTaskMode", "AUTO_BASIC",
                "members", List.of(Map.of("userId", aliceId, "role", "EDITOR"),
                        Map.of("userId", bobId, "role", "EDITOR")))), 201).get("id").asLong();
    }

    /** Opens the Box as the client and waits until its full sync completed. */
    public JsonNode openAndAwaitSync(ApiClient client, long boxId) {
        expectAny(client.post("/api/boxes/" + boxId + "/open", Map.of("module", "gantt")), 200, 202);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode sync = client.get("/api/boxes/" + boxId + "/sync").json();
            JsonNode last = sync.get("lastRun");
            if (last != null && !last.isNull() && sync.get("running").isNull()) {
                return last;
            }
            sleep(100);
        }
        throw new AssertionError("the full sync of Box " + boxId + " did not finish within 60 s");
    }

    /** The task of the issue in the Box, as the API shows it. */
    public JsonNode task(ApiClient client, long boxId, String key) {
        for (JsonNode t : client.get("/api/boxes/" + boxId + "/contents").json().get("tasks")) {
            if (key.equals(t.get("key").asText())) {
                return t;
            }
        }
        throw new AssertionError("no task " + key + " in Box " + boxId);
    }

    private static long createUser(ApiClient admin, String login, String name) {
        return expect(admin.post("/api/users", Map.of("login", login, "displayName", name,
                "password", login + "-password-1", "admin", false)), 201).get("id").asLong();
    }

    private static void link(ApiClient admin, long connectionId, long user, String accountId, String email,
                             String token) {
        expect(admin.put("/api/users/" + user + "/accounts/" + connectionId,
                Map.of("accountId", accountId, "login", email, "token", token)), 200);
    }

    /** The response's JSON when it has the status, else an assertion error showing the response. */
    public static JsonNode expect(ApiClient.Response response, int status) {
        return expectAny(response, status);
    }

    public static JsonNode expectAny(ApiClient.Response response, int... statuses) {
        for (int status : statuses) {
            if (response.status() == status) {
                return response.body().isBlank() ? null : response.json();
            }
        }
        throw new AssertionError("expected " + java.util.Arrays.toString(statuses) + " but got " + response);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            jira.close();
        }
    }
}
