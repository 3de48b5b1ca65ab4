package io.boxsync.connector.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class RetryAfterProperties {
    private static final Instant NOW = Instant.parse("2026-11-27T21:00:00Z");

    @Property(tries = 300)
    void delay_seconds_read_back_as_the_same_number_of_seconds(@ForAll @LongRange(min = 0, max = 10_000_000) long seconds) {
        assertThat(RetryAfter.parse(Long.toString(seconds), NOW)).contains(Duration.ofSeconds(seconds));
    }

    @Property(tries = 300)
    void an_http_date_reads_as_the_time_until_it_and_never_negative(@ForAll @IntRange(min = -86_400, max = 86_400) int offset) {
        String header = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(offset).atOffset(ZoneOffset.UTC));

        assertThat(RetryAfter.parse(header, NOW)).contains(Duration.ofSeconds(Math.max(0, offset)));
    }

    @Property(tries = 300)
    void any_text_parses_without_throwing(@ForAll String header) {
        assertThat(RetryAfter.parse(header, NOW)).satisfiesAnyOf(
                d -> assertThat(d).isEmpty(),
                d -> assertThat(d.orElseThrow().isNegative()).isFalse());
    }

    @Property(tries = 300)
    void backoff_stays_between_zero_and_the_cap(@ForAll @IntRange(min = 1, max = 100) int retry,
                                                @ForAll @net.jqwik.api.constraints.DoubleRange(min = 0, max = 1) double random) {
        RetryPolicy policy = RetryPolicy.standard(3);

        Duration backoff = policy.backoff(retry, random);

        assertThat(backoff.isNegative()).isFalse();
        assertThat(backoff).isLessThanOrEqualTo(policy.maxBackoff());
    }
}
