package io.boxsync.core.diff;

import io.boxsync.core.domain.Task;
import java.util.List;
import java.util.Objects;

/**
 * A stored task whose remote issue changed.
 *
 * @param before  the stored task
 * @param after   the task to store: the tool's values with the stored id and task mode
 * @param changes the fields that differ, never empty
 */
public record TaskUpdate(Task before, Task after, List<FieldChange> changes) {
    public TaskUpdate {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        changes = List.copyOf(changes);
        if (changes.isEmpty()) {
            throw new IllegalArgumentException("an update changes at least one field");
        }
    }
}
