package io.boxsync.core.fakes;

import io.boxsync.core.port.Clock;

import java.time.Duration;
import java.time.Instant;

/** A clock tests move by hand. Thread-safe. */
public final class ManualClock implements Clock {
    private Instant now;

    public ManualClock(Instant start) {
        this.now = start;
    }

    public static ManualClock at(String instant) {
        return new ManualClock(Instant.parse(instant));
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    public synchronized void advance(Duration by) {
        now = now.plus(by);
    }

    public synchronized void set(Instant to) {
        now = to;
    }
}
