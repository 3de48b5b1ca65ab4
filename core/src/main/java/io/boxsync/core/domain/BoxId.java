package io.boxsync.core.domain;

/** The id of a {@link Box}, as storage assigned it. */
public record BoxId(long value) implements Comparable<BoxId> {
    public BoxId {
        if (value <= 0) {
            throw new IllegalArgumentException("Box ids are positive, not " + value);
        }
    }

    public static BoxId of(long value) {
        return new BoxId(value);
    }

    @Override
    public int compareTo(BoxId other) {
        return Long.compare(value, other.value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
