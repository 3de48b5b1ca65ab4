package io.boxsync.core.diff;

/** The counts a sync run records; restamped tasks count as unchanged. */
public record DiffCounts(long added, long updated, long removed, long unchanged) {
}
