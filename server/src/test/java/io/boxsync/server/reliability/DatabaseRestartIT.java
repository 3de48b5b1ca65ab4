package io.boxsync.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxsync.connector.Secret;
import io.boxsync.connector.jira.JiraWebhookDecoder;
import io.boxsync.core.sync.SyncSettings;
import io.boxsync.server.BoxsyncServer;
import io.boxsync.server.config.ServerConfig;
import io.boxsync.server.e2e.ApiClient;
import io.boxsync.server.e2e.TestWorld;
import io.boxsync.server.wiring.SyncRuntime;
import io.boxsync.simulator.jira.JiraSimulator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL itself stopped and started again (same data directory, same port) while API reads and signed webhook
 * deliveries keep coming: during the outage every request is answered with a 503 problem carrying
 * {@code Retry-After} (never a 500, none hangs), every delivery answered 202 before, during or after the outage is
 * kept and applied, the server serves again by itself once PostgreSQL is back (the pool reconnects), and the queue
 * drains to a Box that matches the tool. The database is a dedicated embedded PostgreSQL the server reaches as an
 * external database, so the test restarts it the same way locally and in CI.
 */
class DatabaseRestartIT {
    private static final String ADMIN_PASSWORD = "admin-password-restart";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    private EmbeddedPostgres postgres;
    private BoxsyncServer server;
    private JiraSimulator jira;

    @AfterEach
    void stopAll() throws IOException {
        if (server != null) {
            server.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (jira != null) {
            jira.close();
        }
    }

    @Test
    void restartedUnderLoadTheDatabaseCostsClean503sWithRetryAfterAndNothingAcceptedIsLost() throws Exception {
        int port = freePort();
        Path cluster = Files.createDirectories(dir.resolve("postgres"));
        postgres = startPostgres(cluster, port);
        jira = Reliability.startAlphaJira();
        server = BoxsyncServer.start(new ServerConfig(ServerConfig.DEFAULT_HOST, 0, dir.resolve("data"),
                        Optional.of(new ServerConfig.ExternalDatabase("jdbc:postgresql://localhost:" + port + "/postgres",
                                "postgres", "")), ServerConfig.DEFAULT_MAX_REQUEST_BYTES, Optional.of(ADMIN_PASSWORD)),
                System.out, SyncSettings.defaults().withCoalescingInterval(Duration.ofSeconds(1)),
                new SyncRuntime.Loops(Duration.ofMillis(100), Duration.ofMinutes(30), Duration.ofMinutes(30)));
        URI base = URI.create("http://127.0.0.1:" + server.port());
        ApiClient admin = ApiClient.signIn(base, "admin", ADMIN_PASSWORD);
        long connection = createConnection(admin);
        long box = createBox(admin, connection);
        String aliceToken = token(base, "alice", "alice-password-1");
        String adminToken = token(base, "admin", ADMIN_PASSWORD);
        awaitOpened(base, aliceToken, box);
        List<String> keys = jira.issueKeys().stream().filter(k -> k.startsWith("ALP-")).toList();

        AtomicBoolean running = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> unclean = new ConcurrentLinkedQueue<>();
        ConcurrentMap<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        ConcurrentMap<String, String> accepted = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> refusedKeys = new ConcurrentLinkedQueue<>();
        ExecutorService load = Executors.newFixedThreadPool(4);
        load.submit(() -> read(base, aliceToken, "/api/boxes/" + box + "/contents", running, statuses, unclean));
        load.submit(() -> read(base, adminToken, "/api/admin/queue", running, statuses, unclean));
        load.submit(() -> read(base, adminToken, "/api/boxes/" + box + "/sync", running, statuses, unclean));
        load.submit(() -> {
            Random random = new Random(11);
            int n = 0;
            while (running.get()) {
                String key = keys.get(random.nextInt(keys.size()));
                jira.updateIssue("carol-1", key, Map.of("summary", key + " restart " + n++));
                HttpResponse<String> r = deliver(base, connection, key, UUID.randomUUID().toString(), accepted);
                if (r == null) {
                    unclean.add("webhook: no answer");
                } else {
                    check("webhook", r, statuses, unclean);
                    if (r.statusCode() != 202) {
                        refusedKeys.add(key);
                    }
                }
                sleep(100);
            }
        });

        sleep(3000);
        long stopped = System.nanoTime();
        postgres.close();
        sleep(5000);
        postgres = startPostgres(cluster, port);
        double outageSeconds = (System.nanoTime() - stopped) / 1e9;
        sleep(8000);
        running.set(false);
        load.shutdown();
        assertThat(load.awaitTermination(60, TimeUnit.SECONDS)).as("no request hangs").isTrue();

        long recovered = System.nanoTime();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                get(base, adminToken, "/api/admin/queue").statusCode() == 200
                        && get(base, aliceToken, "/api/boxes/" + box + "/contents").statusCode() == 200);
        for (String key : refusedKeys) {
            assertThat(deliver(base, connection, key, UUID.randomUUID().toString(), accepted).statusCode())
                    .as("a refused delivery retried by the tool after the outage").isEqualTo(202);
        }
        // events a worker had leased when its step failed wait for the lease to expire (leaseDuration, 2 min)
        await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(500)).until(() -> JSON.readTree(
                get(base, adminToken, "/api/admin/queue").body()).get("pendingEvents").asLong() == 0);
        double drainSeconds = (System.nanoTime() - recovered) / 1e9;

