package io.boxsync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Partial-sync cost against Box size: for each size, a visited program Box of that many issues receives the same
 * mix of E tool events (half summary edits, half date moves, on issues spread over the Box); the events are queued
 * first (within the 10 s coalescing interval), then made due at once, so the drain is timed alone. Per
 * size: events applied per second, ms per event, and the rows PostgreSQL read from {@code tasks}, {@code box_tasks},
 * {@code wbs_nodes} and {@code dependencies} per event (sequential plus index fetches, from
 * {@code pg_stat_user_tables}). The line should be flat. Arguments: {@code E N1 N2 ...}, e.g.
 * {@code 100 500 5000 10000}.
 */
public final class PartialSyncCostBench {
    private static final List<String> TABLES = List.of("tasks", "box_tasks", "wbs_nodes", "dependencies");

    private PartialSyncCostBench() {
    }

    private record Result(int size, int events, int applied, long drainMillis, Map<String, Long> rowsRead) {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        List<Integer> sizes = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            sizes.add(Integer.parseInt(args[i]));
        }
        if (sizes.isEmpty()) {
            sizes = List.of(500, 5000, 10000);
        }
        System.out.printf("events=%d sizes=%s cores=%d load=%.2f%n", events, sizes,
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        List<Result> results = new ArrayList<>();
        try {
            for (int size : sizes) {
                results.add(measure(size, events));
            }
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.out.println("| Box size | events applied | drain ms | events/s | ms/event | rows read/event "
                + String.join(" + ", TABLES) + " |");
        for (Result r : results) {
            long rows = TABLES.stream().mapToLong(t -> r.rowsRead().get(t)).sum();
            System.out.printf("| %d | %d of %d | %d | %.1f | %.1f | %.0f (%s) |%n", r.size(), r.applied(), r.events(),
                    r.drainMillis(), r.applied() * 1000.0 / Math.max(1, r.drainMillis()),
                    r.drainMillis() / (double) Math.max(1, r.applied()), rows / (double) Math.max(1, r.applied()),
                    TABLES.stream().map(t -> String.valueOf(r.rowsRead().get(t) / Math.max(1, r.applied())))
                            .reduce((a, b) -> a + " + " + b).orElse(""));
        }
        System.out.printf("load at the end=%.2f%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.exit(0);
    }

    private static Result measure(int size, int events) throws Exception {
        try (BenchWorld world = BenchWorld.start(size, Duration.ofSeconds(10), false)) {
            long t = System.nanoTime();
            world.fullSync(false);
            System.out.printf("size %d: full sync %d ms%n", size, (System.nanoTime() - t) / 1_000_000);
            List<String> all = new ArrayList<>(world.jira.issueKeys());
            all.sort(null);
            Map<String, JsonNode> before = WebhookBench.tasks(world.alice, world.boxId);
            List<String> keys = new ArrayList<>();
            for (int i = 0; keys.size() < events && i < all.size(); i += Math.max(1, all.size() / events)) {
                if (before.containsKey(all.get(i))) {
                    keys.add(all.get(i));
                }
            }
            Map<String, String> expected = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                String key = keys.get(i);
                if (i % 2 == 0) {
                    world.jira.updateIssue("carol", key, Map.of("summary", "cost " + key));
                    expected.put(key, "summary=cost " + key);
                } else {
                    LocalDate start = LocalDate.of(2026, 12, 1).plusDays(i % 40);
                    world.jira.updateIssue("carol", key, Map.of("customfield_10015", start.toString(),
                            "duedate", start.plusDays(4).toString()));
                    expected.put(key, "start=" + start);
                }
            }
            URI hook = world.base.resolve("/webhooks/" + world.connectionId);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<Integer>> sent = new ArrayList<>();
            for (String key : keys) {
                sent.add(pool.submit(() -> WebhookBench.send(hook, key, System.currentTimeMillis())));
            }
            for (Future<Integer> f : sent) {
                if (f.get() / 100 != 2) {
                    throw new IllegalStateException("a webhook was refused: " + f.get());
                }
            }
            pool.shutdown();
            long queued = sql(world, "select count(*) from event_issues where not parked");
            if (queued != keys.size()) {
                throw new IllegalStateException(queued + " issues queued, expected " + keys.size());
            }
            Map<String, Long> readBefore = rowsRead(world);
            long start = System.nanoTime();
            world.server.database().jdbi().useHandle(h -> h.execute(
                    "update event_issues set first_received_at = first_received_at - interval '2 hours'"));
            long deadline = start + Duration.ofMinutes(3).toNanos();
            long left = queued;
            while (left > 0 && System.nanoTime() < deadline) {
                BenchWorld.sleep(20);
                left = sql(world, "select count(*) from event_issues");
            }
            long drain = (System.nanoTime() - start) / 1_000_000;
            Map<String, Long> readAfter = rowsRead(world);
            Map<String, Long> read = new LinkedHashMap<>();
            readAfter.forEach((key, value) -> read.put(key, value - readBefore.getOrDefault(key, 0L)));
            Map<String, JsonNode> after = WebhookBench.tasks(world.alice, world.boxId);
            int finalState = 0;
            for (Map.Entry<String, String> e : expected.entrySet()) {
                JsonNode task = after.get(e.getKey());
                String[] field = e.getValue().split("=", 2);
                if (task != null && field[1].equals(task.path(field[0]).asText())) {
                    finalState++;
                }
            }
            System.out.printf("size %d: %d events drained in %d ms (%d left), %d of %d tasks in their final state;"
                    + " rows read %s%n", size, keys.size(), drain, left, finalState, keys.size(), read);
            return new Result(size, keys.size(), (int) (queued - left), drain, read);
        }
    }

    private static long sql(BenchWorld world, String query) {
        return world.server.database().jdbi().withHandle(h -> h.createQuery(query).mapTo(Long.class).one());
    }

    /** Rows read so far per table (sequential scans plus index fetches), from PostgreSQL's statistics. */
    private static Map<String, Long> rowsRead(BenchWorld world) {
        BenchWorld.sleep(1_500); // backends publish their table statistics when idle, at most every second
        Map<String, Long> out = new LinkedHashMap<>();
        world.server.database().jdbi().useHandle(h -> {
            h.execute("select pg_stat_clear_snapshot()");
            for (String table : TABLES) {
                out.put(table, h.createQuery("select coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0)"
                        + " from pg_stat_user_tables where relname = :t").bind("t", table).mapTo(Long.class).one());
                out.put(table + ".seq", h.createQuery("select coalesce(seq_tup_read, 0)"
                        + " from pg_stat_user_tables where relname = :t").bind("t", table).mapTo(Long.class).one());
            }
            h.createQuery("select indexrelname, idx_tup_read from pg_stat_user_indexes where relname = 'wbs_nodes'")
                    .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                    .forEach(e -> out.put("wbs_nodes." + e.getKey(), e.getValue()));
        });
        return out;
    }
}
