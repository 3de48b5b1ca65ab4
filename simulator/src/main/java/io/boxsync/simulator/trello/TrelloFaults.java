package io.boxsync.simulator.trello;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Faults the Trello simulator injects into its REST answers and webhook deliveries, for tests. Each "next n"
 * fault applies to the next n REST requests under {@code /1/} (a request consumes at most one fault, checked in
 * the order reset, rate limit, failure). Thread-safe.
 */
public final class TrelloFaults {
    private final AtomicReference<Duration> latency = new AtomicReference<>(Duration.ZERO);
    private final AtomicInteger resets = new AtomicInteger();
    private final AtomicInteger rateLimits = new AtomicInteger();
    private final AtomicInteger retryAfterSeconds = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger failureStatus = new AtomicInteger(500);
    private final AtomicInteger duplicates = new AtomicInteger();
    private final AtomicInteger reorders = new AtomicInteger();

    TrelloFaults() {
    }

    /** Every REST answer waits this long first. */
    public TrelloFaults latency(Duration delay) {
        latency.set(delay == null ? Duration.ZERO : delay);
        return this;
    }

    /** The next n REST requests are answered with this status (5xx or anything else) and a plain-text body. */
    public TrelloFaults failNext(int n, int status) {
        failureStatus.set(status);
        failures.set(n);
        return this;
    }

    /** The next n REST requests get their connection closed without a complete answer. */
    public TrelloFaults resetNext(int n) {
        resets.set(n);
        return this;
    }

    /**
     * The next n REST requests are answered 429 with Trello's JSON body. Trello documents no {@code Retry-After};
     * with {@code retryAfterSeconds > 0} the simulator adds one anyway (as a proxy in front of Trello might).
     */
    public TrelloFaults rateLimitNext(int n, int retryAfterSeconds) {
        this.retryAfterSeconds.set(retryAfterSeconds);
        rateLimits.set(n);
        return this;
    }

    /** The next n webhook deliveries are sent twice. */
    public TrelloFaults duplicateNextWebhooks(int n) {
        duplicates.set(n);
        return this;
    }

    /** The next n webhook deliveries are held back and then sent in reverse order. */
    public TrelloFaults reorderNextWebhooks(int n) {
        reorders.set(n);
        return this;
    }

    /** Turns every fault off. */
    public TrelloFaults clear() {
        latency.set(Duration.ZERO);
        resets.set(0);
        rateLimits.set(0);
        failures.set(0);
        duplicates.set(0);
        reorders.set(0);
        return this;
    }

    Duration latency() {
        return latency.get();
    }

    int retryAfterSeconds() {
        return retryAfterSeconds.get();
    }

    int failureStatus() {
        return failureStatus.get();
    }

    boolean takeReset() {
        return take(resets);
    }

    boolean takeRateLimit() {
        return take(rateLimits);
    }

    boolean takeFailure() {
        return take(failures);
    }

    boolean takeDuplicate() {
        return take(duplicates);
    }

    /** How many deliveries are still to be held back for reordering (0 = none). */
    int pendingReorders() {
        return reorders.get();
    }

    boolean takeReorder() {
        return take(reorders);
    }

    private static boolean take(AtomicInteger counter) {
        return counter.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }
}
