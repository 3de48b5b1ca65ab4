package io.boxsync.simulator.jira;

import java.time.Duration;

/** Fault switches shared by the HTTP layer and the webhook dispatcher. Thread-safe (synchronized). */
final class SimFaults implements JiraSimulator.Faults {
    /** What to do with the next request. */
    enum Action { PASS, FAIL, RESET, RATE_LIMIT }

    private Duration latency = Duration.ZERO;
    private int failures;
    private int failureStatus = 503;
    private int resets;
    private int rateLimits;
    private int retryAfterSeconds = 1;
    private boolean duplicateWebhooks;
    private boolean reorderWebhooks;
    private boolean corruptIndex;

    @Override
    public synchronized void latency(Duration perRequest) {
        latency = perRequest == null ? Duration.ZERO : perRequest;
    }

    @Override
    public synchronized void failNext(int requests, int status) {
        if (status < 500 || status > 599) {
            throw new IllegalArgumentException("failNext takes a 5xx status, got " + status);
        }
        failures = requests;
        failureStatus = status;
    }

    @Override
    public synchronized void resetNext(int requests) {
        resets = requests;
    }

    @Override
    public synchronized void rateLimitNext(int requests, int retryAfterSeconds) {
        rateLimits = requests;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public synchronized void duplicateWebhooks(boolean on) {
        duplicateWebhooks = on;
    }

    @Override
    public synchronized void reorderWebhooks(boolean on) {
        reorderWebhooks = on;
    }

    @Override
    public synchronized void corruptIndex(boolean on) {
        corruptIndex = on;
    }

    @Override
    public synchronized void clear() {
        latency = Duration.ZERO;
        failures = 0;
        resets = 0;
        rateLimits = 0;
        duplicateWebhooks = false;
        reorderWebhooks = false;
        corruptIndex = false;
    }

    synchronized Duration latency() {
        return latency;
    }

    /** Consumes one pending fault, resets first, then rate limits, then failures. */
    synchronized Action nextAction() {
        if (resets > 0) {
            resets--;
            return Action.RESET;
        }
        if (rateLimits > 0) {
            rateLimits--;
            return Action.RATE_LIMIT;
        }
        if (failures > 0) {
            failures--;
            return Action.FAIL;
        }
        return Action.PASS;
    }

    synchronized int failureStatus() {
        return failureStatus;
    }

    synchronized int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    synchronized boolean duplicateWebhooks() {
        return duplicateWebhooks;
    }

    synchronized boolean reorderWebhooks() {
        return reorderWebhooks;
    }

    synchronized boolean corruptIndex() {
        return corruptIndex;
    }
}
