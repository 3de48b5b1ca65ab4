package io.boxsync.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.boxsync.server.e2e.ApiClient;
import io.boxsync.server.e2e.TestWorld;
import io.boxsync.server.security.SharedWorld;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Every database connection of the server is killed again and again (what a PostgreSQL restart does to a pool)
 * while requests keep coming: every request is answered in time, either normally or with a 503 problem, none
 * hangs, and the server serves normally again by itself once the database is left alone.
 */
class DatabaseFaultIT {
    private final TestWorld world = SharedWorld.get();

    @Test
    void requestsDuringDatabaseConnectionLossFailCleanlyAndTheServerRecoversByItself() throws Exception {
        long box = world.createProgramBox("Database fault box");
        world.openAndAwaitSync(world.alice, box);
        AtomicBoolean running = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> unclean = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
        ExecutorService load = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 4; i++) {
            ApiClient client = i % 2 == 0 ? world.alice : world.admin;
            String path = i % 2 == 0 ? "/api/boxes/" + box + "/contents" : "/api/admin/queue";
            load.submit(() -> {
                while (running.get()) {
                    try {
                        ApiClient.Response r = client.get(path);
                        statuses.add(r.status());
                        if (r.status() >= 400 && !r.contentType().startsWith("application/problem+json")) {
                            unclean.add(r.toString());
                        }
                    } catch (RuntimeException e) {
                        unclean.add("no answer: " + e);
                    }
                }
            });
        }
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        int terminated = 0;
        while (System.nanoTime() < end) {
            terminated += world.server.database().jdbi().withHandle(h -> h.createQuery(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE pid <> pg_backend_pid() "
                            + "AND datname = current_database() AND backend_type = 'client backend'")
                    .mapTo(Integer.class).one());
            Thread.sleep(100);
        }
        running.set(false);
        load.shutdown();
        assertThat(load.awaitTermination(60, TimeUnit.SECONDS)).as("no request hangs").isTrue();

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(world.alice.get("/api/boxes/" + box + "/contents").status()).isEqualTo(200);
            assertThat(world.admin.get("/health").status()).isEqualTo(200);
        });
        List<Integer> all = new ArrayList<>(statuses);
        long failed = all.stream().filter(s -> s >= 500).count();
        System.out.printf("DatabaseFaultIT: %d connections killed in 5 s, %d requests answered (%d with a 503 "
                + "problem), recovered by itself%n", terminated, all.size(), failed);
        assertThat(unclean).as("answers that were not clean").isEmpty();
        assertThat(all).as("a lost database connection is a 503, never a 500").allMatch(s -> s < 500 || s == 503);
        assertThat(terminated).isPositive();
        assertThat(all).isNotEmpty();
    }
}
