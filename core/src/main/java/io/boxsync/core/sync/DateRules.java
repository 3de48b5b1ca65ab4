package io.boxsync.core.sync;

import io.boxsync.core.domain.Dependency;
import io.boxsync.core.domain.Task;
import io.boxsync.core.domain.WbsNode;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * Task-mode date rules: what automation recalculates after a sync, and what a person's move of a task's dates
 * implies (a refusal, or the moved task plus its cascade). The engine's seam to the scheduling algorithm
 * ({@code io.boxsync.core.schedule}, adapted by {@link SchedulerDateRules}); {@link SimpleDateRules} is a small
 * stand-in. Pure and thread-safe.
 */
public interface DateRules {

    /** The outcome of planning a move: refused with a reason, or every task whose dates change, moved one first. */
    record MovePlan(boolean refused, String reason, List<Task> moved) {
        public MovePlan {
            reason = reason == null ? "" : reason;
            moved = List.copyOf(moved == null ? List.of() : moved);
        }

        public static MovePlan refused(String reason) {
            return new MovePlan(true, Objects.requireNonNull(reason, "reason"), List.of());
        }

        public static MovePlan moves(List<Task> moved) {
            return new MovePlan(false, "", moved);
        }
    }

    /**
     * The tasks whose dates automation changes now (bottom-up parents spanning their children...), with their new
     * dates. Locked and Done tasks never appear.
     */
    List<Task> recalculate(List<Task> tasks, List<WbsNode> wbs, List<Dependency> dependencies);

    /** Plans a person's move of {@code task} to the new dates within the Box holding {@code tasks} and {@code wbs}. */
    MovePlan move(Task task, LocalDate newStart, LocalDate newEnd, List<Task> tasks, List<WbsNode> wbs,
                  List<Dependency> dependencies);
}
