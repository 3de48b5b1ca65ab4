package io.boxsync.connector.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    @Test
    void a_burst_passes_at_once_and_the_next_call_waits_for_the_refill() {
        AtomicLong nanos = new AtomicLong();
        RateLimiter limiter = RateLimiter.of(2.0, 2, d -> { }, nanos::get);

        assertThat(limiter.reserve()).isZero();
        assertThat(limiter.reserve()).isZero();
        assertThat(limiter.reserve()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void permits_refill_with_time_but_never_beyond_the_burst() {
        AtomicLong nanos = new AtomicLong();
        RateLimiter limiter = RateLimiter.of(1.0, 2, d -> { }, nanos::get);
        limiter.reserve();
        limiter.reserve();

        nanos.addAndGet(Duration.ofSeconds(60).toNanos());

        assertThat(limiter.reserve()).isZero();
        assertThat(limiter.reserve()).isZero();
        assertThat(limiter.reserve()).isEqualTo(Duration.ofSeconds(1));
    }
}
