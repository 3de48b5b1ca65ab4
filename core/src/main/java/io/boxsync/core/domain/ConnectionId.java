package io.boxsync.core.domain;

/** The id of a {@link Connection}, as storage assigned it. */
public record ConnectionId(long value) implements Comparable<ConnectionId> {
    public ConnectionId {
        if (value <= 0) {
            throw new IllegalArgumentException("Connection ids are positive, not " + value);
        }
    }

    public static ConnectionId of(long value) {
        return new ConnectionId(value);
    }

    @Override
    public int compareTo(ConnectionId other) {
        return Long.compare(value, other.value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
