package io.boxsync.core.domain;

/** The id of a {@link User}, as storage assigned it. */
public record UserId(long value) implements Comparable<UserId> {
    public UserId {
        if (value <= 0) {
            throw new IllegalArgumentException("User ids are positive, not " + value);
        }
    }

    public static UserId of(long value) {
        return new UserId(value);
    }

    @Override
    public int compareTo(UserId other) {
        return Long.compare(value, other.value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
