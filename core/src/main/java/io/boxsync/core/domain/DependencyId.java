package io.boxsync.core.domain;

/** The id of a {@link Dependency}, as storage assigned it. */
public record DependencyId(long value) implements Comparable<DependencyId> {
    public DependencyId {
        if (value <= 0) {
            throw new IllegalArgumentException("Dependency ids are positive, not " + value);
        }
    }

    public static DependencyId of(long value) {
        return new DependencyId(value);
    }

    @Override
    public int compareTo(DependencyId other) {
        return Long.compare(value, other.value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
