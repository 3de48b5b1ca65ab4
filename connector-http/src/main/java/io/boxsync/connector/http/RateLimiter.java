package io.boxsync.connector.http;

import java.time.Duration;

/**
 * A per-connection token bucket: at most {@code burst} calls at once, refilled at {@code permitsPerSecond}. Keeps
 * Boxsync under a tool's burst limit (Jira Cloud, Trello's 100 requests per 10 s per token) instead of running
 * into 429s. Thread-safe; {@link #acquire} blocks the caller until a permit is free.
 */
public final class RateLimiter {
    private final double permitsPerSecond;
    private final double burst;
    private final Sleeper sleeper;
    private final java.util.function.LongSupplier nanoClock;
    private double available;
    private long lastRefill;

    private RateLimiter(double permitsPerSecond, int burst, Sleeper sleeper, java.util.function.LongSupplier nanoClock) {
        if (permitsPerSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("a rate limit needs a positive rate and a burst of at least 1");
        }
        this.permitsPerSecond = permitsPerSecond;
        this.burst = burst;
        this.sleeper = sleeper;
        this.nanoClock = nanoClock;
        this.available = burst;
        this.lastRefill = nanoClock.getAsLong();
    }

    /** A limiter allowing {@code permitsPerSecond} on average and {@code burst} at once. */
    public static RateLimiter of(double permitsPerSecond, int burst) {
        return new RateLimiter(permitsPerSecond, burst, Sleeper.system(), System::nanoTime);
    }

    /** A limiter with a test clock and sleeper. */
    static RateLimiter of(double permitsPerSecond, int burst, Sleeper sleeper, java.util.function.LongSupplier nanoClock) {
        return new RateLimiter(permitsPerSecond, burst, sleeper, nanoClock);
    }

    /** Takes one permit, waiting as long as needed. */
    public void acquire() throws InterruptedException {
        Duration wait = reserve();
        sleeper.sleep(wait);
    }

    /** Takes one permit now and says how long the caller must wait before using it. */
    synchronized Duration reserve() {
        long now = nanoClock.getAsLong();
        available = Math.min(burst, available + (now - lastRefill) / 1e9 * permitsPerSecond);
        lastRefill = now;
        available -= 1;
        if (available >= 0) {
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) (-available / permitsPerSecond * 1e9));
    }
}
