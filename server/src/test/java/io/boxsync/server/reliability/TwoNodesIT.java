package io.boxsync.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.boxsync.connector.Secret;
import io.boxsync.connector.jira.JiraWebhookDecoder;
import io.boxsync.core.sync.SyncSettings;
import io.boxsync.server.BoxsyncServer;
import io.boxsync.server.config.ServerConfig;
import io.boxsync.server.e2e.ApiClient;
import io.boxsync.server.e2e.TestWorld;
import io.boxsync.server.security.SharedWorld;
import io.boxsync.server.wiring.SyncRuntime;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Boxsync processes on one PostgreSQL (the second on the first's embedded database, or both on
 * {@code BOXSYNC_TEST_EXTERNAL_DB_URL}'s when set is left to a later variant), webhooks spread across both without
 * sticky routing: each delivery is queued once, each change applied once, and full syncs of one Box requested on
 * both nodes at once never overlap.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoNodesIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path secondDir;

    private TestWorld world;
    private BoxsyncServer second;
    private URI secondBase;

    @BeforeAll
    void start() throws Exception {
        world = SharedWorld.get();
        Files.copy(SharedWorld.dataDir().resolve("master.key"), secondDir.resolve("master.key"));
        ServerConfig config = new ServerConfig(ServerConfig.DEFAULT_HOST, 0, secondDir, Optional.of(
                new ServerConfig.ExternalDatabase(world.server.database().jdbcUrl(), "postgres", "")),
                ServerConfig.DEFAULT_MAX_REQUEST_BYTES, Optional.empty());
        second = BoxsyncServer.start(config, System.out,
                SyncSettings.defaults().withCoalescingInterval(Duration.ofSeconds(1)),
                new SyncRuntime.Loops(Duration.ofMillis(100), Duration.ofMinutes(30), Duration.ofMinutes(30)));
        secondBase = URI.create("http://127.0.0.1:" + second.port());
    }

    @AfterAll
    void stop() {
        if (second != null) {
            second.close();
        }
    }

    @Test
    void deliveriesSpreadAcrossTwoNodesAreEachQueuedAndAppliedOnce() throws Exception {
        long box = world.createProgramBox("Two nodes box");
        world.openAndAwaitSync(world.alice, box);
        Reliability.awaitQuietQueue(world, Duration.ofSeconds(60));
        long deliveriesBefore = count("delivery_ids");
        List<String> keys = world.keys;
        int sent = 0;
        int queued = 0;
        long started = System.nanoTime();
        for (int i = 0; i < 30; i++) {
            String key = keys.get(i % keys.size());
            byte[] body = ("{\"webhookEvent\":\"jira:issue_updated\",\"timestamp\":" + System.currentTimeMillis()
                    + ",\"user\":{\"accountId\":\"carol-1\"},\"issue\":{\"key\":\"" + key + "\"}}")
                    .getBytes(StandardCharsets.UTF_8);
            String id = UUID.randomUUID().toString();
            for (URI node : List.of(world.base, secondBase)) {
                HttpResponse<String> r = deliver(node, body, id);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
                queued += r.body().contains("\"queued\":1") ? 1 : 0;
                sent++;
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Reliability.awaitQuietQueue(world, Duration.ofSeconds(60));

        assertThat(queued).as("deliveries queued out of %d (each id sent to both nodes)", sent).isEqualTo(sent / 2);
        assertThat(count("delivery_ids") - deliveriesBefore).isEqualTo(sent / 2);
        System.out.printf("TwoNodesIT: %d deliveries (%d distinct) over 2 nodes in %.1f s (%.0f/s), %d queued%n", sent,
                sent / 2, seconds, sent / seconds, queued);
    }

    @Test
    void fullSyncsOfOneBoxRequestedOnBothNodesAtOnceNeverOverlap() throws Exception {
        long box = world.createProgramBox("Single-flight box");
        world.openAndAwaitSync(world.alice, box);
        ApiClient onSecond = new ApiClient(secondBase, null);
        ApiClient adminOnSecond = ApiClient.signIn(secondBase, "admin", TestWorld.ADMIN_PASSWORD);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<ApiClient.Response>> requests = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                ApiClient client = i % 2 == 0 ? world.admin : adminOnSecond;
                requests.add(pool.submit(() -> client.post("/api/boxes/" + box + "/resync", Map.of())));
            }
            for (Future<ApiClient.Response> r : requests) {
                assertThat(r.get().status()).as(r.get().toString()).isEqualTo(202);
            }
        } finally {
            pool.shutdown();
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> count("sync_runs WHERE outcome = 'RUNNING' AND box_id = " + box) == 0);

        List<Timestamp[]> runs = world.server.database().jdbi().withHandle(h -> h.createQuery(
                        "SELECT started_at, finished_at FROM sync_runs WHERE box_id = :box AND origin = 'FULL' ORDER BY started_at")
                .bind("box", box).map((rs, ctx) -> new Timestamp[] {rs.getTimestamp(1), rs.getTimestamp(2)}).list());
        for (int i = 1; i < runs.size(); i++) {
            assertThat(runs.get(i)[0]).as("run %d starts after run %d finished", i, i - 1)
                    .isAfterOrEqualTo(runs.get(i - 1)[1]);
        }
        assertThat(runs.size()).as("full-sync runs of the Box").isBetween(2, 7);
        assertThat(onSecond.get("/health").status()).isEqualTo(200);
        System.out.printf("TwoNodesIT: 6 concurrent re-sync requests on 2 nodes -> %d runs (incl. the opening), none "
                + "overlapping%n", runs.size());
    }

    private long count(String tableAndWhere) {
        return world.server.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM " + tableAndWhere)
                .mapTo(Long.class).one());
    }

    private static HttpResponse<String> deliver(URI node, byte[] body, String id) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(node.resolve("/webhooks/" + SharedWorld.get().connectionId))
                .header("Content-Type", "application/json").header("X-Atlassian-Webhook-Identifier", id)
                .header("X-Hub-Signature", JiraWebhookDecoder.signature(Secret.of(TestWorld.SECRET), body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
