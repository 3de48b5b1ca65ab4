package io.boxsync.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.boxsync.connector.Secret;
import io.boxsync.connector.jira.JiraWebhookDecoder;
import io.boxsync.server.e2e.TestWorld;
import io.boxsync.server.security.SharedWorld;
import io.boxsync.simulator.jira.JiraSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Webhooks as they really arrive: every delivery twice, bursts in reverse order, late deliveries of old states,
 * deliveries for issues deleted since or moved out of the Box's scope (and back): the final state of the Box is the
 * tool's final state, with no task twice.
 */
class WebhookArrivalIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final TestWorld world = SharedWorld.get();

    @AfterEach
    void clearFaults() {
        world.jira.faults().clear();
    }

    @Test
    void duplicatedReorderedLateAndDeletedIssueDeliveriesEndInTheToolsFinalState() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            keys.add(world.jira.createIssue(JiraSimulator.ADMIN_ACCOUNT_ID, "ALP", "Story", "Arrival " + i, Map.of(
                    "customfield_10015", "2027-04-01", "duedate", "2027-04-03")));
        }
        long box = world.createProgramBox("Arrival box");
        world.openAndAwaitSync(world.alice, box);
        Reliability.awaitQuietQueue(world, Duration.ofSeconds(60));
        world.jira.faults().duplicateWebhooks(true);
        world.jira.faults().reorderWebhooks(true);
        Random random = new Random(9);
        int updates = 0;
        for (int round = 0; round < 6; round++) {
            for (String key : keys) {
                int day = 1 + random.nextInt(20);
                world.jira.updateIssue(random.nextBoolean() ? "carol-1" : "alice-1", key, Map.of(
                        "summary", key + " v" + round, "customfield_10015", String.format("2027-05-%02d", day),
                        "duedate", String.format("2027-05-%02d", day + 3)));
                updates++;
            }
        }
        String deleted = keys.get(4);
        world.jira.deleteIssue(JiraSimulator.ADMIN_ACCOUNT_ID, deleted);
        Reliability.awaitQuietQueue(world, Duration.ofSeconds(90));
        for (String key : keys) {
            late(key, Instant.now().minus(Duration.ofMinutes(10)));
        }

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            List<String> inBox = new ArrayList<>();
            world.alice.get("/api/boxes/" + box + "/contents").json().get("tasks")
                    .forEach(t -> inBox.add(t.get("key").asText()));
            assertThat(inBox).doesNotContain(deleted).doesNotHaveDuplicates();
            assertThat(keys.subList(0, 4)).allMatch(key -> Reliability.matchesTool(world, world.alice, box, key));
        });
        Reliability.awaitQuietQueue(world, Duration.ofSeconds(30));
        assertThat(keys.subList(0, 4)).allMatch(key -> Reliability.matchesTool(world, world.alice, box, key));
        System.out.printf("WebhookArrivalIT: %d updates delivered twice and reordered, %d late deliveries, 1 deleted "
                + "issue: Box equals the tool%n", updates, keys.size());
    }

    @Test
    void issuesThatLeftTheScopeLeaveTheBoxWhateverOrderTheirWebhooksArriveIn() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            keys.add(world.jira.createIssue(JiraSimulator.ADMIN_ACCOUNT_ID, "ALP", "Story", "Scoped " + i, Map.of(
                    "customfield_10015", "2027-04-01", "duedate", "2027-04-03", "labels", List.of("boxed"))));
        }
        long box = TestWorld.expect(world.admin.post("/api/boxes", Map.of("name", "Leaving box", "kind", "PROGRAM",
                "scope", Map.of("mode", "OWN", "parts", List.of(Map.of("connectionId", world.connectionId,
                        "sources", List.of(Map.of("kind", "PROJECT", "value", "ALP")), "narrowing", "labels = boxed"))),
                "scopeOwnerId", world.aliceId, "builders", List.of(Map.of("kind", "PARENT")),
                "defaultTaskMode", "AUTO_BASIC",
                "members", List.of(Map.of("userId", world.aliceId, "role", "EDITOR")))), 201).get("id").asLong();
        world.openAndAwaitSync(world.alice, box);
        Reliability.awaitQuietQueue(world, Duration.ofSeconds(60));
        assertThat(keysInBox(box)).containsExactlyInAnyOrderElementsOf(keys);

        world.jira.faults().duplicateWebhooks(true);
        world.jira.faults().reorderWebhooks(true);
        List<String> leaving = keys.subList(0, 3);
        String leavesAndReturns = keys.get(3);
        for (String key : leaving) {
            world.jira.updateIssue("carol-1", key, Map.of("summary", key + " edited before leaving"));
            world.jira.updateIssue("carol-1", key, Map.of("labels", List.of("elsewhere")));
            world.jira.updateIssue("carol-1", key, Map.of("summary", key + " edited after leaving"));
        }
        world.jira.updateIssue("carol-1", leavesAndReturns, Map.of("labels", List.of("elsewhere")));
        world.jira.updateIssue("carol-1", leavesAndReturns, Map.of("summary", leavesAndReturns + " came back",
                "labels", List.of("boxed")));
        Reliability.awaitQuietQueue(world, Duration.ofSeconds(90));
        for (String key : keys) {
            late(key, Instant.now().minus(Duration.ofMinutes(10)));
        }

        List<String> staying = keys.subList(3, keys.size());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(keysInBox(box)).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(staying);
            assertThat(staying).allMatch(key -> Reliability.matchesTool(world, world.alice, box, key));
        });
        Reliability.awaitQuietQueue(world, Duration.ofSeconds(30));
        assertThat(keysInBox(box)).containsExactlyInAnyOrderElementsOf(staying);
        assertThat(staying).allMatch(key -> Reliability.matchesTool(world, world.alice, box, key));
        System.out.printf("WebhookArrivalIT: %d issues left the scope (label changed), 1 left and came back, "
                + "webhooks duplicated, reordered and %d late: Box equals the tool's scope%n", leaving.size(),
                keys.size());
    }

    private List<String> keysInBox(long box) {
        List<String> inBox = new ArrayList<>();
        world.alice.get("/api/boxes/" + box + "/contents").json().get("tasks")
                .forEach(t -> inBox.add(t.get("key").asText()));
        return inBox;
    }

    private void late(String key, Instant when) {
        byte[] body = ("{\"webhookEvent\":\"jira:issue_updated\",\"timestamp\":" + when.toEpochMilli()
                + ",\"user\":{\"accountId\":\"carol-1\",\"displayName\":\"Carol Clark\"},\"issue\":{\"key\":\"" + key
                + "\",\"fields\":{\"summary\":\"stale\"}}}").getBytes(StandardCharsets.UTF_8);
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                            URI.create(world.base + "/webhooks/" + world.connectionId))
                    .header("Content-Type", "application/json")
                    .header("X-Atlassian-Webhook-Identifier", UUID.randomUUID().toString())
                    .header("X-Hub-Signature", JiraWebhookDecoder.signature(Secret.of(TestWorld.SECRET), body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
