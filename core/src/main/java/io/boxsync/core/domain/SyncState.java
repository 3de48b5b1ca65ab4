package io.boxsync.core.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * Where a Box stands with full sync.
 *
 * @param flagged        whether the Box waits for a full sync on its next open
 * @param flagReason     why, when flagged; else {@code null}
 * @param lastFullSync   when the last full sync completed; {@code null} if never
 * @param lastVisited    when a person last opened the Box; {@code null} if never
 */
public record SyncState(boolean flagged, FlagReason flagReason, Instant lastFullSync, Instant lastVisited) {

    public static SyncState newlyCreated() {
        return new SyncState(true, FlagReason.NEW_SCOPE, null, null);
    }

    /** Whether opening the Box now must run a full sync: flagged, never synced, or older than the expiry. */
    public boolean needsFullSync(Instant now, Duration expiry) {
        return flagged || lastFullSync == null || !lastFullSync.plus(expiry).isAfter(now);
    }

    public SyncState flag(FlagReason reason) {
        return new SyncState(true, reason, lastFullSync, lastVisited);
    }

    public SyncState synced(Instant at) {
        return new SyncState(false, null, at, lastVisited);
    }

    public SyncState visited(Instant at) {
        return new SyncState(flagged, flagReason, lastFullSync, at);
    }
}
