package io.boxsync.server.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoIT {
    @TempDir
    static Path dataDir;

    @Test
    void theDemoLetsEachPersonSignInBuildsItsBoxTreeSyncsTheProgramOnOpenReceivesTeamEditsByWebhookAndIsReusedOnASecondRun() {
        long programId;
        long connectionId;
        try (DemoWorld world = DemoWorld.start(dataDir, 0, Duration.ZERO, System.out)) {
            for (DemoWorld.Person person : world.people()) {
                DemoApi.signIn(world.url(), person.login(), person.password());
            }
            DemoApi alice = DemoApi.signIn(world.url(), "alice", "alice-demo-pass");
            Map<String, JsonNode> boxes = boxesByName(alice);
            assertThat(boxes).containsKeys(DemoWorld.PORTFOLIO, DemoWorld.PROGRAM, DemoWorld.PROJECT);
            assertThat(boxes.get(DemoWorld.PROGRAM).path("parentId").asLong()).isEqualTo(world.portfolioBoxId());
            assertThat(boxes.get(DemoWorld.PROJECT).path("parentId").asLong()).isEqualTo(world.programBoxId());
            assertThat(boxes.get(DemoWorld.PROGRAM).path("scopeMode").asText("OWN")).isEqualTo("OWN");

            programId = world.programBoxId();
            connectionId = world.connectionId();
            alice.post("/api/boxes/" + programId + "/open", Map.of("module", "gantt")).expect(200, 202);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() ->
                    tasks(alice, programId).size() == world.jira().issueKeys().size());

            String key = world.jira().issueKeys().get(42);
            DemoTeam.Edit edit = world.team().rename(key);
            String renamed = (String) edit.fields().get("summary");
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() ->
                    renamed.equals(tasks(alice, programId).get(key).path("summary").asText()));
            assertThat(world.jira().pendingWebhookDeliveries()).isZero();
        }

        try (DemoWorld again = DemoWorld.start(dataDir, 0, Duration.ZERO, System.out)) {
            assertThat(again.programBoxId()).isEqualTo(programId);
            assertThat(again.connectionId()).isEqualTo(connectionId);
            assertThat(boxesByName(again.admin())).hasSize(3);
            assertThat(again.admin().get("/api/users").expect(200).size()).isEqualTo(DemoWorld.PEOPLE.size());
        }
    }

    private static Map<String, JsonNode> boxesByName(DemoApi api) {
        Map<String, JsonNode> result = new HashMap<>();
        api.get("/api/boxes").expect(200).forEach(b -> result.put(b.path("name").asText(), b));
        return result;
    }

    private static Map<String, JsonNode> tasks(DemoApi api, long boxId) {
        Map<String, JsonNode> result = new HashMap<>();
        api.get("/api/boxes/" + boxId + "/contents").expect(200).path("tasks")
                .forEach(t -> result.put(t.path("key").asText(), t));
        return result;
    }
}
