package io.boxsync.simulator.jira;

import io.boxsync.simulator.HmacSha256;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers webhook bodies to registered URLs from one background thread, in publication order unless the reorder
 * fault is on, at least once: a failed delivery (non-2xx, connection error or timeout) is retried with exponential
 * backoff, carrying the same identifier and an {@code X-Atlassian-Webhook-Retry} count. Thread-safe.
 */
final class WebhookDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final int MAX_ATTEMPTS = 6;
    private static final Duration REORDER_WINDOW = Duration.ofMillis(150);

    /** A registration; {@code jqlFilter} null = every issue, {@code events} empty = every event. */
    record Hook(URI url, String secret, String jqlFilter, java.util.Set<String> events) {
    }

    private record Delivery(Hook hook, byte[] body, String identifier) {
    }

    private final SimFaults faults;
    private final List<Hook> hooks = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jira-sim-webhooks");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Delivery> held = new ArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile Duration firstRetryDelay = Duration.ofMillis(200);
    private volatile Duration timeout = Duration.ofSeconds(5);

    WebhookDispatcher(SimFaults faults) {
        this.faults = faults;
    }

    void register(URI url, String secret, String jqlFilter, java.util.Set<String> events) {
        hooks.add(new Hook(url, secret, jqlFilter, events == null ? java.util.Set.of() : java.util.Set.copyOf(events)));
    }

    void clearHooks() {
        hooks.clear();
    }

    List<Hook> hooks() {
        return List.copyOf(hooks);
    }

    void retryPolicy(Duration firstRetryDelay, Duration timeout) {
        this.firstRetryDelay = firstRetryDelay;
        this.timeout = timeout;
    }

    /** Deliveries queued, held or being retried; 0 once everything was delivered or given up. */
    int pending() {
        return inFlight.get();
    }

    void publish(List<Hook> targets, byte[] body) {
        boolean duplicate = faults.duplicateWebhooks();
        boolean reorder = faults.reorderWebhooks();
        for (Hook hook : targets) {
            Delivery delivery = new Delivery(hook, body, UUID.randomUUID().toString());
            int copies = duplicate ? 2 : 1;
            for (int c = 0; c < copies; c++) {
                inFlight.incrementAndGet();
                if (reorder) {
                    hold(delivery);
                } else {
                    executor.execute(() -> attempt(delivery, 0));
                }
            }
        }
    }

    private void hold(Delivery delivery) {
        synchronized (held) {
            held.add(delivery);
            if (held.size() == 1) {
                executor.schedule(this::releaseHeldReversed, REORDER_WINDOW.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private void releaseHeldReversed() {
        List<Delivery> batch;
        synchronized (held) {
            batch = new ArrayList<>(held);
            held.clear();
        }
        for (int i = batch.size() - 1; i >= 0; i--) {
            Delivery delivery = batch.get(i);
            attempt(delivery, 0);
        }
    }

    private void attempt(Delivery d, int retry) {
        HttpRequest.Builder request = HttpRequest.newBuilder(d.hook().url())
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=UTF-8")
                .header("User-Agent", "Atlassian Webhook HTTP Client")
                .header("X-Atlassian-Webhook-Identifier", d.identifier())
                .header("X-Atlassian-Webhook-Flow", "Primary")
                .POST(HttpRequest.BodyPublishers.ofByteArray(d.body()));
        if (retry > 0) {
            request.header("X-Atlassian-Webhook-Retry", String.valueOf(retry));
        }
        if (d.hook().secret() != null) {
            request.header("X-Hub-Signature", "sha256=" + HmacSha256.hex(d.hook().secret(), d.body()));
        }
        int status;
        Exception error = null;
        try {
            status = client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            status = -1;
            error = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            inFlight.decrementAndGet();
            return;
        }
        if (status >= 200 && status < 300) {
            inFlight.decrementAndGet();
            return;
        }
        if (retry + 1 >= MAX_ATTEMPTS || executor.isShutdown()) {
            LOG.warn("Giving up webhook delivery {} to {} after {} attempts", d.identifier(), d.hook().url(), retry + 1);
            inFlight.decrementAndGet();
            return;
        }
        long delay = firstRetryDelay.toMillis() << retry;
        LOG.debug("Webhook delivery {} failed ({}), retry {} in {} ms", d.identifier(), error != null ? error : status, retry + 1, delay);
        try {
            executor.schedule(() -> attempt(d, retry + 1), delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
