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
import io.boxsync.simulator.jira.JiraSimulator;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two (three in the {@code long-reliability} profile) Boxsync servers on one PostgreSQL (the others on the first's
 * embedded database), webhooks spread across them without sticky routing: each delivery is queued once, each change
 * applied once, full syncs of one Box requested on both nodes at once never overlap, and the events applied per
 * second are reported per node count.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoNodesIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path secondDir;
    @TempDir
    static Path thirdDir;

    private TestWorld world;
    private BoxsyncServer second;
    private BoxsyncServer third;
    private JiraSimulator throughputJira;
    private URI secondBase;

    @BeforeAll
    void start() throws Exception {
        world = SharedWorld.get();
        second = startNode(secondDir);
        secondBase = URI.create("http://127.0.0.1:" + second.port());
    }

    @AfterAll
    void stop() {
        if (third != null) {
            third.close();
        }
        if (second != null) {
            second.close();
        }
        if (throughputJira != null) {
            throughputJira.close();
        }
    }

    /**
     * Events applied per second for 1, 2 (and 3 in the long profile) nodes on one PostgreSQL: a tool of its own
     * (no webhook registered, so the test alone decides which node receives what), every delivery sent round-robin
     * to one node and its duplicate to the next; timed from the first delivery until the queue is empty and the Box
     * shows every issue's last summary. Each delivery id is queued once.
     */
    @Test
    void throughputPerNodeCountWithDeliveriesRoundRobinAndEachEventQueuedOnce() throws Exception {
        int issues = 40;
        int eventsPerRound = 120;
        throughputJira = JiraSimulator.start(JiraSimulator.Flavour.CLOUD, 0);
        throughputJira.addProject("THR", "Throughput");
        throughputJira.addAccount("tech-1", "Boxsync Technical", "tech@example.com", "tech-token");
        throughputJira.addAccount("alice-1", "Alice Adams", "alice@example.com", "alice-token");
        throughputJira.addAccount("carol-1", "Carol Clark", "carol@example.com", "carol-token");
        throughputJira.grant("tech-1", "THR", JiraSimulator.Permission.values());
        throughputJira.grant("alice-1", "THR", JiraSimulator.Permission.BROWSE, JiraSimulator.Permission.EDIT);
        throughputJira.grant("carol-1", "THR", JiraSimulator.Permission.BROWSE, JiraSimulator.Permission.EDIT);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < issues; i++) {
            keys.add(throughputJira.createIssue(JiraSimulator.ADMIN_ACCOUNT_ID, "THR", "Story", "Throughput " + i,
                    Map.of("customfield_10015", "2027-02-01", "duedate", "2027-02-05")));
        }
        long connection = TestWorld.expect(world.admin.post("/api/connections", Map.of("name", "Jira throughput",
                "kind", "JIRA_CLOUD", "baseUrl", throughputJira.baseUrl().toString(),
                "technicalUser", Map.of("accountId", "tech-1", "login", "tech@example.com", "token", "tech-token"),
                "webhookSecret", TestWorld.SECRET, "fieldMapping", Map.of("startField", "customfield_10015",
                        "endField", "duedate", "iterationKind", "SPRINT", "dependencyTypes", Map.of()))), 201)
                .get("id").asLong();
        TestWorld.expect(world.admin.put("/api/users/" + world.aliceId + "/accounts/" + connection, Map.of(
                "accountId", "alice-1", "login", "alice@example.com", "token", "alice-token")), 200);
        long box = TestWorld.expect(world.admin.post("/api/boxes", Map.of("name", "Throughput box", "kind", "PROGRAM",
                "scope", Map.of("mode", "OWN", "parts", List.of(Map.of("connectionId", connection,
                        "sources", List.of(Map.of("kind", "PROJECT", "value", "THR"))))),
                "scopeOwnerId", world.aliceId, "builders", List.of(Map.of("kind", "PARENT")),
                "defaultTaskMode", "AUTO_BASIC",
                "members", List.of(Map.of("userId", world.aliceId, "role", "EDITOR")))), 201).get("id").asLong();
        world.openAndAwaitSync(world.alice, box);
        Reliability.awaitQuietQueue(world, Duration.ofSeconds(60));

        List<URI> nodes = new ArrayList<>(List.of(world.base, secondBase));
        if (Reliability.longRun()) {
            third = startNode(thirdDir);
            nodes.add(URI.create("http://127.0.0.1:" + third.port()));
        }
        StringBuilder figures = new StringBuilder();
        for (int nodeCount = 1; nodeCount <= nodes.size(); nodeCount++) {
            List<URI> serving = nodes.subList(0, nodeCount);
            List<byte[]> bodies = new ArrayList<>();
            for (int i = 0; i < eventsPerRound; i++) {
                String key = keys.get(i % issues);
                throughputJira.updateIssue("carol-1", key, Map.of("summary", key + " on " + nodeCount + " node(s), " + i));
                bodies.add(("{\"webhookEvent\":\"jira:issue_updated\",\"timestamp\":" + System.currentTimeMillis()
                        + ",\"user\":{\"accountId\":\"carol-1\"},\"issue\":{\"key\":\"" + key + "\"}}")
                        .getBytes(StandardCharsets.UTF_8));
            }
            long deliveriesBefore = count("delivery_ids WHERE connection_id = " + connection);
            AtomicInteger queued = new AtomicInteger();
            ExecutorService senders = Executors.newFixedThreadPool(2 * nodeCount);
            long started = System.nanoTime();
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < eventsPerRound; i++) {
                byte[] body = bodies.get(i);
                String id = UUID.randomUUID().toString();
                URI first = serving.get(i % nodeCount);
                URI duplicate = serving.get((i + 1) % nodeCount);
                sent.add(senders.submit(() -> {
                    for (URI node : List.of(first, duplicate)) {
                        HttpResponse<String> r = deliver(node, connection, body, id);
                        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
                        queued.addAndGet(r.body().contains("\"queued\":1") ? 1 : 0);
                    }
                    return null;
                }));
            }
            for (Future<?> f : sent) {
                f.get();
            }
            senders.shutdown();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() ->
                    count("event_issues") == 0 && summariesInBox(box).equals(toolSummaries(keys)));
            double seconds = (System.nanoTime() - started) / 1e9;
            long stored = count("delivery_ids WHERE connection_id = " + connection) - deliveriesBefore;
            assertThat(queued.get()).as("deliveries queued, each id sent twice").isEqualTo(eventsPerRound);
            assertThat(stored).isEqualTo(eventsPerRound);
            figures.append(String.format(" %d node(s): %.1f events/s (%d events, %.1f s);", nodeCount,
                    eventsPerRound / seconds, eventsPerRound, seconds));
        }
        System.out.printf("TwoNodesIT: throughput on one PostgreSQL, webhooks round-robin, each delivery also sent to "
                + "the next node, each queued once:%s%n", figures);
    }

    private Map<String, String> summariesInBox(long box) {
        Map<String, String> summaries = new HashMap<>();
        world.alice.get("/api/boxes/" + box + "/contents").json().get("tasks")
                .forEach(t -> summaries.put(t.get("key").asText(), t.get("summary").asText()));
        return summaries;
    }

    private Map<String, String> toolSummaries(List<String> keys) {
        Map<String, String> summaries = new HashMap<>();
        keys.forEach(key -> summaries.put(key, String.valueOf(throughputJira.issueFields(key).get("summary"))));
        return summaries;
    }

    private BoxsyncServer startNode(Path dir) throws Exception {
        Files.copy(SharedWorld.dataDir().resolve("master.key"), dir.resolve("master.key"));
        ServerConfig config = new ServerConfig(ServerConfig.DEFAULT_HOST, 0, dir, Optional.of(
                new ServerConfig.ExternalDatabase(world.server.database().jdbcUrl(), "postgres", "")),
                ServerConfig.DEFAULT_MAX_REQUEST_BYTES, Optional.empty());
        return BoxsyncServer.start(config, System.out,
                SyncSettings.defaults().withCoalescingInterval(Duration.ofSeconds(1)),
                new SyncRuntime.Loops(Duration.ofMillis(100), Duration.ofMinutes(30), Duration.ofMinutes(30)));
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
        return deliver(node, SharedWorld.get().connectionId, body, id);
    }

    private static HttpResponse<String> deliver(URI node, long connection, byte[] body, String id) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(node.resolve("/webhooks/" + connection))
                .header("Content-Type", "application/json").header("X-Atlassian-Webhook-Identifier", id)
                .header("X-Hub-Signature", JiraWebhookDecoder.signature(Secret.of(TestWorld.SECRET), body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
