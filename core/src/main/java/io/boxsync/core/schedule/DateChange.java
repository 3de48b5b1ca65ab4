package io.boxsync.core.schedule;

import io.boxsync.core.domain.TaskId;
import java.time.LocalDate;
import java.util.Objects;

/**
 * New dates for one task, and why.
 *
 * @param task     the task
 * @param oldStart start before (for the task of remote data: as the tool reported it), or {@code null}
 * @param oldEnd   end before (likewise), or {@code null}
 * @param newStart start after, or {@code null}
 * @param newEnd   end after, or {@code null}
 * @param cause    why it moved (the last rule that moved it)
 * @param causedBy the task whose dates made it move ({@code task} itself for a person's move or remote data)
 */
public record DateChange(TaskId task, LocalDate oldStart, LocalDate oldEnd, LocalDate newStart, LocalDate newEnd,
                         Cause cause, TaskId causedBy) {

    /** Why a task's dates changed. */
    public enum Cause {
        /** A person moved it. */
        MOVED_BY_PERSON,
        /** The tool reported new dates. */
        REMOTE_DATA,
        /** An Auto bottom-up parent spans its children. */
        SPANS_CHILDREN,
        /** Its Auto top-down parent was moved and took it along. */
        MOVED_WITH_PARENT,
        /** Kept inside its Auto top-down or Locked parent. */
        KEPT_INSIDE_PARENT,
        /** Pushed by a strong dependency on its predecessor. */
        PUSHED_BY_DEPENDENCY;

        /** Whether automation (not a person, not the tool) made the change. */
        public boolean isAutomation() {
            return this != MOVED_BY_PERSON && this != REMOTE_DATA;
        }
    }

    public DateChange {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(causedBy, "causedBy");
    }
}
