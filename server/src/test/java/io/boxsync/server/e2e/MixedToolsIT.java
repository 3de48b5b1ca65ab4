package io.boxsync.server.e2e;

import static io.boxsync.server.e2e.TestWorld.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.boxsync.connector.RemoteAccount;
import io.boxsync.connector.redmine.RedmineAdmin;
import io.boxsync.server.wiring.SyncRuntime;
import io.boxsync.simulator.trello.TrelloSimulator;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * One Box whose scope spans Jira (simulator), Trello (simulator) and a real Redmine, driven through the HTTP API of
 * the real server: one full sync brings every issue of the three tools; partial sync comes from Jira's and Trello's
 * signed webhooks and from polling Redmine; the S5 actions are written to each tool as a permitted user and
 * refused, with nothing changed, as a forbidden one; Trello, which has no issue links, refuses links clearly.
 * Skipped (assumption) when no Redmine is reachable.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MixedToolsIT {
    private static final int JIRA_STORIES = 4;
    private static final int TRELLO_CARDS = 4;
    private static final int REDMINE_ISSUES = 4;

    @TempDir
    static Path dataDir;

    private RedmineAdmin redmine;
    private TestWorld world;
    private TrelloSimulator trello;
    private TrelloSimulator.Seed seed;
    private String redmineProject;
    private RemoteAccount redmineAlice;
    private long versionA;
    private long versionB;
    private final List<Long> redmineIssues = new ArrayList<>();
    private long jiraConnection;
    private long trelloConnection;
    private long redmineConnection;
    private long boxId;

    @BeforeAll
    void start() {
        redmine = RedmineAdmin.connectOrSkip();
        redmineProject = RedmineAdmin.unique("mixed");
        redmine.createProject(redmineProject, false);
        redmineAlice = redmine.createUser(RedmineAdmin.unique("alice"));
        RemoteAccount redmineBob = redmine.createUser(RedmineAdmin.unique("bob"));
        redmine.addMember(redmineProject, redmineAlice, "Developer");
        redmine.addMember(redmineProject, redmineBob, "Reporter");
        versionA = redmine.createVersion(redmineProject, "Release A");
        versionB = redmine.createVersion(redmineProject, "Release B");
        for (int i = 1; i <= REDMINE_ISSUES; i++) {
            redmineIssues.add(redmine.createIssue(redmineProject, "Redmine issue " + i, Map.of(
                    "start_date", "2026-12-0" + i, "due_date", "2026-12-1" + i, "fixed_version_id", versionA)));
        }

        world = TestWorld.start(dataDir, JIRA_STORIES,
                new SyncRuntime.Loops(Duration.ofMillis(100), Duration.ofMinutes(30), Duration.ofSeconds(1)));
        jiraConnection = world.connectionId;
        trello = TrelloSimulator.start(0);
        seed = trello.seed(7, TRELLO_CARDS);

        trelloConnection = expect(world.admin.post("/api/connections", Map.of(
                "name", "Trello", "kind", "TRELLO", "baseUrl", trello.baseUrl(),
                "technicalUser", Map.of("accountId", seed.adminId(), "login", TrelloSimulator.SEED_API_KEY,
                        "token", seed.adminToken()),
                "webhookSecret", trello.appSecret(),
                "fieldMapping", Map.of("iterationKind", "LIST"))), 201).get("id").asLong();
        linkAccount(world.aliceId, trelloConnection, seed.normalId(), TrelloSimulator.SEED_API_KEY, seed.normalToken());
        linkAccount(world.bobId, trelloConnection, seed.observerId(), TrelloSimulator.SEED_API_KEY,
                seed.observerToken());
        registerTrelloWebhook(world.base.resolve("/webhooks/" + trelloConnection).toString());

        RemoteAccount technical = redmine.adminAccount();
        redmineConnection = expect(world.admin.post("/api/connections", Map.of(
                "name", "Redmine", "kind", "REDMINE", "baseUrl", redmine.url().toString(),
                "technicalUser", Map.of("accountId", technical.accountId(), "login", technical.login(),
                        "token", technical.secret().reveal()),
                "fieldMapping", Map.of("iterationKind", "VERSION", "dependencyTypes", Map.of("precedes", "FS")))),
                201).get("id").asLong();
        linkAccount(world.aliceId, redmineConnection, redmineAlice.accountId(), redmineAlice.login(),
                redmineAlice.secret().reveal());
        linkAccount(world.bobId, redmineConnection, redmineBob.accountId(), redmineBob.login(),
                redmineBob.secret().reveal());
    }

    @AfterAll
    void stop() {
        try {
            if (world != null) {
                world.close();
            }
        } finally {
            if (trello != null) {
                trello.close();
            }
        }
    }

    @Test
    @Order(1)
    void openingTheMixedBoxRunsOneFullSyncThatBringsEveryIssueOfTheThreeTools() {
        boxId = expect(world.admin.post("/api/boxes", Map.of("name", "Mixed program", "kind", "PROGRAM",
                "scope", Map.of("mode", "OWN", "parts", List.of(
                        part(jiraConnection, "PROJECT", "ALP"),
                        part(trelloConnection, "BOARD", seed.boardId()),
                        part(redmineConnection, "PROJECT", redmineProject))),
                "scopeOwnerId", world.aliceId,
                "builders", List.of(Map.of("kind", "PARENT")),
                "defaultTaskMode", "AUTO_BASIC",
                "members", List.of(Map.of("userId", world.aliceId, "role", "EDITOR"),
                        Map.of("userId", world.bobId, "role", "EDITOR")))), 201).get("id").asLong();

        JsonNode run = world.openAndAwaitSync(world.alice, boxId);

        assertThat(run.get("outcome").asText()).as(run.toString()).isEqualTo("COMPLETED");
        assertThat(run.get("origin").asText()).isEqualTo("FULL");
        assertThat(run.get("requester").asLong()).isEqualTo(world.aliceId);
        int expected = JIRA_STORIES + TRELLO_CARDS + REDMINE_ISSUES;
        assertThat(run.get("counts").get("added").asInt()).isEqualTo(expected);
        Set<String> keys = new HashSet<>();
        for (JsonNode task : contents().get("tasks")) {
            keys.add(task.get("connectionId").asLong() + "/" + task.get("key").asText());
        }
        Set<String> wanted = new HashSet<>();
        world.keys.forEach(k -> wanted.add(jiraConnection + "/" + k));
        seed.cardIds().forEach(k -> wanted.add(trelloConnection + "/" + k));
        redmineIssues.forEach(k -> wanted.add(redmineConnection + "/" + k));
        assertThat(keys).isEqualTo(wanted);
        assertThat(world.alice.get("/api/boxes/" + boxId + "/sync").json().get("lastRun").get("id").asLong())
                .as("still the one run that opening started").isEqualTo(run.get("id").asLong());
        JsonNode history = world.alice.get("/api/boxes/" + boxId + "/history?limit=500").json();
        Set<Long> runs = new HashSet<>();
        for (JsonNode change : history) {
            if ("FULL".equals(change.get("origin").asText())) {
                runs.add(change.get("runId").asLong());
                assertThat(change.get("author").get("kind").asText()).isEqualTo("SCOPE_OWNER");
            }
        }
        assertThat(runs).containsExactly(run.get("id").asLong());
        JsonNode redmineTask = task(redmineConnection, String.valueOf(redmineIssues.get(0)));
        assertThat(redmineTask.get("summary").asText()).isEqualTo("Redmine issue 1");
        assertThat(redmineTask.get("start").asText()).isEqualTo("2026-12-01");
        assertThat(redmineTask.get("end").asText()).isEqualTo("2026-12-11");
        assertThat(redmineTask.get("iterations").toString()).contains(String.valueOf(versionA));
    }

    @Test
    @Order(2)
    void aJiraChangeArrivesByItsSignedWebhookWithTheJiraPersonAsAuthor() {
        String key = world.keys.get(0);
        world.jira.updateIssue("carol-1", key, Map.of("summary", "Story 1 (renamed by Carol)"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(task(jiraConnection, key).get("summary").asText()).isEqualTo("Story 1 (renamed by Carol)"));
        JsonNode change = latestChange(task(jiraConnection, key), "summary");
        assertThat(change.get("origin").asText()).isEqualTo("PARTIAL_REMOTE");
        assertThat(change.get("author").get("kind").asText()).isEqualTo("REMOTE_USER");
        assertThat(change.get("author").get("remoteAccountId").asText()).isEqualTo("carol-1");
    }

    @Test
    @Order(3)
    void aTrelloCardRenameArrivesByItsSignedWebhookWithTheTrelloMemberAsAuthor() {
        String card = seed.cardIds().get(0);
        trello.updateCard(seed.normalId(), card, Map.of("name", "Card 1 (renamed in Trello)"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(task(trelloConnection, card).get("summary").asText()).isEqualTo("Card 1 (renamed in Trello)"));
        JsonNode change = latestChange(task(trelloConnection, card), "summary");
        assertThat(change.get("origin").asText()).isEqualTo("PARTIAL_REMOTE");
        assertThat(change.get("author").get("kind").asText()).isEqualTo("REMOTE_USER");
        assertThat(change.get("author").get("remoteAccountId").asText()).isEqualTo(seed.normalId());
        assertThat(change.get("author").get("userId").asLong()).as("the member's linked Boxsync user")
                .isEqualTo(world.aliceId);
    }

    /**
     * Redmine has no webhooks: polling finds the issue by {@code updated_on} and queues an event without a person
     * (Redmine's issue JSON names no last updater), so the engine records the change as the technical user's,
     * whoever made it in Redmine. Here alice changed it, and the history honestly says "technical user".
     */
    @Test
    @Order(4)
    void aRedmineSubjectChangeIsFoundByPollingAndRecordedAsTheTechnicalUsers() {
        long issue = redmineIssues.get(0);
        redmine.updateIssue(issue, Map.of("subject", "Redmine issue 1 (renamed in Redmine)"),
                redmineAlice.secret().reveal());

        await().atMost(Duration.ofSeconds(40)).untilAsserted(() ->
                assertThat(task(redmineConnection, String.valueOf(issue)).get("summary").asText())
                        .isEqualTo("Redmine issue 1 (renamed in Redmine)"));
        JsonNode change = latestChange(task(redmineConnection, String.valueOf(issue)), "summary");
        assertThat(change.get("origin").asText()).isEqualTo("PARTIAL_REMOTE");
        assertThat(change.get("author").get("kind").asText()).isEqualTo("TECHNICAL_USER");
        assertThat(change.get("author").get("remoteAccountId").isNull()).isTrue();
    }

    @Test
    @Order(5)
    void movingDatesOfAJiraTaskIsRefusedForBobAndWrittenToJiraForAlice() {
        String key = world.keys.get(1);
        JsonNode task = task(jiraConnection, key);
        Object startBefore = world.jira.issueFields(key).get("customfield_10015");

        assertRefusedAndNothingChanged(task, () -> String.valueOf(world.jira.issueFields(key).get("customfield_10015")),
                String.valueOf(startBefore));

        moveAsAlice(task, "2027-01-04", "2027-01-08");
        assertThat(String.valueOf(world.jira.issueFields(key).get("customfield_10015"))).isEqualTo("2027-01-04");
        assertThat(String.valueOf(world.jira.issueFields(key).get("duedate"))).isEqualTo("2027-01-08");
        assertMovedByAlice(task);
    }

    @Test
    @Order(6)
    void movingDatesOfATrelloCardIsRefusedForTheObserverAndWrittenToTrelloForTheNormalMember() {
        String card = seed.cardIds().get(1);
        JsonNode task = task(trelloConnection, card);
        String startBefore = String.valueOf(trello.cardFields(card).orElseThrow().get("start"));

        assertRefusedAndNothingChanged(task, () -> String.valueOf(trello.cardFields(card).orElseThrow().get("start")),
                startBefore);

        moveAsAlice(task, "2027-02-01", "2027-02-05");
        Map<String, Object> fields = trello.cardFields(card).orElseThrow();
        assertThat(String.valueOf(fields.get("start"))).startsWith("2027-02-01");
        assertThat(String.valueOf(fields.get("due"))).startsWith("2027-02-05");
        assertMovedByAlice(task);
    }

    @Test
    @Order(7)
    void movingDatesOfARedmineIssueIsRefusedForTheReporterAndWrittenToRedmineForTheDeveloper() {
        long issue = redmineIssues.get(1);
        JsonNode task = task(redmineConnection, String.valueOf(issue));

        assertRefusedAndNothingChanged(task, () -> redmine.issue(issue).path("start_date").asText(), "2026-12-02");

        moveAsAlice(task, "2027-03-01", "2027-03-10");
        JsonNode written = redmine.issue(issue);
        assertThat(written.path("start_date").asText()).isEqualTo("2027-03-01");
        assertThat(written.path("due_date").asText()).isEqualTo("2027-03-10");
        assertMovedByAlice(task);
    }

    @Test
    @Order(8)
    void aliceMovesARedmineIssueToAnotherVersionAndATrelloCardToAnotherList() {
        long issue = redmineIssues.get(2);
        var toVersion = world.alice.post("/api/boxes/" + boxId + "/tasks/"
                + task(redmineConnection, String.valueOf(issue)).get("id").asLong() + "/cadence",
                Map.of("kind", "VERSION", "id", String.valueOf(versionB)));
        assertThat(toVersion.status()).as(toVersion.toString()).isEqualTo(200);
        assertThat(redmine.issue(issue).path("fixed_version").path("id").asLong()).isEqualTo(versionB);
        assertThat(task(redmineConnection, String.valueOf(issue)).get("iterations").toString())
                .contains(String.valueOf(versionB)).doesNotContain("\"" + versionA + "\"");

        String card = seed.cardIds().get(2);
        String listBefore = String.valueOf(trello.cardFields(card).orElseThrow().get("idList"));
        String target = seed.listIds().stream().filter(l -> !l.equals(listBefore)).findFirst().orElseThrow();
        var toList = world.alice.post("/api/boxes/" + boxId + "/tasks/"
                + task(trelloConnection, card).get("id").asLong() + "/cadence", Map.of("kind", "LIST", "id", target));
        assertThat(toList.status()).as(toList.toString()).isEqualTo(200);
        assertThat(String.valueOf(trello.cardFields(card).orElseThrow().get("idList"))).isEqualTo(target);
        assertThat(task(trelloConnection, card).get("iterations").toString()).contains(target);
    }

    @Test
    @Order(9)
    void linkingTwoJiraTasksWritesTheLinkWhileLinkingTwoTrelloTasksIsRefusedBecauseTrelloHasNoLinks() {
        String fromKey = world.keys.get(2);
        String toKey = world.keys.get(3);
        var linked = world.alice.post("/api/boxes/" + boxId + "/dependencies", Map.of(
                "from", task(jiraConnection, fromKey).get("id").asLong(),
                "to", task(jiraConnection, toKey).get("id").asLong(), "type", "FS"));
        assertThat(linked.status()).as(linked.toString()).isEqualTo(201);
        assertThat(String.valueOf(world.jira.issueFields(fromKey).get("issuelinks"))).contains(toKey);

        var refused = world.alice.post("/api/boxes/" + boxId + "/dependencies", Map.of(
                "from", task(trelloConnection, seed.cardIds().get(0)).get("id").asLong(),
                "to", task(trelloConnection, seed.cardIds().get(1)).get("id").asLong(), "type", "FS"));
        assertThat(refused.status()).as(refused.toString()).isIn(403, 409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("detail").asText()).as(refused.toString()).contains("Trello has no");
        assertThat(contents().get("dependencies")).as("only the Jira link").hasSize(1);
    }

    /**
     * Alice's writes come back from Trello as webhook deliveries and from Redmine through polling; both must be
     * recognized as her own echoes: the tasks keep her dates and her authorship, and no remote change is recorded.
     */
    @Test
    @Order(10)
    void theEchoesOfAlicesWritesFromTrelloAndRedmineChangeNothingMore() {
        JsonNode card = task(trelloConnection, seed.cardIds().get(1));
        JsonNode issue = task(redmineConnection, String.valueOf(redmineIssues.get(1)));
        long cardChanges = history(card.get("id").asLong()).size();
        long issueChanges = history(issue.get("id").asLong()).size();

        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).untilAsserted(() -> {
            assertThat(task(trelloConnection, seed.cardIds().get(1)).get("start").asText()).isEqualTo("2027-02-01");
            assertThat(task(redmineConnection, String.valueOf(redmineIssues.get(1))).get("start").asText())
                    .isEqualTo("2027-03-01");
            assertThat(history(card.get("id").asLong()).size()).isEqualTo(cardChanges);
            assertThat(history(issue.get("id").asLong()).size()).isEqualTo(issueChanges);
        });
        assertMovedByAlice(card);
        assertMovedByAlice(issue);
    }

    // ------------------------------------------------------------------ helpers

    private void assertRefusedAndNothingChanged(JsonNode task, java.util.function.Supplier<String> remoteStart,
                                                String remoteStartBefore) {
        long taskId = task.get("id").asLong();
        long historyBefore = history(taskId).size();
        String startBefore = task.get("start").asText();

        var refused = world.bob.post("/api/boxes/" + boxId + "/tasks/" + taskId + "/dates",
                Map.of("start", "2027-05-03", "end", "2027-05-07"));

        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(remoteStart.get()).isEqualTo(remoteStartBefore);
        assertThat(taskById(taskId).get("start").asText()).isEqualTo(startBefore);
        assertThat(history(taskId).size()).isEqualTo(historyBefore);
    }

    private void moveAsAlice(JsonNode task, String start, String end) {
        var moved = world.alice.post("/api/boxes/" + boxId + "/tasks/" + task.get("id").asLong() + "/dates",
                Map.of("start", start, "end", end));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        JsonNode now = taskById(task.get("id").asLong());
        assertThat(now.get("start").asText()).isEqualTo(start);
        assertThat(now.get("end").asText()).isEqualTo(end);
    }

    private void assertMovedByAlice(JsonNode task) {
        JsonNode change = latestChange(task, "start");
        assertThat(change.get("origin").asText()).isEqualTo("PARTIAL_APP");
        assertThat(change.get("author").get("kind").asText()).isEqualTo("CURRENT_USER");
        assertThat(change.get("author").get("userId").asLong()).isEqualTo(world.aliceId);
    }

    private static Map<String, Object> part(long connection, String kind, String value) {
        return Map.of("connectionId", connection, "sources", List.of(Map.of("kind", kind, "value", value)));
    }

    private void linkAccount(long user, long connection, String accountId, String login, String token) {
        expect(world.admin.put("/api/users/" + user + "/accounts/" + connection,
                Map.of("accountId", accountId, "login", login, "token", token)), 200);
    }

    /** Registers the Board's webhook through Trello's REST API, as an admin would; the simulator HEAD-checks it. */
    private void registerTrelloWebhook(String callback) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("key", TrelloSimulator.SEED_API_KEY);
        query.put("token", seed.adminToken());
        query.put("callbackURL", callback);
        query.put("idModel", seed.boardId());
        query.put("description", "Boxsync");
        StringBuilder uri = new StringBuilder(trello.baseUrl()).append("/1/webhooks?");
        query.forEach((k, v) -> uri.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8))
                .append('&'));
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    uri.substring(0, uri.length() - 1))).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as("webhook registration: " + answer.body()).isEqualTo(200);
        } catch (IOException e) {
            throw new IllegalStateException("cannot register the Trello webhook", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        assertThat(trello.webhookIds()).hasSize(1);
    }

    private JsonNode contents() {
        return world.alice.get("/api/boxes/" + boxId + "/contents").json();
    }

    private JsonNode task(long connection, String key) {
        for (JsonNode t : contents().get("tasks")) {
            if (key.equals(t.get("key").asText()) && t.get("connectionId").asLong() == connection) {
                return t;
            }
        }
        throw new AssertionError("no task " + connection + "/" + key + " in Box " + boxId);
    }

    private JsonNode taskById(long id) {
        for (JsonNode t : contents().get("tasks")) {
            if (t.get("id").asLong() == id) {
                return t;
            }
        }
        throw new AssertionError("no task " + id + " in Box " + boxId);
    }

    private JsonNode history(long taskId) {
        return world.alice.get("/api/tasks/" + taskId + "/history").json();
    }

    /** The newest change of the field in the task's history (the history lists newest first). */
    private JsonNode latestChange(JsonNode task, String field) {
        JsonNode history = history(task.get("id").asLong());
        for (JsonNode change : history) {
            if (field.equals(change.get("field").asText())) {
                return change;
            }
        }
        throw new AssertionError("no change of " + field + " in " + history);
    }
}
