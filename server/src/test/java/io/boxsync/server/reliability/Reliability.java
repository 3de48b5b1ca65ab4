package io.boxsync.server.reliability;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.boxsync.server.e2e.ApiClient;
import io.boxsync.server.e2e.TestWorld;
import io.boxsync.server.security.Db;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/** Checks shared by the reliability tests: a quiet queue, and a Box matching the tool issue by issue. */
final class Reliability {
    private Reliability() {
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
