package io.boxsync.core.domain;

/** The id of a {@link Task}, as storage assigned it. */
public record TaskId(long value) implements Comparable<TaskId> {
    public TaskId {
        if (value <= 0) {
            throw new IllegalArgumentException("Task ids are positive, not " + value);
        }
    }

    public static TaskId of(long value) {
        return new TaskId(value);
    }

    @Override
    public int compareTo(TaskId other) {
        return Long.compare(value, other.value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
