package io.boxsync.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.boxsync.server.e2e.ApiClient;
import io.boxsync.server.e2e.TestWorld;
import io.boxsync.simulator.jira.JiraSimulator;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server in a child JVM, killed with {@code destroyForcibly()} (SIGKILL) at seeded random points while full
 * syncs, partial syncs (webhooks of tool edits) and actions run, then restarted on the same data directory. After
 * the last kill: the queue drains, a new full sync of the Box runs (no Box stuck locked), the Box holds each issue
 * once and no dependency twice, and it matches the tool. Kill points: 2 by default, 50 in the
 * {@code long-reliability} profile; seed {@code -Dboxsync.crash.seed} (default 7).
 */
class CrashSafetyIT {
    static final String ADMIN_PASSWORD = "admin-password-crash";

    @TempDir
    Path dataDir;

    private Process child;
    private JiraSimulator jira;

    @AfterEach
    void killChild() {
        if (child != null) {
            child.destroyForcibly();
        }
        if (jira != null) {
            jira.close();
        }
    }

    @Test
    void killedAtRandomPointsTheServerRestartsWithNothingDuplicatedNothingStuckAndTheBoxMatchingTheTool()
            throws Exception {
        int kills = Reliability.longRun() ? 50 : 2;
        Random random = new Random(Long.getLong("boxsync.crash.seed", 7));
        jira = Reliability.startAlphaJira();
        int port = freePort();
        URI base = URI.create("http://127.0.0.1:" + port);
        start(port);
        ApiClient admin = ApiClient.signIn(base, "admin", ADMIN_PASSWORD);
        long connection = admin.post("/api/connections", Map.of("name", "Jira", "kind", "JIRA_CLOUD",
                "baseUrl", jira.baseUrl().toString(),
                "technicalUser", Map.of("accountId", "tech-1", "login", "tech@example.com", "token", "tech-token"),
                "webhookSecret", TestWorld.SECRET, "fieldMapping", Map.of("startField", "customfield_10015",
                        "endField", "duedate", "iterationKind", "SPRINT", "dependencyTypes", Map.of("Blocks", "FS"))))
                .json().get("id").asLong();
        long alice = admin.post("/api/users", Map.of("login", "alice", "displayName", "Alice", "password",
                "alice-password-1", "admin", false)).json().get("id").asLong();
        assertThat(admin.put("/api/users/" + alice + "/accounts/" + connection, Map.of("accountId", "alice-1",
                "login", "alice@example.com", "token", "alice-token")).status()).isEqualTo(200);
        ApiClient aliceClient = ApiClient.signIn(base, "alice", "alice-password-1");
        long box = admin.post("/api/boxes", Map.of("name", "Crash box", "kind", "PROGRAM",
                "scope", Map.of("mode", "OWN", "parts", List.of(Map.of("connectionId", connection,
                        "sources", List.of(Map.of("kind", "PROJECT", "value", "ALP"))))),
                "scopeOwnerId", alice, "builders", List.of(Map.of("kind", "PARENT")), "defaultTaskMode", "AUTO_BASIC",
                "members", List.of(Map.of("userId", alice, "role", "EDITOR")))).json().get("id").asLong();
        jira.registerWebhook(base.resolve("/webhooks/" + connection), TestWorld.SECRET);
        awaitRun(aliceClient, box);

        List<String> keys = alpKeys();
        for (int kill = 0; kill < kills; kill++) {
            List<JsonNode> tasks = new ArrayList<>();
            ApiClient.Response contents = aliceClient.get("/api/boxes/" + box + "/contents");
            assertThat(contents.status()).as("contents after restart %d: %s", kill, contents).isEqualTo(200);
            contents.json().get("tasks").forEach(tasks::add);
            admin.post("/api/boxes/" + box + "/resync", Map.of());
            for (int i = 0; i < 3; i++) {
                String key = keys.get(random.nextInt(keys.size()));
                jira.updateIssue("carol-1", key, Map.of("summary", key + " crash " + kill + "." + i));
            }
            if (!tasks.isEmpty()) {
                long task = tasks.get(random.nextInt(tasks.size())).get("id").asLong();
                int day = 1 + random.nextInt(20);
                CompletableFuture.runAsync(() -> {
                    try {
                        aliceClient.post("/api/boxes/" + box + "/tasks/" + task + "/dates", Map.of(
                                "start", String.format("2027-06-%02d", day), "end", String.format("2027-06-%02d", day + 2)));
                    } catch (RuntimeException killedMidRequest) {
                        // the server died under the request: exactly what this test provokes
                    }
                });
            }
            Thread.sleep(100 + random.nextInt(2400));
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            start(port);
        }

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() ->
                jira.pendingWebhookDeliveries() == 0
                        && admin.get("/api/admin/queue").json().get("pendingEvents").asLong() == 0);
        assertThat(admin.get("/api/admin/queue").json().get("parkedIssues").asLong()).as("parked issues").isZero();
        JsonNode before = aliceClient.get("/api/boxes/" + box + "/sync").json();
        assertThat(admin.post("/api/boxes/" + box + "/resync", Map.of()).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode sync = aliceClient.get("/api/boxes/" + box + "/sync").json();
            assertThat(sync.get("running").isNull()).isTrue();
            assertThat(sync.get("lastRun").get("id").asLong()).isGreaterThan(before.path("lastRun").path("id").asLong());
            assertThat(sync.get("lastRun").get("outcome").asText()).isEqualTo("COMPLETED");
        });

        JsonNode contents = aliceClient.get("/api/boxes/" + box + "/contents").json();
        List<String> taskKeys = new ArrayList<>();
        contents.get("tasks").forEach(t -> taskKeys.add(t.get("key").asText()));
        Set<String> dependencies = new HashSet<>();
        List<String> dependencyList = new ArrayList<>();
        contents.get("dependencies").forEach(d -> dependencyList.add(d.get("from") + ">" + d.get("to") + ":" + d.get("type")));
        dependencies.addAll(dependencyList);
        assertThat(taskKeys).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(alpKeys());
        assertThat(dependencyList).hasSize(dependencies.size());
        for (String key : taskKeys) {
            Map<String, Object> fields = jira.issueFields(key);
            JsonNode task = contents.get("tasks").findParents("key").stream()
                    .filter(t -> key.equals(t.get("key").asText())).findFirst().orElseThrow();
            assertThat(task.get("summary").asText()).as(key).isEqualTo(String.valueOf(fields.get("summary")));
        }
        System.out.printf("CrashSafetyIT: %d kills survived, %d tasks, 0 duplicates, Box equals the tool%n", kills,
                taskKeys.size());
    }

    private List<String> alpKeys() {
        return jira.issueKeys().stream().filter(k -> k.startsWith("ALP-")).toList();
    }

    private void awaitRun(ApiClient client, long box) {
        client.post("/api/boxes/" + box + "/open", Map.of("module", "gantt"));
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(() -> {
            JsonNode sync = client.get("/api/boxes/" + box + "/sync").json();
            return !sync.get("lastRun").isNull() && sync.get("running").isNull();
        });
    }

    private void start(int port) throws IOException, InterruptedException {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                CrashChild.class.getName(), dataDir.toString(), String.valueOf(port))
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        String line;
        while ((line = out.readLine()) != null) {
            if (line.contains("READY")) {
                Thread drain = new Thread(() -> {
                    try {
                        while (out.readLine() != null) {
                            // keep the pipe empty so the child never blocks on its console
                        }
                    } catch (IOException closed) {
                        // the child was killed
                    }
                }, "crash-child-output");
                drain.setDaemon(true);
                drain.start();
                return;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        throw new AssertionError("the child server did not start (exit " + (child.isAlive() ? "alive" : child.exitValue()) + ")");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
