package io.boxsync.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.boxsync.connector.Secret;
import io.boxsync.connector.jira.JiraWebhookDecoder;
import io.boxsync.server.e2e.ApiClient;
import io.boxsync.server.e2e.TestWorld;
import io.boxsync.simulator.jira.JiraSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * Forged, unsigned and replayed webhooks change nothing; secrets never leave the server in API answers or logs and
 * are unreadable in the database without the master key; a project key carrying JQL does not widen a Box's scope.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookSecurityIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<String> SECRETS = List.of(TestWorld.SECRET, "tech-token", "alice-token", "bob-token",
            "other-webhook-secret-42", "dana-token-secret-77", "wrong-token-secret-91");

    private TestWorld world;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private Logger root;

    @BeforeAll
    void start() {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        log.start();
        root.addAppender(log);
        world = SharedWorld.get();
    }

    @AfterAll
    void stop() {
        root.detachAppender(log);
    }

    @Test
    void unsignedAndForgedWebhooksAreRefusedWith401AndStoreNothing() {
        awaitQuietQueue();
        long tasksBefore = Db.count(world.server, "tasks");
        long deliveriesBefore = Db.count(world.server, "delivery_ids");
        byte[] body = delivery(world.keys.get(0));

        HttpResponse<String> unsigned = post(body, Map.of("X-Atlassian-Webhook-Identifier", UUID.randomUUID().toString()));
        HttpResponse<String> forged = post(body, Map.of("X-Atlassian-Webhook-Identifier", UUID.randomUUID().toString(),
                "X-Hub-Signature", JiraWebhookDecoder.signature(Secret.of("not-the-secret"), body)));
        HttpResponse<String> garbled = post(body, Map.of("X-Hub-Signature", "sha256=zz"));
        HttpResponse<String> otherAlgorithm = post(body, Map.of("X-Hub-Signature", "sha1=0123"));

        for (HttpResponse<String> refused : List.of(unsigned, forged, garbled, otherAlgorithm)) {
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
            assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        }
        assertThat(Db.count(world.server, "delivery_ids")).isEqualTo(deliveriesBefore);
        assertThat(Db.count(world.server, "tasks")).isEqualTo(tasksBefore);
    }

    @Test
    void aReplayedDeliveryIsAcceptedButQueuedOnlyOnce() {
        awaitQuietQueue();
        long deliveriesBefore = Db.count(world.server, "delivery_ids");
        byte[] body = delivery(world.keys.get(1));
        Map<String, String> headers = Map.of("X-Atlassian-Webhook-Identifier", UUID.randomUUID().toString(),
                "X-Hub-Signature", JiraWebhookDecoder.signature(Secret.of(TestWorld.SECRET), body));

        HttpResponse<String> first = post(body, headers);
        List<HttpResponse<String>> replays = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            replays.add(post(body, headers));
        }

        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        assertThat(first.body()).contains("\"queued\":1");
        for (HttpResponse<String> replay : replays) {
            assertThat(replay.statusCode()).as(replay.body()).isEqualTo(202);
            assertThat(replay.body()).contains("\"queued\":0");
        }
        assertThat(Db.count(world.server, "delivery_ids")).isEqualTo(deliveriesBefore + 1);
    }

    @Test
    void secretsNeverAppearInApiAnswers() {
        ApiClient.Response created = world.admin.post("/api/connections",
                Map.of("name", "Secret check", "kind", "JIRA_CLOUD", "baseUrl", world.jira.baseUrl().toString(),
                        "technicalUser", Map.of("accountId", "tech-1", "login", "tech@example.com", "token", "tech-token"),
                        "webhookSecret", "other-webhook-secret-42", "fieldMapping", SecurityFixtures.fieldMapping()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        List<ApiClient.Response> answers = new ArrayList<>(List.of(created,
                world.admin.get("/api/connections"), world.admin.get("/api/connections/" + id),
                world.admin.get("/api/connections/" + world.connectionId + "?check=true"),
                world.admin.get("/api/users/" + world.aliceId + "/accounts"), world.alice.get("/api/me"),
                world.bob.get("/api/me"), world.admin.get("/api/users"), world.admin.get("/api/admin/queue")));

        for (ApiClient.Response answer : answers) {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(answer == created ? 201 : 200);
            assertThat(SECRETS).allSatisfy(secret -> assertThat(answer.body()).doesNotContain(secret));
        }
    }

    @Test
    void secretsNeverAppearInTheServerLogEvenWhenTheyAreRefused() {
        world.jira.addAccount("dana-1", "Dana Doe", "dana@example.com", "dana-token-secret-77");
        world.jira.grant("dana-1", "ALP", JiraSimulator.Permission.BROWSE);
        long dana = SecurityFixtures.createUser(world, "dana-log");
        ApiClient.Response linked = world.admin.put("/api/users/" + dana + "/accounts/" + world.connectionId,
                Map.of("accountId", "dana-1", "login", "dana@example.com", "token", "dana-token-secret-77"));
        ApiClient.Response wrongToken = world.admin.put("/api/users/" + dana + "/accounts/" + world.connectionId,
                Map.of("accountId", "dana-1", "login", "dana@example.com", "token", "wrong-token-secret-91"));
        ApiClient.Response badConnection = world.admin.post("/api/connections",
                Map.of("name", "Wrong token", "kind", "JIRA_CLOUD", "baseUrl", world.jira.baseUrl().toString(),
                        "technicalUser", Map.of("accountId", "tech-1", "login", "tech@example.com",
                                "token", "wrong-token-secret-91"), "webhookSecret", "other-webhook-secret-42"));
        byte[] body = delivery(world.keys.get(2));
        post(body, Map.of("X-Hub-Signature", JiraWebhookDecoder.signature(Secret.of("wrong-token-secret-91"), body)));
        post(body, Map.of("X-Hub-Signature", JiraWebhookDecoder.signature(Secret.of(TestWorld.SECRET), body)));

        assertThat(linked.status()).as(linked.toString()).isEqualTo(200);
        assertThat(wrongToken.status()).as(wrongToken.toString()).isBetween(400, 499);
        assertThat(badConnection.status()).as(badConnection.toString()).isBetween(400, 499);
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent event : List.copyOf(log.list)) {
            lines.add(event.getFormattedMessage() + (event.getThrowableProxy() == null ? ""
                    : ThrowableProxyUtil.asString(event.getThrowableProxy())));
        }
        assertThat(lines).as("captured log lines").isNotEmpty();
        for (String secret : SECRETS) {
            assertThat(lines).noneMatch(line -> line.contains(secret));
        }
    }

    @Test
    void credentialsInTheDatabaseAreUnreadableWithoutTheKey() {
        List<String> rows = Db.everyRowAsText(world.server);

        assertThat(rows).anyMatch(row -> row.startsWith("connections: "));
        assertThat(rows).anyMatch(row -> row.startsWith("remote_accounts: "));
        for (String secret : SECRETS) {
            byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
            List<String> forms = List.of(secret, HexFormat.of().formatHex(bytes),
                    Base64.getEncoder().encodeToString(bytes).replace("=", ""),
                    Base64.getUrlEncoder().encodeToString(bytes).replace("=", ""));
            for (String form : forms) {
                assertThat(rows).as("rows holding " + form).noneMatch(row -> row.contains(form));
            }
        }
    }

    @Test
    void aProjectKeyCarryingJqlDoesNotWidenTheScope() {
        world.jira.addProject("BET", "Beta");
        world.jira.grant("tech-1", "BET", JiraSimulator.Permission.values());
        world.jira.grant("alice-1", "BET", JiraSimulator.Permission.BROWSE);
        for (int i = 0; i < 3; i++) {
            world.jira.createIssue(JiraSimulator.ADMIN_ACCOUNT_ID, "BET", "Story", "Beta " + i,
                    Map.of("duedate", LocalDate.of(2027, 2, 1).toString()));
        }
        List<String> injections = List.of("ALP\" OR project is not EMPTY OR key = \"x",
                "ALP OR project = BET", "ALP) OR (project = BET", "ALP' OR '1'='1", "ALP\\\" OR project = BET");
        int boxes = 0;
        for (String injected : injections) {
            ApiClient.Response created = world.admin.post("/api/boxes", SecurityFixtures.boxBody(world,
                    "Injection " + boxes++, Map.of("kind", "PROJECT", "value", injected)));
            assertThat(created.status()).as(created.toString()).isIn(201, 400);
            if (created.status() == 400) {
                continue;
            }
            long box = created.json().get("id").asLong();
            world.openAndAwaitSync(world.alice, box);
            var tasks = world.alice.get("/api/boxes/" + box + "/contents").json().get("tasks");
            List<String> keys = new ArrayList<>();
            tasks.forEach(t -> keys.add(t.get("key").asText()));
            assertThat(keys).as("tasks of a Box scoped on project '" + injected + "'")
                    .noneMatch(k -> k.startsWith("BET-"));
        }
    }

    private void awaitQuietQueue() {
        // events of earlier tests may still be retried with backoff; delivery ids are written only by intake
        await().atMost(Duration.ofSeconds(60)).until(() -> world.jira.pendingWebhookDeliveries() == 0);
    }

    private static byte[] delivery(String key) {
        return ("{\"webhookEvent\":\"jira:issue_updated\",\"timestamp\":" + System.currentTimeMillis()
                + ",\"user\":{\"accountId\":\"carol-1\",\"displayName\":\"Carol Clark\"},\"issue\":{\"key\":\"" + key
                + "\",\"fields\":{\"summary\":\"forged summary\"}}}").getBytes(StandardCharsets.UTF_8);
    }

    private HttpResponse<String> post(byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(world.base + "/webhooks/" + world.connectionId))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("webhook not delivered", e);
        }
    }
}
