package io.boxsync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.boxsync.simulator.jira.JiraSimulator;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

/**
 * Full sync of a program Box of N issues against a bare client paging the same search, side by side in one run;
 * then a second full sync with nothing changed (rows written, time ratio); then opening the Box through the API.
 *
 * <p>Arguments: issue counts, e.g. {@code 1000 10000}. Run with {@code -Xmx512m} to check the heap target.
 */
public final class FullSyncBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<String> FIELDS = List.of("summary", "issuetype", "status", "assignee", "project",
            "parent", "issuelinks", "fixVersions", "components", "labels", "updated", "timeoriginalestimate",
            "timetracking", "customfield_10015", "duedate", "customfield_10016", "customfield_10020",
            "customfield_10014");

    private FullSyncBench() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        for (String a : args.length == 0 ? new String[] {"1000"} : args) {
            sizes.add(Integer.parseInt(a));
        }
        System.out.printf("maxHeap=%d MB, cores=%d, load=%.2f%n", Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.println("issues | bare ms | full sync ms | ratio | heap peak MB (pools) | heap after GC MB"
                + " | 2nd sync ms | 2nd ratio | task rows written 2nd | box_tasks rows 2nd | open p50 ms | open p90 ms");
        for (int n : sizes) {
            run(n);
        }
        System.exit(0);
    }

    private static void run(int n) throws Exception {
        try (BenchWorld world = BenchWorld.start(n, Duration.ofSeconds(1), false)) {
            String jql = "project in (" + String.join(", ", world.projects) + ") ORDER BY key ASC";
            long bare1 = barePaging(world.jira, jql, n);

            System.gc();
            resetPeaks();
            long t0 = System.nanoTime();
            JsonNode run = world.fullSync(false);
            long full = (System.nanoTime() - t0) / 1_000_000;
            long peak = heapPeakBytes() >> 20;
            System.gc();
            long afterGc = (ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()) >> 20;
            check(run, n);

            long bare2 = barePaging(world.jira, jql, n);
            long tasksBefore = world.rowsWritten("tasks");
            long boxTasksBefore = world.rowsWritten("box_tasks");
            long t1 = System.nanoTime();
            JsonNode second = world.fullSync(true);
            long again = (System.nanoTime() - t1) / 1_000_000;
            long tasksWritten = world.rowsWritten("tasks") - tasksBefore;
            long boxTasksWritten = world.rowsWritten("box_tasks") - boxTasksBefore;
            check(second, n);
            long bare3 = barePaging(world.jira, jql, n);

            List<Long> opens = new ArrayList<>();
            for (int i = 0; i < 11; i++) {
                long s = System.nanoTime();
                int tasks = world.alice.get("/api/boxes/" + world.boxId + "/contents").expect(200).path("tasks").size();
                opens.add((System.nanoTime() - s) / 1_000_000);
                if (tasks != n) {
                    throw new IllegalStateException("Box shows " + tasks + " tasks, expected " + n);
                }
            }
            Collections.sort(opens);
            double bareFirst = (bare1 + bare2) / 2.0;
            double bareSecond = (bare2 + bare3) / 2.0;
            System.out.printf("%d | %.0f | %d | %.2f | %d | %d | %d | %.2f | %d | %d | %d | %d%n", n, bareFirst, full,
                    full / bareFirst, peak, afterGc, again, again / bareSecond, tasksWritten, boxTasksWritten,
                    opens.get(opens.size() / 2), opens.get(opens.size() * 9 / 10));
            System.out.printf("   (bare runs %d/%d/%d ms; run 1 server-side %s ms counts %s; run 2 server-side %s ms counts %s)%n",
                    bare1, bare2, bare3, serverMillis(run), run.path("counts"), serverMillis(second),
                    second.path("counts"));
        }
    }

    private static void check(JsonNode run, int n) {
        if (!"COMPLETED".equals(run.path("outcome").asText()) && !"SUCCEEDED".equals(run.path("outcome").asText())) {
            System.out.println("   run outcome: " + run);
        }
    }

    private static long serverMillis(JsonNode run) {
        return Duration.between(Instant.parse(run.path("startedAt").asText()),
                Instant.parse(run.path("finishedAt").asText())).toMillis();
    }

    /** Pages the search as the technical user would, parsing every issue into a small record; returns ms. */
    static long barePaging(JiraSimulator jira, String jql, int expected) throws Exception {
        String auth = "Basic " + Base64.getEncoder().encodeToString(
                (JiraSimulator.ADMIN_EMAIL + ":" + JiraSimulator.ADMIN_TOKEN).getBytes(StandardCharsets.UTF_8));
        URI uri = jira.baseUrl().resolve("/rest/api/3/search/jql");
        long start = System.nanoTime();
        String token = null;
        List<Parsed> parsed = new ArrayList<>(expected);
        do {
            ObjectNode body = JSON.createObjectNode();
            body.put("jql", jql);
            body.put("maxResults", 100);
            FIELDS.forEach(body.putArray("fields")::add);
            if (token != null) {
                body.put("nextPageToken", token);
            }
            HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(uri).header("Authorization", auth)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("search answered " + response.statusCode());
            }
            JsonNode page = JSON.readTree(response.body());
            for (JsonNode issue : page.path("issues")) {
                JsonNode f = issue.path("fields");
                parsed.add(new Parsed(issue.path("key").asText(), f.path("summary").asText(),
                        f.path("status").path("name").asText(), f.path("customfield_10015").asText(null),
                        f.path("duedate").asText(null), f.path("updated").asText()));
            }
            token = page.path("isLast").asBoolean(true) ? null : page.path("nextPageToken").asText(null);
        } while (token != null);
        if (parsed.size() != expected) {
            throw new IllegalStateException("bare paging read " + parsed.size() + " issues, expected " + expected);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    private record Parsed(String key, String summary, String status, String start, String end, String updated) {
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long heapPeakBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
