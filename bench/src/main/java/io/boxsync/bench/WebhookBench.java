package io.boxsync.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Partial sync from the tool, against a visited program Box of N issues. The webhooks come from a load generator in
 * a process of its own ({@link WebhookLoad}, started with this JVM's class path), never from this JVM:
 * <ol>
 *   <li>ingest: C concurrent senders post signed {@code jira:issue_updated} deliveries for W distinct issues whose
 *       summary was changed in the simulator beforehand, as fast as they are accepted: accepted per second, accept
 *       latency p50/p99/max (generator side), transactions PostgreSQL committed meanwhile, and the time until every
 *       task is stored in its final state;</li>
 *   <li>coalescing: 1,000 deliveries for one issue as fast as they go; the issue fetches they cause (simulator's
 *       {@code requestCount}) and how long sending took (to compare with the interval);</li>
 *   <li>lag: E deliveries per second for S seconds, each for another issue changed beforehand; p50/p99 from the
 *       delivery's send (generator clock, epoch ms) to its task stored with the new summary (this JVM reads the
 *       {@code tasks} table every 20 ms: the API shows the stored task on its next read).</li>
 * </ol>
 * Arguments: {@code N W C E S [intervalSeconds]}, e.g. {@code 10000 10000 64 1000 10 1}.
 */
public final class WebhookBench {
    private static final AtomicLong DELIVERY = new AtomicLong();

    private WebhookBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int w = Math.min(n, args.length > 1 ? Integer.parseInt(args[1]) : n);
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        int rate = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
        int seconds = args.length > 4 ? Integer.parseInt(args[4]) : 10;
        Duration interval = Duration.ofSeconds(args.length > 5 ? Integer.parseInt(args[5]) : 1);
        System.out.printf("issues=%d webhooks=%d concurrency=%d lag rate=%d/s for %d s, interval=%s, cores=%d,"
                        + " load=%.2f%n", n, w, concurrency, rate, seconds, interval,
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        Path work = Files.createTempDirectory("webhook-load");
        try (BenchWorld world = BenchWorld.start(n, interval, false)) {
            long t = System.nanoTime();
            world.fullSync(false);
            System.out.printf("initial full sync of %d issues: %d ms%n", n, (System.nanoTime() - t) / 1_000_000);
            URI hook = world.base.resolve("/webhooks/" + world.connectionId);
            List<String> keys = world.jira.issueKeys().subList(0, w);

            ingest(world, hook, work, keys, concurrency);
            coalescing(world, hook, work, keys.get(0), concurrency, interval);
            lag(world, hook, work, world.jira.issueKeys(), rate, seconds, concurrency, interval);
        } finally {
            try (var files = Files.list(work)) {
                files.forEach(p -> p.toFile().delete());
            }
            work.toFile().delete();
        }
        System.exit(0);
    }

    private static void ingest(BenchWorld world, URI hook, Path work, List<String> keys, int concurrency)
            throws Exception {
        for (String key : keys) {
            world.jira.updateIssue("carol", key, Map.of("summary", "final " + key));
        }
        long commitsBefore = commits(world);
        long intakeBefore = world.server.application().runtime().service().intakeCommits();
        long jvmCpuBefore = jvmCpuMillis();
        long pgCpuBefore = postgresCpuMillis();
        long start = System.nanoTime();
        Load load = Load.run(hook, work, "ingest", concurrency, 0, deliveries(keys));
        long jvmCpu = jvmCpuMillis() - jvmCpuBefore;
        long pgCpu = postgresCpuMillis() - pgCpuBefore;
        long commitsAfter = commits(world);
        long intakeCommits = world.server.application().runtime().service().intakeCommits() - intakeBefore;
        System.out.printf("ingest: %d deliveries, %d concurrent senders in another process: %s accepted/s, accepted"
                        + " %d, 503 answers %d (retried), accept latency p50 %s ms p99 %s ms max %s ms; PostgreSQL"
                        + " transactions committed meanwhile: %d in all, %d of them storing deliveries (%.1f deliveries each)%n",
                keys.size(), concurrency, load.summary.get("perSecond"), load.accepted(), load.refused(),
                load.summary.get("p50"), load.summary.get("p99"), load.summary.get("max"), commitsAfter - commitsBefore,
                intakeCommits, keys.size() / (double) Math.max(1, intakeCommits));
        double perDelivery = (jvmCpu + pgCpu + Long.parseLong(load.summary.get("cpuMillis"))) / (double) keys.size();
        System.out.printf("ingest: CPU time while sending: server JVM %d ms (includes the event worker draining"
                        + " meanwhile), PostgreSQL %d ms, generator %d ms = %.2f ms per delivery, i.e. at most %.0f"
                        + " deliveries/s on %d otherwise idle cores%n", jvmCpu, pgCpu,
                Long.parseLong(load.summary.get("cpuMillis")), perDelivery,
                Runtime.getRuntime().availableProcessors() * 1000 / perDelivery,
                Runtime.getRuntime().availableProcessors());
        Map<String, String> expected = new HashMap<>();
        keys.forEach(k -> expected.put(k, "final " + k));
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        int done = 0;
        while (System.nanoTime() < deadline) {
            done = countStored(world, expected);
            if (done == keys.size()) {
                break;
            }
            BenchWorld.sleep(500);
        }
        System.out.printf("ingest: %d of %d tasks stored in their final state %d ms after the first send%n", done,
                keys.size(), (System.nanoTime() - start) / 1_000_000);
    }

