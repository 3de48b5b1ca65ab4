package io.boxsync.core.sync;

import java.time.Duration;
import java.util.Objects;

/**
 * The tunables of the sync engine. Immutable; validated on construction.
 *
 * @param fullSyncExpiry       how long a full sync stays fresh; opening a Box older than this re-syncs it (24 h)
 * @param coalescingInterval   events of one issue arriving within this interval are processed together (1-10 s)
 * @param lookback             how far before the stored cursor incremental reads start, as tools' queries are coarse
 * @param blastRadius          the share of a Box's tasks (0-1) a full sync may remove before a Box admin must confirm
 * @param leaseDuration        how long a worker holds a leased batch of events before another may take it
 * @param maxAttempts          failed attempts after which an issue's events are parked
 * @param backoffBase          the first retry delay; doubled per failed attempt
 * @param backoffMax           the longest retry delay
 * @param lowPriorityPeriod    how often Boxes not visited recently are caught up (15 min)
 * @param recentlyVisited      a Box opened within this window is served immediately by partial sync
 * @param echoWindow           how long Boxsync's own writes are remembered to recognize their echo
 * @param lockWait             how long a request waits for another node's running full sync of the same Box
 * @param lockPoll             how often it looks while waiting
 * @param leaseBatchSize       issues leased per worker step
 */
public record SyncSettings(
        Duration fullSyncExpiry,
        Duration coalescingInterval,
        Duration lookback,
        double blastRadius,
        Duration leaseDuration,
        int maxAttempts,
        Duration backoffBase,
        Duration backoffMax,
        Duration lowPriorityPeriod,
        Duration recentlyVisited,
        Duration echoWindow,
        Duration lockWait,
        Duration lockPoll,
        int leaseBatchSize) {

    public SyncSettings {
        positive(fullSyncExpiry, "fullSyncExpiry");
        Objects.requireNonNull(coalescingInterval, "coalescingInterval");
        if (coalescingInterval.compareTo(Duration.ofSeconds(1)) < 0
                || coalescingInterval.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new IllegalArgumentException(
                    "the coalescing interval must be between 1 and 10 seconds, not " + coalescingInterval);
        }
        Objects.requireNonNull(lookback, "lookback");
        if (lookback.isNegative()) {
            throw new IllegalArgumentException("the lookback must not be negative");
        }
        if (!(blastRadius > 0 && blastRadius <= 1)) {
            throw new IllegalArgumentException("the blast-radius threshold is a share in (0, 1], not " + blastRadius);
        }
        positive(leaseDuration, "leaseDuration");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        positive(backoffBase, "backoffBase");
        positive(backoffMax, "backoffMax");
        positive(lowPriorityPeriod, "lowPriorityPeriod");
        positive(recentlyVisited, "recentlyVisited");
        positive(echoWindow, "echoWindow");
        Objects.requireNonNull(lockWait, "lockWait");
        positive(lockPoll, "lockPoll");
        if (leaseBatchSize < 1) {
            throw new IllegalArgumentException("leaseBatchSize must be at least 1");
        }
    }

    /** The defaults: 24 h expiry, 5 s interval, 5 min lookback, 30% blast radius, 15 min low-priority period. */
    public static SyncSettings defaults() {
        return new SyncSettings(Duration.ofHours(24), Duration.ofSeconds(5), Duration.ofMinutes(5), 0.30,
                Duration.ofMinutes(2), 8, Duration.ofSeconds(2), Duration.ofMinutes(30), Duration.ofMinutes(15),
                Duration.ofHours(1), Duration.ofMinutes(10), Duration.ofMinutes(10), Duration.ofMillis(200), 50);
    }

    /** These settings with another coalescing interval (validated). */
    public SyncSettings withCoalescingInterval(Duration interval) {
        return new SyncSettings(fullSyncExpiry, interval, lookback, blastRadius, leaseDuration, maxAttempts,
                backoffBase, backoffMax, lowPriorityPeriod, recentlyVisited, echoWindow, lockWait, lockPoll,
                leaseBatchSize);
    }

    /** These settings with another blast-radius threshold (validated). */
    public SyncSettings withBlastRadius(double share) {
        return new SyncSettings(fullSyncExpiry, coalescingInterval, lookback, share, leaseDuration, maxAttempts,
                backoffBase, backoffMax, lowPriorityPeriod, recentlyVisited, echoWindow, lockWait, lockPoll,
                leaseBatchSize);
    }

    /** These settings with another retry policy (validated). */
    public SyncSettings withRetries(int attempts, Duration base, Duration max) {
        return new SyncSettings(fullSyncExpiry, coalescingInterval, lookback, blastRadius, leaseDuration, attempts,
                base, max, lowPriorityPeriod, recentlyVisited, echoWindow, lockWait, lockPoll, leaseBatchSize);
    }

    /** The delay before the next attempt after {@code failedAttempts} failures: doubling, capped. */
    public Duration backoffAfter(int failedAttempts) {
        int doublings = Math.max(0, Math.min(failedAttempts - 1, 30));
        Duration delay = backoffBase.multipliedBy(1L << doublings);
        return delay.compareTo(backoffMax) > 0 ? backoffMax : delay;
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, not " + d);
        }
    }
}
