package io.boxsync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.boxsync.core.sync.SyncSettings;
import io.boxsync.server.BoxsyncServer;
import io.boxsync.server.config.ServerConfig;
import io.boxsync.server.demo.DemoApi;
import io.boxsync.server.wiring.SyncRuntime;
import io.boxsync.simulator.jira.JiraSimulator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real server on a fresh embedded PostgreSQL (temporary directory) and a Jira simulator seeded with {@code n}
 * issues, both in this JVM; a Jira Cloud connection, user alice (Jira alice: every right) and a program Box over every
 * seeded project, all made through the HTTP API. Not thread-safe to start; {@link #close()} deletes the directory.
 */
final class BenchWorld implements AutoCloseable {
    static final String SECRET = "bench-secret";
    static final List<String> ALL_PROJECTS = List.of("PLAT", "WEB", "MOB", "OPS", "DATA");

    final JiraSimulator jira;
    final BoxsyncServer server;
    final URI base;
    final DemoApi admin;
    final DemoApi alice;
    final long connectionId;
    final long boxId;
    final List<String> projects;
    private final Path dir;

    private BenchWorld(JiraSimulator jira, BoxsyncServer server, URI base, DemoApi admin, DemoApi alice,
                       long connectionId, long boxId, List<String> projects, Path dir) {
        this.jira = jira;
        this.server = server;
        this.base = base;
        this.admin = admin;
        this.alice = alice;
        this.connectionId = connectionId;
        this.boxId = boxId;
        this.projects = projects;
        this.dir = dir;
    }

    static BenchWorld start(int issues, Duration coalescing, boolean webhook) throws IOException {
        return start(issues, coalescing, webhook, JiraSimulator.Flavour.CLOUD);
    }

    /**
     * As {@link #start(int, Duration, boolean)} with the Jira flavour: Cloud (REST v3, Basic email:token) or Data
     * Center (REST v2 search with startAt paging, Bearer token).
     */
    static BenchWorld start(int issues, Duration coalescing, boolean webhook, JiraSimulator.Flavour flavour)
            throws IOException {
        boolean cloud = flavour == JiraSimulator.Flavour.CLOUD;
        Path dir = Files.createTempDirectory("boxsync-bench");
        JiraSimulator jira = JiraSimulator.start(flavour, 0);
        jira.seed(1, issues);
        List<String> projects = ALL_PROJECTS.subList(0, Math.max(1, Math.min(5, 1 + issues / 500)));
        ServerConfig config = ServerConfig.embeddedOnFreePort(dir).withInitialAdminPassword("bench-admin-pass");
        BoxsyncServer server = BoxsyncServer.start(config, new PrintStream(PrintStream.nullOutputStream()),
                SyncSettings.defaults().withCoalescingInterval(coalescing),
                new SyncRuntime.Loops(Duration.ofMillis(50), Duration.ofHours(1), Duration.ofHours(1)));
        URI base = URI.create("http://127.0.0.1:" + server.port() + "/");
        DemoApi admin = DemoApi.signIn(base, "admin", "bench-admin-pass");
        long connectionId = admin.post("/api/connections", Map.of(
                "name", "Jira", "kind", cloud ? "JIRA_CLOUD" : "JIRA_DC", "baseUrl", jira.baseUrl().toString(),
                "technicalUser", Map.of("accountId", JiraSimulator.ADMIN_ACCOUNT_ID,
                        "login", cloud ? JiraSimulator.ADMIN_EMAIL : "", "token", JiraSimulator.ADMIN_TOKEN),
                "webhookSecret", SECRET,
                "fieldMapping", Map.of("startField", "customfield_10015", "endField", "duedate",
                        "iterationKind", "SPRINT", "dependencyTypes", Map.of("Blocks", "FS"))))
                .expect(201).get("id").asLong();
        long alice = admin.post("/api/users", Map.of("login", "alice", "displayName", "Alice",
                "password", "alice-bench-1", "admin", false)).expect(201).get("id").asLong();
        admin.put("/api/users/" + alice + "/accounts/" + connectionId, Map.of("accountId", "alice",
                "login", cloud ? "alice@example.com" : "", "token", "alice-token")).expect(200);
        long box = admin.post("/api/boxes", Map.of("name", "Program", "kind", "PROGRAM",
                "scope", Map.of("mode", "OWN", "parts", List.of(Map.of("connectionId", connectionId,
                        "sources", projects.stream().map(p -> Map.of("kind", "PROJECT", "value", p)).toList()))),
                "scopeOwnerId", alice,
                "builders", List.of(Map.of("kind", "EPIC"), Map.of("kind", "PARENT")),
                "defaultTaskMode", "AUTO_BASIC",
                "members", List.of(Map.of("userId", alice, "role", "ADMIN")))).expect(201).get("id").asLong();
        if (webhook) {
            jira.registerWebhook(base.resolve("/webhooks/" + connectionId), SECRET);
        }
        return new BenchWorld(jira, server, base, admin, DemoApi.signIn(base, "alice", "alice-bench-1"),
                connectionId, box, projects, dir);
    }

    /** Opens the Box (or forces a re-sync) as alice and waits for the run to finish; returns the run. */
    JsonNode fullSync(boolean resync) {
        long previous = lastRunId();
        if (resync) {
            alice.post("/api/boxes/" + boxId + "/resync", Map.of()).expect(200, 202);
        } else {
            alice.post("/api/boxes/" + boxId + "/open", Map.of("module", "gantt")).expect(200, 202);
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode sync = alice.get("/api/boxes/" + boxId + "/sync").expect(200);
            JsonNode last = sync.get("lastRun");
            if (last != null && !last.isNull() && last.path("id").asLong() != previous
                    && !"RUNNING".equals(last.path("outcome").asText())
                    && (sync.get("running") == null || sync.get("running").isNull())) {
                return last;
            }
            sleep(50);
        }
        throw new IllegalStateException("full sync did not finish in 15 minutes");
    }

    private long lastRunId() {
        JsonNode last = alice.get("/api/boxes/" + boxId + "/sync").expect(200).get("lastRun");
        return last == null || last.isNull() ? -1 : last.path("id").asLong();
    }

    /** Rows inserted + updated + deleted so far in the table, from PostgreSQL's statistics. */
    long rowsWritten(String table) {
        // backends publish their table statistics when idle, at most every second and later under contention:
        // read until two readings a second apart agree (at most ~12 s)
        long previous = -1;
        for (int reading = 0; reading < 12; reading++) {
            sleep(1_000);
            long now = server.database().jdbi().withHandle(h -> {
                h.execute("select pg_stat_clear_snapshot()");
                return h.createQuery("select coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)"
                        + " from pg_stat_user_tables where relname = :t").bind("t", table).mapTo(Long.class).one();
            });
            if (now == previous) {
                return now;
            }
            previous = now;
        }
        return previous;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            jira.close();
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
