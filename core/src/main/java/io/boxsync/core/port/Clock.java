package io.boxsync.core.port;

import java.time.Instant;

/** The time as the engine sees it; tests drive it by hand. */
@FunctionalInterface
public interface Clock {

    /** The current instant. */
    Instant now();

    /** The system clock. */
    static Clock system() {
        return Instant::now;
    }
}
