package io.boxsync.server.reliability;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.boxsync.server.e2e.ApiClient;
import io.boxsync.server.e2e.TestWorld;
import io.boxsync.server.security.Db;
import io.boxsync.simulator.jira.JiraSimulator;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What the reliability tests share: a Jira of their own, a quiet queue, and a Box matching the tool issue by issue.
 */
final class Reliability {
    private Reliability() {
    }

    /**
     * A Jira Cloud simulator with project ALP of 8 dated stories, the technical user tech-1 (every permission),
     * alice-1 (may schedule and link) and carol-1 (browse and edit only).
     */
    static JiraSimulator startAlphaJira() {
        JiraSimulator jira = JiraSimulator.start(JiraSimulator.Flavour.CLOUD, 0);
        jira.addProject("ALP", "Alpha");
        jira.addAccount("tech-1", "Boxsync Technical", "tech@example.com", "tech-token");
        jira.addAccount("alice-1", "Alice Adams", "alice@example.com", "alice-token");
        jira.addAccount("carol-1", "Carol Clark", "carol@example.com", "carol-token");
        jira.grant("tech-1", "ALP", JiraSimulator.Permission.values());
        jira.grant("alice-1", "ALP", JiraSimulator.Permission.BROWSE, JiraSimulator.Permission.EDIT,
                JiraSimulator.Permission.SCHEDULE, JiraSimulator.Permission.LINK);
        jira.grant("carol-1", "ALP", JiraSimulator.Permission.BROWSE, JiraSimulator.Permission.EDIT);
        for (int i = 1; i <= 8; i++) {
            jira.createIssue(JiraSimulator.ADMIN_ACCOUNT_ID, "ALP", "Story", "Story " + i, Map.of(
                    "customfield_10015", "2027-01-0" + i, "duedate", "2027-01-1" + i));
        }
        return jira;
    }

    /** Waits until the simulator delivered every webhook and the server's queue is empty. */
    static void awaitQuietQueue(TestWorld world, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(250)).until(() ->
                world.jira.pendingWebhookDeliveries() == 0 && Db.count(world.server, "event_issues") == 0);
    }

    /** Whether the task of the key in the Box shows the tool's summary, start and end. */
    static boolean matchesTool(TestWorld world, ApiClient client, long box, String key) {
        Map<String, Object> fields = world.jira.issueFields(key);
        JsonNode task = world.task(client, box, key);
        return Objects.equals(String.valueOf(fields.get("summary")), task.path("summary").asText())
                && Objects.equals(String.valueOf(fields.get("customfield_10015")), task.path("start").asText())
                && Objects.equals(String.valueOf(fields.get("duedate")), task.path("end").asText());
    }

    /** Long variants run with {@code -Dboxsync.reliability.long=true} (the {@code long-reliability} profile). */
    static boolean longRun() {
        return Boolean.getBoolean("boxsync.reliability.long");
    }
}
