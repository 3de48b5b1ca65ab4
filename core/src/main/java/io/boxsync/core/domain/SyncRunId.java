package io.boxsync.core.domain;

/** The id of a {@link SyncRun}, as storage assigned it. */
public record SyncRunId(long value) implements Comparable<SyncRunId> {
    public SyncRunId {
        if (value <= 0) {
            throw new IllegalArgumentException("SyncRun ids are positive, not " + value);
        }
    }

    public static SyncRunId of(long value) {
        return new SyncRunId(value);
    }

    @Override
    public int compareTo(SyncRunId other) {
        return Long.compare(value, other.value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
