package io.boxsync.connector.http;

import java.time.Duration;

/** Waits between retries and for rate-limit permits; a seam so tests run without real waiting. */
@FunctionalInterface
public interface Sleeper {
    /** Blocks the calling thread for the duration. */
    void sleep(Duration duration) throws InterruptedException;

    /** The real sleeper. */
    static Sleeper system() {
        return duration -> {
            if (!duration.isZero() && !duration.isNegative()) {
                Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
            }
        };
    }
}
