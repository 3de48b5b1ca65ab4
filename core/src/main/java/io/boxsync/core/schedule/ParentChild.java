package io.boxsync.core.schedule;

import io.boxsync.core.domain.TaskId;
import java.util.Objects;

/** One parent/child relation of the WBS nesting (a task node under a task node), as scheduling reads it. */
public record ParentChild(TaskId parent, TaskId child) {
    public ParentChild {
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(child, "child");
    }
}
