package io.boxsync.bench;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
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
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.LoggerFactory;

/**
 * Full sync of a program Box of N issues against a bare client paging the same search, side by side in one run;
 * then a second full sync with nothing changed (rows written, time ratio, fields the second run recorded as changed);
 * then opening the Box through the API. Prints the engine's per-phase timing of both runs (its INFO line).
 *
 * <p>Arguments: optionally the flavour {@code cloud} (default), {@code dc} or {@code both}, then issue counts, e.g.
 * {@code both 1000 10000}. Run with {@code -Xmx512m} to check the heap target. The bare client asks for the same
 * page size as the connector (50) and the same fields; Cloud pages {@code POST /rest/api/3/search/jql} with
 * {@code nextPageToken} and Basic auth, Data Center pages {@code POST /rest/api/2/search} with {@code startAt} and a
 * Bearer token.
 */
public final class FullSyncBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int PAGE = 50;
    private static final List<String> FIELDS = List.of("summary", "issuetype", "status", "assignee", "project",
            "parent", "issuelinks", "fixVersions", "components", "labels", "updated", "timeoriginalestimate",
            "timetracking", "customfield_10015", "duedate", "customfield_10016", "customfield_10020",
            "customfield_10014");
    private static final List<String> PHASE_LINES = Collections.synchronizedList(new ArrayList<>());
    private static final String ENGINE_LOGGER = "io.boxsync.core.sync.FullSync";

    private FullSyncBench() {
    }

    public static void main(String[] args) throws Exception {
        List<JiraSimulator.Flavour> flavours = List.of(JiraSimulator.Flavour.CLOUD);
        List<Integer> sizes = new ArrayList<>();
        for (String a : args.length == 0 ? new String[] {"1000"} : args) {
            switch (a.toLowerCase(java.util.Locale.ROOT)) {
                case "cloud" -> flavours = List.of(JiraSimulator.Flavour.CLOUD);
                case "dc" -> flavours = List.of(JiraSimulator.Flavour.DATA_CENTER);
                case "both" -> flavours = List.of(JiraSimulator.Flavour.CLOUD, JiraSimulator.Flavour.DATA_CENTER);
                default -> sizes.add(Integer.parseInt(a));
            }
        }
        // the engine logs its phase line through System.Logger, which the server routes to logback
        AppenderBase<ILoggingEvent> phases = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                PHASE_LINES.add(event.getFormattedMessage());
            }
        };
        phases.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        phases.start();
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(ENGINE_LOGGER)).addAppender(phases);
        System.out.printf("%s maxHeap=%d MB, cores=%d, load=%.2f%n", Instant.now(), Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.println("flavour | issues | bare ms | full sync wall ms | ratio | server-side ms | heap peak MB (pools)"
                + " | heap after GC MB (before sync / after) | 2nd sync wall ms | 2nd ratio | task rows written 2nd"
                + " | box_tasks rows 2nd | changes recorded 2nd | open p50 ms | open p90 ms");
        for (JiraSimulator.Flavour flavour : flavours) {
            for (int n : sizes) {
                run(flavour, n);
            }
        }
        System.out.printf("%s load=%.2f%n", Instant.now(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.exit(0);
    }

    private static void run(JiraSimulator.Flavour flavour, int n) throws Exception {
        try (BenchWorld world = BenchWorld.start(n, Duration.ofSeconds(1), false, flavour)) {
            String jql = "project in (" + String.join(", ", world.projects) + ") ORDER BY key ASC";
            long bare1 = barePaging(flavour, world.jira, jql, n);

            System.gc();
            long beforeGc = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
            resetPeaks();
            long t0 = System.nanoTime();
            JsonNode run = world.fullSync(false);
            long full = (System.nanoTime() - t0) / 1_000_000;
            long peak = heapPeakBytes() >> 20;
            System.gc();
            long afterGc = (ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()) >> 20;
            check(run, n);

            long bare2 = barePaging(flavour, world.jira, jql, n);
            long tasksBefore = world.rowsWritten("tasks");
            long boxTasksBefore = world.rowsWritten("box_tasks");
            long t1 = System.nanoTime();
            JsonNode second = world.fullSync(true);
            long again = (System.nanoTime() - t1) / 1_000_000;
            long tasksWritten = world.rowsWritten("tasks") - tasksBefore;
            long boxTasksWritten = world.rowsWritten("box_tasks") - boxTasksBefore;
            check(second, n);
            Map<String, Long> secondChanges = changesOfRun(world, second.path("id").asLong());
            long bare3 = barePaging(flavour, world.jira, jql, n);

            List<Long> opens = new ArrayList<>();
            for (int i = 0; n <= 20_000 && i < 11; i++) {
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
            System.out.printf("%s | %d | %.0f | %d | %.2f | %d | %d | %d / %d | %d | %.2f | %d | %d | %d | %s | %s%n",
                    flavour, n, bareFirst, full, full / bareFirst, serverMillis(run), peak, beforeGc, afterGc, again,
                    again / bareSecond, tasksWritten, boxTasksWritten,
                    secondChanges.values().stream().mapToLong(Long::longValue).sum(),
                    opens.isEmpty() ? "-" : opens.get(opens.size() / 2),
                    opens.isEmpty() ? "-" : opens.get(opens.size() * 9 / 10));
            System.out.printf("   bare runs %d/%d/%d ms; run 1 counts %s; run 2 server-side %d ms counts %s;"
                            + " run 2 changes by field %s%n", bare1, bare2, bare3, run.path("counts"),
                    serverMillis(second), second.path("counts"), secondChanges);
            System.out.println("   run 1 phases: " + phasesOf(run.path("id").asLong()));
            System.out.println("   run 2 phases: " + phasesOf(second.path("id").asLong()));
        }
    }

    private static String phasesOf(long runId) {
        synchronized (PHASE_LINES) {
            for (int i = PHASE_LINES.size() - 1; i >= 0; i--) {
                String line = PHASE_LINES.get(i);
                if (line.contains("run #" + runId + " ")) {
                    return line.substring(line.indexOf(": total=") + 2);
                }
            }
        }
        return "(no phase line logged)";
    }

    private static Map<String, Long> changesOfRun(BenchWorld world, long runId) {
        Map<String, Long> out = new TreeMap<>();
        world.server.database().jdbi().useHandle(h -> h.createQuery("select kind || coalesce(':' || field, '') as what,"
                        + " count(*) as n from changes where run_id = :run group by 1")
                .bind("run", runId).map((rs, ctx) -> Map.entry(rs.getString("what"), rs.getLong("n")))
                .forEach(e -> out.put(e.getKey(), e.getValue())));
        return out;
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

    static long barePaging(JiraSimulator.Flavour flavour, JiraSimulator jira, String jql, int expected)
            throws Exception {
        return flavour == JiraSimulator.Flavour.CLOUD ? barePaging(jira, jql, expected)
                : bareDataCenterPaging(jira, jql, expected);
    }

    /** Pages the Cloud search as the technical user would, parsing every issue into a small record; returns ms. */
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
            body.put("maxResults", PAGE);
            FIELDS.forEach(body.putArray("fields")::add);
            if (token != null) {
                body.put("nextPageToken", token);
            }
            JsonNode page = post(uri, auth, body);
            parse(page, parsed);
            token = page.path("isLast").asBoolean(true) ? null : page.path("nextPageToken").asText(null);
        } while (token != null);
        if (parsed.size() != expected) {
            throw new IllegalStateException("bare paging read " + parsed.size() + " issues, expected " + expected);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Pages the Data Center search ({@code startAt}, Bearer token) and parses every issue; returns ms. */
    static long bareDataCenterPaging(JiraSimulator jira, String jql, int expected) throws Exception {
        String auth = "Bearer " + JiraSimulator.ADMIN_TOKEN;
        URI uri = jira.baseUrl().resolve("/rest/api/2/search");
        long start = System.nanoTime();
        List<Parsed> parsed = new ArrayList<>(expected);
        int startAt = 0;
        long total;
        do {
            ObjectNode body = JSON.createObjectNode();
            body.put("jql", jql);
            body.put("maxResults", PAGE);
            body.put("startAt", startAt);
            FIELDS.forEach(body.putArray("fields")::add);
            JsonNode page = post(uri, auth, body);
            int returned = page.path("issues").size();
            parse(page, parsed);
            total = page.path("total").asLong();
            startAt += returned;
            if (returned == 0) {
                break;
            }
        } while (startAt < total);
        if (parsed.size() != expected) {
            throw new IllegalStateException("bare DC paging read " + parsed.size() + " issues, expected " + expected);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static JsonNode post(URI uri, String auth, ObjectNode body) throws Exception {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(uri).header("Authorization", auth)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("search answered " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }

    private static void parse(JsonNode page, List<Parsed> parsed) {
        for (JsonNode issue : page.path("issues")) {
            JsonNode f = issue.path("fields");
            parsed.add(new Parsed(issue.path("key").asText(), f.path("summary").asText(),
                    f.path("status").path("name").asText(), f.path("customfield_10015").asText(null),
                    f.path("duedate").asText(null), f.path("updated").asText()));
        }
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