        List<String> lost = server.database().jdbi().withHandle(h -> {
            List<String> missing = new ArrayList<>();
            for (String id : accepted.keySet()) {
                if (h.createQuery("SELECT count(*) FROM delivery_ids WHERE delivery_id = :id").bind("id", id)
                        .mapTo(Long.class).one() == 0) {
                    missing.add(id);
                }
            }
            return missing;
        });
        JsonNode contents = JSON.readTree(get(base, aliceToken, "/api/boxes/" + box + "/contents").body());
        List<String> taskKeys = new ArrayList<>();
        contents.get("tasks").forEach(t -> taskKeys.add(t.get("key").asText()));
        int served503 = statuses.getOrDefault(503, new AtomicInteger()).get();
        int total = statuses.values().stream().mapToInt(AtomicInteger::get).sum();
        System.out.printf("DatabaseRestartIT: PostgreSQL down %.1f s under load: %d requests, %s by status, "
                        + "%d deliveries accepted (0 lost), %d refused and redelivered, queue drained %.1f s after, "
                        + "Box equals the tool%n", outageSeconds, total, statuses, accepted.size(), refusedKeys.size(),
                drainSeconds);

        assertThat(unclean).as("answers that were not 2xx or a 503 problem with Retry-After").isEmpty();
        assertThat(served503).as("requests answered 503 while PostgreSQL was down").isPositive();
        assertThat(lost).as("accepted deliveries lost").isEmpty();
        assertThat(taskKeys).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(keys);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode now = JSON.readTree(get(base, aliceToken, "/api/boxes/" + box + "/contents").body());
            for (JsonNode task : now.get("tasks")) {
                String key = task.get("key").asText();
                assertThat(task.get("summary").asText()).as(key)
                        .isEqualTo(String.valueOf(jira.issueFields(key).get("summary")));
            }
        });
    }

    private static void read(URI base, String token, String path, AtomicBoolean running,
                             ConcurrentMap<Integer, AtomicInteger> statuses, ConcurrentLinkedQueue<String> unclean) {
        while (running.get()) {
            try {
                check(path, get(base, token, path), statuses, unclean);
            } catch (RuntimeException e) {
                unclean.add(path + ": no answer: " + e);
            }
        }
    }

    private static void check(String what, HttpResponse<String> r, ConcurrentMap<Integer, AtomicInteger> statuses,
                              ConcurrentLinkedQueue<String> unclean) {
        statuses.computeIfAbsent(r.statusCode(), s -> new AtomicInteger()).incrementAndGet();
        if (r.statusCode() < 300) {
            return;
        }
        boolean problem = r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json");
        boolean retryAfter = r.headers().firstValue("Retry-After").isPresent();
        if (r.statusCode() != 503 || !problem || !retryAfter) {
            unclean.add(what + ": " + r.statusCode() + " retry-after=" + retryAfter + " " + r.body());
        }
    }

    private static HttpResponse<String> get(URI base, String token, String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token).GET());
    }

    private HttpResponse<String> deliver(URI base, long connection, String key, String id,
                                         ConcurrentMap<String, String> accepted) {
        byte[] body = ("{\"webhookEvent\":\"jira:issue_updated\",\"timestamp\":" + System.currentTimeMillis()
                + ",\"user\":{\"accountId\":\"carol-1\"},\"issue\":{\"key\":\"" + key + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r;
        try {
            r = send(HttpRequest.newBuilder(base.resolve("/webhooks/" + connection))
                    .header("Content-Type", "application/json").header("X-Atlassian-Webhook-Identifier", id)
                    .header("X-Hub-Signature", JiraWebhookDecoder.signature(Secret.of(TestWorld.SECRET), body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        } catch (RuntimeException e) {
            return null;
        }
        if (r.statusCode() == 202) {
            accepted.put(id, key);
        }
        return r;
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String token(URI base, String login, String password) throws IOException {
        HttpResponse<String> session = send(HttpRequest.newBuilder(base.resolve("/api/session"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                        Map.of("login", login, "password", password)))));
        assertThat(session.statusCode()).as(session.body()).isEqualTo(200);
        String cookie = session.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        HttpResponse<String> created = send(HttpRequest.newBuilder(base.resolve("/api/tokens"))
                .header("Content-Type", "application/json").header("Cookie", cookie)
                .header("X-CSRF-Token", JSON.readTree(session.body()).get("csrfToken").asText())
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"restart\"}")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body()).get("token").asText();
    }

    private static EmbeddedPostgres startPostgres(Path cluster, int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(cluster).setCleanDataDirectory(false).setPort(port)
                .setPGStartupWait(Duration.ofSeconds(90)).start();
    }

    private long createConnection(ApiClient admin) {
        return admin.post("/api/connections", Map.of("name", "Jira", "kind", "JIRA_CLOUD",
                "baseUrl", jira.baseUrl().toString(),
                "technicalUser", Map.of("accountId", "tech-1", "login", "tech@example.com", "token", "tech-token"),
                "webhookSecret", TestWorld.SECRET, "fieldMapping", Map.of("startField", "customfield_10015",
                        "endField", "duedate", "iterationKind", "SPRINT", "dependencyTypes", Map.of("Blocks", "FS"))))
                .json().get("id").asLong();
    }

    private static long createBox(ApiClient admin, long connection) {
        long alice = admin.post("/api/users", Map.of("login", "alice", "displayName", "Alice", "password",
                "alice-password-1", "admin", false)).json().get("id").asLong();
        assertThat(admin.put("/api/users/" + alice + "/accounts/" + connection, Map.of("accountId", "alice-1",
                "login", "alice@example.com", "token", "alice-token")).status()).isEqualTo(200);
        return admin.post("/api/boxes", Map.of("name", "Restart box", "kind", "PROGRAM",
                "scope", Map.of("mode", "OWN", "parts", List.of(Map.of("connectionId", connection,
                        "sources", List.of(Map.of("kind", "PROJECT", "value", "ALP"))))),
                "scopeOwnerId", alice, "builders", List.of(Map.of("kind", "PARENT")), "defaultTaskMode", "AUTO_BASIC",
                "members", List.of(Map.of("userId", alice, "role", "EDITOR")))).json().get("id").asLong();
    }

    private static void awaitOpened(URI base, String token, long box) {
        ApiClient alice = new ApiClient(base, token);
        alice.post("/api/boxes/" + box + "/open", Map.of("module", "gantt"));
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(() -> {
            JsonNode sync = alice.get("/api/boxes/" + box + "/sync").json();
            return !sync.get("lastRun").isNull() && sync.get("running").isNull();
        });
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
