package io.boxsync.connector.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how long a {@link ConnectorHttpClient} retries a retryable call.
 *
 * @param maxRetries    retries after the first attempt; 0 = never retry
 * @param baseBackoff   the first backoff when the tool named no wait; doubles per retry, with full jitter
 * @param maxBackoff    the longest computed backoff
 * @param maxRetryAfter the longest {@code Retry-After} honoured in place; a longer one ends the call with a
 *                      {@link io.boxsync.connector.ConnectorException.Kind#TRANSIENT} carrying the wait, so a queue
 *                      can wait instead of a blocked thread
 */
public record RetryPolicy(int maxRetries, Duration baseBackoff, Duration maxBackoff, Duration maxRetryAfter) {
    public RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative");
        }
        Objects.requireNonNull(baseBackoff, "baseBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
    }

    /** {@code maxRetries} retries starting at 250 ms, at most 8 s apart, honouring a Retry-After up to 60 s. */
    public static RetryPolicy standard(int maxRetries) {
        return new RetryPolicy(maxRetries, Duration.ofMillis(250), Duration.ofSeconds(8), Duration.ofSeconds(60));
    }

    /** Never retry. */
    public static RetryPolicy none() {
        return standard(0);
    }

    /** The backoff before retry number {@code retry} (1-based) when the tool named no wait: full jitter. */
    Duration backoff(int retry, double random) {
        long base = baseBackoff.toMillis();
        long cap = maxBackoff.toMillis();
        long exponential = retry >= 31 ? cap : Math.min(cap, base << Math.max(0, retry - 1));
        return Duration.ofMillis((long) (exponential * Math.max(0.0, Math.min(1.0, random))));
    }
}
