package io.boxsync.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook load generator, run as a process of its own by {@link WebhookBench} (so that it does not share the
 * server's JVM): sends one signed {@code jira:issue_updated} delivery per input line, with C concurrent senders,
 * as fast as they can or paced at R deliveries per second. A 503 is retried after one second, as a tool would
 * (at most 20 times). Bounded: every line is sent once (plus retries), then it exits.
 *
 * <p>Arguments: {@code hookUrl secret concurrency ratePerSecond(0 = unpaced) inputFile outputFile}. Input lines:
 * {@code issueKey deliveryId timestampMillis} (tab-separated). Output lines: {@code index status attempts
 * firstSendEpochMillis acceptLatencyMicros} (the latency of the attempt that was answered 2xx, or of the last one).
 * The last line on standard output is a summary: {@code SUMMARY sent=.. accepted=.. refused503=.. failed=..
 * millis=.. perSecond=.. p50=.. p99=.. max=.. cpuMillis=..} (latencies in ms; the process's CPU time).
 */
public final class WebhookLoad {
    private static final int MAX_ATTEMPTS = 20;

    private WebhookLoad() {
    }

    public static void main(String[] args) throws Exception {
        URI hook = URI.create(args[0]);
        byte[] secret = args[1].getBytes(StandardCharsets.UTF_8);
        int concurrency = Integer.parseInt(args[2]);
        int rate = Integer.parseInt(args[3]);
        List<String> lines = Files.readAllLines(Path.of(args[4]));
        Path output = Path.of(args[5]);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(2)).build();
        int n = lines.size();
        int[] status = new int[n];
        int[] attempts = new int[n];
        long[] firstSend = new long[n];
        long[] latencyNanos = new long[n];
        AtomicInteger refused = new AtomicInteger();
        ThreadLocal<Mac> macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret, "HmacSHA256"));
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
        ExecutorService senders = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        Future<?>[] sent = new Future<?>[n];
        for (int i = 0; i < n; i++) {
            if (rate > 0) {
                long wait = start + i * (1_000_000_000L / rate) - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            int index = i;
            String[] parts = lines.get(i).split("\t");
            sent[i] = senders.submit(() -> {
                byte[] body = ("{\"webhookEvent\":\"jira:issue_updated\",\"timestamp\":" + parts[2]
                        + ",\"user\":{\"accountId\":\"carol\",\"displayName\":\"Carol Chen\"},\"issue\":{\"key\":\""
                        + parts[0] + "\",\"fields\":{}}}").getBytes(StandardCharsets.UTF_8);
                HttpRequest request = HttpRequest.newBuilder(hook).timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .header("X-Hub-Signature", "sha256=" + HexFormat.of().formatHex(macs.get().doFinal(body)))
                        .header("X-Atlassian-Webhook-Identifier", parts[1])
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                firstSend[index] = System.currentTimeMillis();
                for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                    attempts[index] = attempt;
                    long s = System.nanoTime();
                    int code;
                    try {
                        code = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (IOException e) {
                        code = -1;
                    }
                    latencyNanos[index] = System.nanoTime() - s;
                    status[index] = code;
                    if (code != 503) {
                        break;
                    }
                    refused.incrementAndGet();
                    Thread.sleep(1000);
                }
                return null;
            });
        }
        for (Future<?> f : sent) {
            f.get();
        }
        long millis = Math.max(1, (System.nanoTime() - start) / 1_000_000);
        senders.shutdown();
        int accepted = 0;
        try (BufferedWriter out = Files.newBufferedWriter(output)) {
            for (int i = 0; i < n; i++) {
                if (status[i] / 100 == 2) {
                    accepted++;
                }
                out.write(i + "\t" + status[i] + "\t" + attempts[i] + "\t" + firstSend[i] + "\t"
                        + latencyNanos[i] / 1000 + "\n");
            }
        }
        long[] sorted = latencyNanos.clone();
        Arrays.sort(sorted);
        long cpuMillis = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() / 1_000_000;
        System.out.printf("SUMMARY sent=%d accepted=%d refused503=%d failed=%d millis=%d perSecond=%.0f p50=%.1f"
                        + " p99=%.1f max=%.1f cpuMillis=%d%n", n, accepted, refused.get(), n - accepted, millis,
                n * 1000.0 / millis, sorted[n / 2] / 1e6, sorted[Math.min(n - 1, (int) (n * 0.99))] / 1e6,
                sorted[n - 1] / 1e6, cpuMillis);
        System.exit(0);
    }
}
