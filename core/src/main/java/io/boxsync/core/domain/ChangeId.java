package io.boxsync.core.domain;

/** The id of a {@link Change}, as storage assigned it. */
public record ChangeId(long value) implements Comparable<ChangeId> {
    public ChangeId {
        if (value <= 0) {
            throw new IllegalArgumentException("Change ids are positive, not " + value);
        }
    }

    public static ChangeId of(long value) {
        return new ChangeId(value);
    }

    @Override
    public int compareTo(ChangeId other) {
        return Long.compare(value, other.value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
