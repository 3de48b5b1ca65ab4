package io.boxsync.connector;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * The position of an incremental read: the last-update stamp and key of the newest issue seen. Ordered, so the
 * engine keeps the greatest one; stored in the same transaction as the changes it covers.
 *
 * @param updated the tool's update stamp of the newest issue applied
 * @param key     that key, to order issues with the same stamp
 */
public record Cursor(Instant updated, String key) implements Comparable<Cursor> {
    private static final Comparator<Cursor> ORDER =
            Comparator.comparing(Cursor::updated).thenComparing(Cursor::key);

    public Cursor {
        Objects.requireNonNull(updated, "updated");
        key = key == null ? "" : key;
    }

    /** The cursor before everything. */
    public static Cursor beginning() {
        return new Cursor(Instant.EPOCH, "");
    }

    /** Where a read from this cursor must start: earlier by the lookback, since tools' queries are coarse. */
    public Instant readFrom(Duration lookback) {
        Instant from = updated.minus(lookback);
        return from.isBefore(Instant.EPOCH) ? Instant.EPOCH : from;
    }

    /** The later of the two. */
    public Cursor max(Cursor other) {
        return compareTo(other) >= 0 ? this : other;
    }

    @Override
    public int compareTo(Cursor other) {
        return ORDER.compare(this, other);
    }
}
