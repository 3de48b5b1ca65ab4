package io.boxsync.core.diff;

import io.boxsync.core.domain.Task;
import java.util.List;

/**
 * What one page of remote issues changes in the stored tasks.
 *
 * @param added      issues not stored yet, as new tasks (no id, the Box's default task mode)
 * @param updated    stored tasks with at least one changed field
 * @param restamped  stored tasks whose fields are equal but whose tool update stamp moved: store the new stamp,
 *                   record no history (they count as unchanged)
 * @param unchanged  issues equal to their stored task, stamp included, plus the restamped ones
 * @param duplicates issues already seen on an earlier page (the tool's paging shifted); ignored
 */
public record PageDiff(List<Task> added, List<TaskUpdate> updated, List<Task> restamped, int unchanged,
                       int duplicates) {
    public PageDiff {
        added = List.copyOf(added);
        updated = List.copyOf(updated);
        restamped = List.copyOf(restamped);
    }

    /** Whether nothing needs to be written for this page. */
    public boolean writesNothing() {
        return added.isEmpty() && updated.isEmpty() && restamped.isEmpty();
    }
}
