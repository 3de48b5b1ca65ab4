package io.boxsync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Moving tasks on the timeline with U concurrent users: p50/p99 of Boxsync's move (checks, write to Jira as the
 * user, apply) against the same number of direct Jira edits at the same concurrency, measured side by side
 * (direct, Boxsync, direct). Arguments: {@code N U M}: Box size, users, moves per user; e.g. {@code 2000 50 4}.
 */
public final class ActionsBench {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ActionsBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int users = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int perUser = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        System.out.printf("issues=%d users=%d moves/user=%d cores=%d load=%.2f%n", n, users, perUser,
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        try (BenchWorld world = BenchWorld.start(n, Duration.ofSeconds(1), false)) {
            world.fullSync(false);
            List<JsonNode> movable = new ArrayList<>();
            for (JsonNode t : WebhookBench.tasks(world.alice, world.boxId).values()) {
                if (!"Epic".equals(t.path("issueType").asText()) && !"DONE".equals(t.path("statusCategory").asText())
                        && "AUTO_BASIC".equals(t.path("mode").asText())) {
                    movable.add(t);
                }
            }
            int moves = users * perUser;
            if (movable.size() < 3 * moves) {
                throw new IllegalStateException("only " + movable.size() + " movable tasks; need " + 3 * moves);
            }
            String auth = "Basic " + Base64.getEncoder().encodeToString("alice@example.com:alice-token"
                    .getBytes(StandardCharsets.UTF_8));
            IntFunction<HttpRequest> direct = i -> {
                String key = movable.get(i).path("key").asText();
                LocalDate start = LocalDate.of(2026, 12, 1).plusDays(i % 60);
                return HttpRequest.newBuilder(world.jira.baseUrl().resolve("/rest/api/3/issue/" + key))
                        .header("Authorization", auth).header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"fields\":{\"customfield_10015\":\"" + start
                                + "\",\"duedate\":\"" + start.plusDays(3) + "\"}}")).build();
            };
            IntFunction<Call> boxsync = i -> () -> {
                JsonNode t = movable.get(moves + i);
                LocalDate start = LocalDate.of(2026, 12, 1).plusDays(i % 60);
                var r = world.alice.post("/api/boxes/" + world.boxId + "/tasks/" + t.path("id").asLong() + "/dates",
                        java.util.Map.of("start", start.toString(), "end", start.plusDays(3).toString()));
                return new Answer(r.status(), r.body());
            };
            List<Long> d1 = run(users, moves, i -> http(direct.apply(i)), "direct Jira");
            List<Long> b = run(users, moves, boxsync, "Boxsync move");
            List<Long> d2 = run(users, moves, i -> http(direct.apply(2 * moves + i)), "direct Jira again");
            List<Long> d = new ArrayList<>(d1);
            d.addAll(d2);
            Collections.sort(d);
            long toolP99 = d.get((int) (d.size() * 0.99));
            long boxP99 = b.get((int) (b.size() * 0.99));
            System.out.printf("moves: Boxsync p50 %d ms p99 %d ms; Jira alone p50 %d ms p99 %d ms;"
                            + " Boxsync beyond the tool at p99: %d ms (target < 30 ms)%n", b.get(b.size() / 2), boxP99,
                    d.get(d.size() / 2), toolP99, boxP99 - toolP99);
        }
        System.exit(0);
    }

    private interface Call {
        Answer call() throws Exception;
    }

    private record Answer(int status, String body) {
    }

    private static Call http(HttpRequest request) {
        return () -> {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        };
    }

    private static List<Long> run(int users, int moves, IntFunction<Call> requests, String name)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(users);
        List<Future<Long>> futures = new ArrayList<>();
        AtomicInteger failures = new AtomicInteger();
        for (int i = 0; i < moves; i++) {
            Call request = requests.apply(i);
            futures.add(pool.submit(() -> {
                long s = System.nanoTime();
                Answer r = request.call();
                long ms = (System.nanoTime() - s) / 1_000_000;
                if (r.status() / 100 != 2) {
                    if (failures.incrementAndGet() <= 3) {
                        System.out.println("   " + name + " answered " + r.status() + " " + r.body());
                    }
                }
                return ms;
            }));
        }
        List<Long> times = new ArrayList<>();
        for (Future<Long> f : futures) {
            times.add(f.get());
        }
        pool.shutdown();
        Collections.sort(times);
        System.out.printf("%s: %d requests, %d failed, p50 %d ms, p99 %d ms%n", name, moves, failures.get(),
                times.get(times.size() / 2), times.get((int) (times.size() * 0.99)));
        return times;
    }
}