    private static void coalescing(BenchWorld world, URI hook, Path work, String key, int concurrency,
                                   Duration interval) throws Exception {
        waitForEmptyQueue(world, Duration.ofMinutes(2));
        world.jira.updateIssue("carol", key, Map.of("summary", "coalesced " + key));
        world.jira.resetRequestCounts();
        List<String> lines = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (int i = 0; i < 1000; i++) {
            lines.add(key + "\tbench-" + DELIVERY.incrementAndGet() + "\t" + (now + i));
        }
        Load load = Load.run(hook, work, "coalescing", concurrency, 0, lines);
        long sentMillis = load.lastSend() - load.firstSend();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && countStored(world, Map.of(key, "coalesced " + key)) < 1) {
            BenchWorld.sleep(100);
        }
        BenchWorld.sleep(interval.toMillis() + 2000);
        int issueGets = world.jira.requestCount("/rest/api/3/issue/")
                - world.jira.requestCount("/rest/api/3/issue/bulkfetch");
        System.out.printf("coalescing: 1000 deliveries for %s, accepted %d, first to last send %d ms (interval %d ms:"
                        + " %s); Jira requests afterwards: issue GETs %d, searches %d, bulkfetch %d, all %d%n", key,
                load.accepted(), sentMillis, interval.toMillis(),
                sentMillis < interval.toMillis() ? "all within one interval" : "NOT within one interval", issueGets,
                world.jira.requestCount("/rest/api/3/search"), world.jira.requestCount("/rest/api/3/issue/bulkfetch"),
                world.jira.requestCount("/rest/"));
    }

    private static void lag(BenchWorld world, URI hook, Path work, List<String> allKeys, int rate, int seconds,
                            int concurrency, Duration interval) throws Exception {
        waitForEmptyQueue(world, Duration.ofMinutes(2));
        int events = Math.min(rate * seconds, allKeys.size());
        List<String> keys = allKeys.subList(allKeys.size() - events, allKeys.size());
        Map<String, String> expected = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            String summary = "lag " + i + " " + keys.get(i);
            world.jira.updateIssue("carol", keys.get(i), Map.of("summary", summary));
            expected.put(keys.get(i), summary);
        }
        Map<String, Long> seenAt = new ConcurrentHashMap<>();
        Thread watcher = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted() && seenAt.size() < expected.size()) {
                long now = System.currentTimeMillis();
                for (String key : storedMatching(world, expected)) {
                    seenAt.putIfAbsent(key, now);
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "lag-watcher");
        watcher.start();
        Load load = Load.run(hook, work, "lag", concurrency, rate, deliveries(keys));
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline && seenAt.size() < expected.size()) {
            BenchWorld.sleep(100);
        }
        watcher.interrupt();
        watcher.join();
        List<Long> lags = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            Long seen = seenAt.get(keys.get(i));
            if (seen != null) {
                lags.add(seen - load.sendMillis[i]);
            }
        }
        Collections.sort(lags);
        long offered = load.lastSend() - load.firstSend();
        System.out.printf("lag: %d deliveries paced at %d/s (sent over %d ms = %.0f/s achieved), accepted %d, 503"
                        + " answers %d, accept p99 %s ms; stored %d; lag p50 %s ms, p99 %s ms, max %s ms (target"
                        + " interval %d ms + 500 ms)%n", events, rate, offered,
                events * 1000.0 / Math.max(1, offered), load.accepted(), load.refused(), load.summary.get("p99"),
                lags.size(), pick(lags, 0.5), pick(lags, 0.99), pick(lags, 1.0), interval.toMillis());
    }

    private static String pick(List<Long> sorted, double quantile) {
        if (sorted.isEmpty()) {
            return "-";
        }
        return String.valueOf(sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * quantile))));
    }

    private static List<String> deliveries(List<String> keys) {
        long now = System.currentTimeMillis();
        List<String> lines = new ArrayList<>(keys.size());
        for (String key : keys) {
            lines.add(key + "\tbench-" + DELIVERY.incrementAndGet() + "\t" + now);
        }
        return lines;
    }

    private static int countStored(BenchWorld world, Map<String, String> expected) {
        return storedMatching(world, expected).size();
    }

    /** Keys whose stored task has the expected summary. */
    private static List<String> storedMatching(BenchWorld world, Map<String, String> expected) {
        List<String> keys = new ArrayList<>(expected.keySet());
        List<String> summaries = keys.stream().map(expected::get).toList();
        return world.server.database().jdbi().withHandle(h -> h.createQuery("SELECT t.issue_key FROM tasks t"
                        + " JOIN unnest(:keys, :summaries) AS u(k, s) ON t.issue_key = u.k AND t.summary = u.s"
                        + " WHERE t.connection_id = :c")
                .bindArray("keys", String.class, keys).bindArray("summaries", String.class, summaries)
                .bind("c", world.connectionId).mapTo(String.class).list());
    }

    private static void waitForEmptyQueue(BenchWorld world, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline && world.server.database().jdbi().withHandle(h ->
                h.createQuery("SELECT count(*) FROM inbound_events").mapTo(Long.class).one()) > 0) {
            BenchWorld.sleep(200);
        }
        BenchWorld.sleep(1000);
    }

    private static long jvmCpuMillis() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1_000_000;
    }

    /** CPU time of this benchmark's PostgreSQL: its postmaster (data directory under the bench's) and children. */
    private static long postgresCpuMillis() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains("boxsync-bench"))
                        .orElse(false) && p.info().command().map(c -> c.endsWith("postgres")).orElse(false))
                .flatMap(p -> java.util.stream.Stream.concat(java.util.stream.Stream.of(p), p.children()))
                .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toMillis).orElse(0L)).sum();
    }

    private static long commits(BenchWorld world) {
        return world.server.database().jdbi().withHandle(h -> {
            h.execute("select pg_stat_clear_snapshot()");
            return h.createQuery("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")
                    .mapTo(Long.class).one();
        });
    }

    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).executor(java.util.concurrent.Executors.newFixedThreadPool(4)).build();

    /** Sends one signed delivery for the issue from this JVM (for other benchmarks); returns the status. */
    static int send(URI hook, String key, long timestampMillis) throws Exception {
        byte[] body = ("{\"webhookEvent\":\"jira:issue_updated\",\"timestamp\":" + timestampMillis
                + ",\"user\":{\"accountId\":\"carol\",\"displayName\":\"Carol Chen\"},\"issue\":{\"key\":\"" + key
                + "\",\"fields\":{}}}").getBytes(StandardCharsets.UTF_8);
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(BenchWorld.SECRET.getBytes(StandardCharsets.UTF_8),
                "HmacSHA256"));
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(hook)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("X-Hub-Signature", "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(body)))
                .header("X-Atlassian-Webhook-Identifier", "bench-" + DELIVERY.incrementAndGet())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return HTTP.send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The Box's tasks by issue key, as the API shows them to the user. */
    static Map<String, com.fasterxml.jackson.databind.JsonNode> tasks(io.boxsync.server.demo.DemoApi api,
                                                                      long boxId) {
        Map<String, com.fasterxml.jackson.databind.JsonNode> result = new HashMap<>();
        api.get("/api/boxes/" + boxId + "/contents").expect(200).path("tasks")
                .forEach(t -> result.put(t.path("key").asText(), t));
        return result;
    }

    /** One run of the generator process and what it reported. */
    private record Load(Map<String, String> summary, int[] status, long[] sendMillis) {
        static Load run(URI hook, Path work, String name, int concurrency, int rate, List<String> lines)
                throws IOException, InterruptedException {
            Path in = work.resolve(name + ".in");
            Path out = work.resolve(name + ".out");
            Files.write(in, lines, StandardCharsets.UTF_8);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process process = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-cp",
                    System.getProperty("java.class.path"), WebhookLoad.class.getName(), hook.toString(),
                    BenchWorld.SECRET, String.valueOf(concurrency), String.valueOf(rate), in.toString(),
                    out.toString()).redirectErrorStream(true).start();
            Map<String, String> summary = new HashMap<>();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.startsWith("SUMMARY ")) {
                        for (String part : line.substring(8).split(" ")) {
                            String[] kv = part.split("=", 2);
                            summary.put(kv[0], kv[1]);
                        }
                    } else {
                        System.out.println("[generator] " + line);
                    }
                }
            }
            if (process.waitFor() != 0 || summary.isEmpty()) {
                throw new IllegalStateException("the load generator failed (exit " + process.exitValue() + ")");
            }
            int[] status = new int[lines.size()];
            long[] sendMillis = new long[lines.size()];
            for (String row : Files.readAllLines(out)) {
                String[] f = row.split("\t");
                int i = Integer.parseInt(f[0]);
                status[i] = Integer.parseInt(f[1]);
                sendMillis[i] = Long.parseLong(f[3]);
            }
            return new Load(summary, status, sendMillis);
        }

        int accepted() {
            return Integer.parseInt(summary.get("accepted"));
        }

        int refused() {
            return Integer.parseInt(summary.get("refused503"));
        }

        long firstSend() {
            return java.util.Arrays.stream(sendMillis).min().orElse(0);
        }

        long lastSend() {
            return java.util.Arrays.stream(sendMillis).max().orElse(0);
        }
    }
}
