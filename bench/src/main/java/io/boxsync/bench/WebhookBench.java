package io.boxsync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.boxsync.server.demo.DemoApi;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Partial sync from the tool, against a visited program Box of N issues:
 * <ol>
 *   <li>ingest: a load generator with T threads sends signed {@code jira:issue_updated} webhooks for W distinct
 *       issues whose state was changed in the simulator beforehand: accepted per second, p50/p99 accept latency,
 *       and the time until every task shows its final state;</li>
 *   <li>coalescing: 1,000 deliveries for one issue within the interval; Jira requests they cause;</li>
 *   <li>lag: E events per second for S seconds; p50/p99 from sending the webhook to the task changed in the API.</li>
 * </ol>
 * Arguments: {@code N W T E S}, e.g. {@code 10000 10000 8 200 10}.
 */
public final class WebhookBench {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newFixedThreadPool(4)).build();
    private static final AtomicLong DELIVERY = new AtomicLong();

    private WebhookBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int w = Math.min(n, args.length > 1 ? Integer.parseInt(args[1]) : n);
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int rate = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        int seconds = args.length > 4 ? Integer.parseInt(args[4]) : 10;
        Duration interval = Duration.ofSeconds(1);
        System.out.printf("issues=%d webhooks=%d threads=%d rate=%d/s for %d s, interval=%s, cores=%d, load=%.2f%n",
                n, w, threads, rate, seconds, interval, Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        try (BenchWorld world = BenchWorld.start(n, interval, false)) {
            long t = System.nanoTime();
            world.fullSync(false);
            System.out.printf("initial full sync of %d issues: %d ms%n", n, (System.nanoTime() - t) / 1_000_000);
            URI hook = world.base.resolve("/webhooks/" + world.connectionId);
            List<String> keys = world.jira.issueKeys().subList(0, w);

            ingest(world, hook, keys, threads);
            coalescing(world, hook, keys.get(0), threads);
            lag(world, hook, keys, rate, seconds, interval);
        }
        System.exit(0);
    }

    private static void ingest(BenchWorld world, URI hook, List<String> keys, int threads) throws Exception {
        for (String key : keys) {
            world.jira.updateIssue("carol", key, Map.of("summary", "final " + key));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long[] latencies = new long[keys.size()];
        AtomicInteger refused = new AtomicInteger();
        long start = System.nanoTime();
        List<Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            int index = i;
            sent.add(pool.submit(() -> {
                long s = System.nanoTime();
                int status = send(hook, keys.get(index), System.currentTimeMillis());
                latencies[index] = System.nanoTime() - s;
                if (status / 100 != 2) {
                    refused.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : sent) {
            f.get();
        }
        long sendMillis = (System.nanoTime() - start) / 1_000_000;
        pool.shutdown();
        long[] sorted = latencies.clone();
        java.util.Arrays.sort(sorted);
        System.out.printf("ingest: %d webhooks in %d ms = %.0f accepted/s, refused %d, accept latency p50 %.1f ms"
                        + " p99 %.1f ms max %.1f ms%n", keys.size(), sendMillis, keys.size() * 1000.0 / sendMillis,
                refused.get(), sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6,
                sorted[sorted.length - 1] / 1e6);
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        int done = 0;
        while (System.nanoTime() < deadline) {
            done = 0;
            for (JsonNode task : tasks(world.alice, world.boxId).values()) {
                if (task.path("summary").asText().equals("final " + task.path("key").asText())) {
                    done++;
                }
            }
            if (done == keys.size()) {
                break;
            }
            BenchWorld.sleep(1000);
        }
        System.out.printf("ingest: %d of %d tasks in their final state %d ms after the first send%n", done,
                keys.size(), (System.nanoTime() - start) / 1_000_000);
    }

    private static void coalescing(BenchWorld world, URI hook, String key, int threads) throws Exception {
        BenchWorld.sleep(3000);
        world.jira.updateIssue("carol", key, Map.of("summary", "coalesced " + key));
        world.jira.resetRequestCounts();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        long now = System.currentTimeMillis();
        List<Future<Integer>> sent = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            long at = now + i;
            sent.add(pool.submit(() -> send(hook, key, at)));
        }
        for (Future<Integer> f : sent) {
            f.get();
        }
        long sendMillis = (System.nanoTime() - start) / 1_000_000;
        pool.shutdown();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && !("coalesced " + key).equals(
                tasks(world.alice, world.boxId).get(key).path("summary").asText())) {
            BenchWorld.sleep(200);
        }
        BenchWorld.sleep(3000);
        System.out.printf("coalescing: 1000 deliveries for %s sent in %d ms; Jira requests afterwards: issue GETs %d,"
                        + " searches %d, bulkfetch %d, all %d%n", key, sendMillis,
                world.jira.requestCount("/rest/api/3/issue/") - world.jira.requestCount("/rest/api/3/issue/bulkfetch"),
                world.jira.requestCount("/rest/api/3/search"), world.jira.requestCount("/rest/api/3/issue/bulkfetch"),
                world.jira.requestCount("/rest/"));
    }

    private static void lag(BenchWorld world, URI hook, List<String> keys, int rate, int seconds, Duration interval)
            throws Exception {
        BenchWorld.sleep(2000);
        int events = rate * seconds;
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Long> seenAt = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        Thread watcher = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                Map<String, JsonNode> tasks = tasks(world.alice, world.boxId);
                long now = System.nanoTime();
                for (Map.Entry<String, Long> e : sentAt.entrySet()) {
                    JsonNode t = tasks.get(e.getKey());
                    if (t != null && t.path("summary").asText().startsWith("lag ") && !seenAt.containsKey(e.getKey())) {
                        seenAt.put(e.getKey(), now);
                    }
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        });
        watcher.start();
        long period = 1_000_000_000L / rate;
        long start = System.nanoTime();
        List<Future<Integer>> sent = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            long due = start + i * period;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            String key = keys.get(i % keys.size());
            world.jira.updateIssue("carol", key, Map.of("summary", "lag " + i + " " + key));
            sent.add(pool.submit(() -> {
                sentAt.put(key, System.nanoTime());
                return send(hook, key, System.currentTimeMillis());
            }));
        }
        for (Future<Integer> f : sent) {
            f.get();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && seenAt.size() < Math.min(events, keys.size())) {
            BenchWorld.sleep(200);
        }
        watcher.interrupt();
        pool.shutdown();
        List<Long> lags = new ArrayList<>();
        sentAt.forEach((k, s) -> {
            Long seen = seenAt.get(k);
            if (seen != null) {
                lags.add((seen - s) / 1_000_000);
            }
        });
        Collections.sort(lags);
        if (lags.isEmpty()) {
            System.out.println("lag: no task changed within 60 s");
            return;
        }
        System.out.printf("lag at %d events/s for %d s (%d issues): seen %d, p50 %d ms, p99 %d ms, max %d ms"
                        + " (target interval %d ms + 500 ms; watcher polls the Box every ~100 ms + one GET)%n",
                rate, seconds, sentAt.size(), lags.size(), lags.get(lags.size() / 2),
                lags.get((int) (lags.size() * 0.99)), lags.get(lags.size() - 1), interval.toMillis());
    }

    static int send(URI hook, String key, long timestampMillis) throws Exception {
        byte[] body = ("{\"webhookEvent\":\"jira:issue_updated\",\"timestamp\":" + timestampMillis
                + ",\"user\":{\"accountId\":\"carol\",\"displayName\":\"Carol Chen\"},\"issue\":{\"key\":\"" + key
                + "\",\"fields\":{}}}").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(hook).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("X-Hub-Signature", signature(body))
                .header("X-Atlassian-Webhook-Identifier", "bench-" + DELIVERY.incrementAndGet())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String signature(byte[] body) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(BenchWorld.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }

    static Map<String, JsonNode> tasks(DemoApi api, long boxId) {
        Map<String, JsonNode> result = new HashMap<>();
        api.get("/api/boxes/" + boxId + "/contents").expect(200).path("tasks")
                .forEach(t -> result.put(t.path("key").asText(), t));
        return result;
    }
}
