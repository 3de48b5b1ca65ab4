package io.boxsync.core.sync;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the time of one full sync went: milliseconds per named phase, in the order the phases first ran. A phase
 * that runs several times (a page read) adds up. Not thread-safe: one run times its own phases.
 */
public final class SyncPhases {

    private final Map<String, Long> nanos = new LinkedHashMap<>();
    private final long created = System.nanoTime();

    /** Adds the time since {@code startNanos} (a {@link System#nanoTime()} value) to the phase; returns now. */
    public long add(String phase, long startNanos) {
        long now = System.nanoTime();
        nanos.merge(phase, now - startNanos, Long::sum);
        return now;
    }

    /** Milliseconds per phase, in first-run order. */
    public Map<String, Long> millis() {
        Map<String, Long> out = new LinkedHashMap<>();
        nanos.forEach((phase, n) -> out.put(phase, n / 1_000_000));
        return out;
    }

    /** Milliseconds since this timer was made. */
    public long totalMillis() {
        return (System.nanoTime() - created) / 1_000_000;
    }

    /** One line: {@code total=1234ms lockWait=0 read=800 ...}. */
    public String summary() {
        StringBuilder line = new StringBuilder("total=").append(totalMillis()).append("ms");
        millis().forEach((phase, ms) -> line.append(' ').append(phase).append('=').append(ms));
        return line.toString();
    }
}
