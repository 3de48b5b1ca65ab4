package io.boxsync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.boxsync.core.domain.BoxId;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.core.domain.Task;
import io.boxsync.core.port.Transactor;
import io.boxsync.server.api.BoxResources;
import io.boxsync.server.api.Views;
import io.boxsync.server.http.JsonMapping;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Opening a Box through the API: {@code GET /api/boxes/{id}/contents} of a fully synced Box of N tasks, p50/p90 of
 * several requests, side by side with gzip ({@code Accept-Encoding: gzip}) and with a re-open that sends the last
 * ETag back ({@code If-None-Match}, expecting 304). Then, in-process, how long each phase of the domain read path
 * takes (tasks, iterations, WBS, dependencies, view mapping, Jackson serialisation) to show where the time goes.
 *
 * <p>Arguments: task counts, e.g. {@code 1000 10000}; optional {@code -Drepeat=15}.
 */
public final class OpenBoxBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final int REPEAT = Integer.getInteger("repeat", 15);

    private OpenBoxBench() {
    }

    public static void main(String[] args) throws Exception {
        System.out.printf("maxHeap=%d MB, cores=%d, load=%.2f, repeat=%d%n", Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), REPEAT);
        List<String> lines = new ArrayList<>();
        for (String a : args.length == 0 ? new String[] {"1000"} : args) {
            lines.add(run(Integer.parseInt(a)));
        }
        System.out.println("tasks | bytes | gzip bytes | GET p50 / p90 ms | gzip p50 / p90 ms | 304 p50 / p90 ms"
                + " | domain path phases p50 ms: tasks, iterations, wbs, dependencies, views, jackson"
                + " | alternating p50 ms: domain path total | version query | task rows only | rows to JSON document");
        lines.forEach(System.out::println);
        System.exit(0);
    }

    private static String run(int n) throws Exception {
        try (BenchWorld world = BenchWorld.start(n, Duration.ofSeconds(1), false)) {
            world.fullSync(false);
            String token = token(world.base);
            URI contents = world.base.resolve("/api/boxes/" + world.boxId + "/contents");
            HttpResponse<byte[]> first = get(contents, token, Map.of());
            int tasks = JSON.readTree(first.body()).path("tasks").size();
            if (first.statusCode() != 200 || tasks != n) {
                throw new IllegalStateException("Box shows " + tasks + " tasks (HTTP " + first.statusCode()
                        + "), expected " + n);
            }
            String etag = first.headers().firstValue("ETag").orElse(null);
            for (int i = 0; i < 3; i++) {
                get(contents, token, Map.of());
            }
            List<Long> plain = times(() -> expect(get(contents, token, Map.of()), 200));
            long[] gzipBytes = new long[1];
            List<Long> gzip = times(() -> {
                HttpResponse<byte[]> r = get(contents, token, Map.of("Accept-Encoding", "gzip"));
                gzipBytes[0] = r.headers().firstValue("Content-Encoding").orElse("").contains("gzip")
                        ? r.body().length : -1;
                return expect(r, 200);
            });
            String notModified = "-";
            if (etag != null) {
                List<Long> reopen = times(() -> expect(get(contents, token, Map.of("If-None-Match", etag)), 304));
                notModified = p(reopen, 50) + " / " + p(reopen, 90);
            }
            Transactor transactor = world.server.application().storage().transactor();
            String phases = phases(transactor, BoxId.of(world.boxId)) + " | "
                    + sideBySide(transactor, BoxId.of(world.boxId));
            return String.format("%d | %d | %d | %d / %d | %d / %d | %s | %s", n, first.body().length, gzipBytes[0],
                    p(plain, 50), p(plain, 90), p(gzip, 50), p(gzip, 90), notModified, phases);
        }
    }

    /** The domain read path, phase by phase, p50 of REPEAT runs each. */
    private static String phases(Transactor transactor, BoxId box) {
        ObjectMapper mapper = JsonMapping.newMapper();
        List<List<Long>> took = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            took.add(new ArrayList<>());
        }
        for (int run = 0; run < REPEAT + 2; run++) {
            boolean counted = run >= 2;
            transactor.run(stores -> {
                long t0 = System.nanoTime();
                List<Task> tasks = stores.contents().tasks(box);
                long t1 = System.nanoTime();
                var iterations = tasks.stream().map(Task::connection).filter(Objects::nonNull).distinct().sorted()
                        .flatMap((ConnectionId c) -> stores.iterations().of(c).stream()).toList();
                long t2 = System.nanoTime();
                var wbs = stores.contents().wbs(box);
                long t3 = System.nanoTime();
                var dependencies = stores.dependencies().ofBox(box);
                long t4 = System.nanoTime();
                var views = Map.of("tasks", tasks.stream().map(Views.TaskView::of).toList(), "wbs", wbs,
                        "dependencies", dependencies.stream().map(Views.DependencyView::of).toList(),
                        "iterations", iterations.size());
                long t5 = System.nanoTime();
                try {
                    mapper.writeValueAsBytes(views);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                long t6 = System.nanoTime();
                if (counted) {
                    long[] marks = {t0, t1, t2, t3, t4, t5, t6};
                    for (int i = 0; i < 6; i++) {
                        took.get(i).add((marks[i + 1] - marks[i]) / 1_000_000);
                    }
                }
            });
        }
        StringBuilder out = new StringBuilder();
        for (List<Long> phase : took) {
            out.append(out.length() == 0 ? "" : ", ").append(p(phase, 50));
        }
        return out.toString();
    }

    /** Old and new read path alternately in one loop, so both see the same machine load. */
    private static String sideBySide(Transactor transactor, BoxId box) {
        ObjectMapper mapper = JsonMapping.newMapper();
        List<Long> domain = new ArrayList<>();
        List<Long> version = new ArrayList<>();
        List<Long> rowsOnly = new ArrayList<>();
        List<Long> streamed = new ArrayList<>();
        for (int run = 0; run < REPEAT + 2; run++) {
            boolean counted = run >= 2;
            transactor.run(stores -> {
                long t0 = System.nanoTime();
                List<Task> tasks = stores.contents().tasks(box);
                var views = Map.of("tasks", tasks.stream().map(Views.TaskView::of).toList(),
                        "wbs", stores.contents().wbs(box),
                        "dependencies", stores.dependencies().ofBox(box).stream().map(Views.DependencyView::of)
                                .toList(),
                        "iterations", tasks.stream().map(Task::connection).filter(Objects::nonNull).distinct()
                                .sorted().flatMap((ConnectionId c) -> stores.iterations().of(c).stream()).toList());
                try {
                    mapper.writeValueAsBytes(views);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                long t1 = System.nanoTime();
                stores.contentsReader().version(box);
                long t2 = System.nanoTime();
                int[] count = {0};
                stores.contentsReader().tasks(box, row -> count[0]++);
                long t3 = System.nanoTime();
                BoxResources.contentsOf(stores, box);
                long t4 = System.nanoTime();
                if (counted) {
                    domain.add((t1 - t0) / 1_000_000);
                    version.add((t2 - t1) / 1_000_000);
                    rowsOnly.add((t3 - t2) / 1_000_000);
                    streamed.add((t4 - t3) / 1_000_000);
                }
            });
        }
        return p(domain, 50) + " | " + p(version, 50) + " | " + p(rowsOnly, 50) + " | " + p(streamed, 50);
    }

    private static long expect(HttpResponse<byte[]> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException("expected HTTP " + status + " but got " + response.statusCode() + " "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        return response.body().length;
    }

    private static List<Long> times(LongSupplier request) {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < REPEAT; i++) {
            long s = System.nanoTime();
            request.getAsLong();
            millis.add((System.nanoTime() - s) / 1_000_000);
        }
        Collections.sort(millis);
        return millis;
    }

    private static long p(List<Long> sorted, int percentile) {
        List<Long> copy = new ArrayList<>(sorted);
        Collections.sort(copy);
        return copy.get(Math.min(copy.size() - 1, copy.size() * percentile / 100));
    }

    private static HttpResponse<byte[]> get(URI uri, String token, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).GET();
        headers.forEach(request::header);
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new IllegalStateException("GET " + uri + " failed", e);
        }
    }

    /** Signs alice in and makes an API token (DemoApi keeps its own token to itself). */
    static String token(URI base) throws Exception {
        HttpResponse<String> session = HTTP.send(HttpRequest.newBuilder(base.resolve("/api/session"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"login\":\"alice\",\"password\":\"alice-bench-1\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        String cookie = session.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        JsonNode signedIn = JSON.readTree(session.body());
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(base.resolve("/api/tokens"))
                .header("Content-Type", "application/json").header("Cookie", cookie)
                .header("X-CSRF-Token", signedIn.path("csrfToken").asText())
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"open-box-bench\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(created.body()).get("token").asText();
    }
}
