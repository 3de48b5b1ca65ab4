package io.boxsync.core.sync;

import io.boxsync.core.domain.Dependency;
import io.boxsync.core.domain.Task;
import io.boxsync.core.domain.TaskId;
import io.boxsync.core.domain.WbsNode;
import io.boxsync.core.port.Clock;
import io.boxsync.core.schedule.DateChange;
import io.boxsync.core.schedule.ScheduleChange;
import io.boxsync.core.schedule.ScheduleResult;
import io.boxsync.core.schedule.Scheduler;
import io.boxsync.core.schedule.TaskGraph;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@link DateRules} by the {@link Scheduler} of {@code io.boxsync.core.schedule}: parent-child structure from the
 * Box's WBS, dependencies as stored, "today" (for its blast-radius limit) from the clock in UTC. Thread-safe.
 */
public final class SchedulerDateRules implements DateRules {
    private final Clock clock;

    public SchedulerDateRules(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public List<Task> recalculate(List<Task> tasks, List<WbsNode> wbs, List<Dependency> dependencies) {
        TaskGraph graph = TaskGraph.fromWbs(tasks, wbs, dependencies);
        ScheduleResult result = scheduler().schedule(graph, ScheduleChange.recalculate());
        if (!result.applied()) {
            return List.of();
        }
        return moved(graph, result.changes(), null);
    }

    @Override
    public MovePlan move(Task task, LocalDate newStart, LocalDate newEnd, List<Task> tasks, List<WbsNode> wbs,
                         List<Dependency> dependencies) {
        TaskGraph graph = TaskGraph.fromWbs(tasks, wbs, dependencies);
        ScheduleResult result = scheduler().schedule(graph, ScheduleChange.personMoves(task.id(), newStart, newEnd));
        if (!result.applied()) {
            return MovePlan.refused(result.reason());
        }
        List<Task> moved = moved(graph, result.changes(), task.id());
        if (moved.stream().noneMatch(t -> t.id().equals(task.id()))) {
            moved.add(0, task.withDates(newStart, newEnd));
        }
        return MovePlan.moves(moved);
    }

    private static List<Task> moved(TaskGraph graph, List<DateChange> changes, TaskId first) {
        List<Task> out = new ArrayList<>();
        for (DateChange c : changes) {
            Task t = graph.tasks().get(c.task());
            if (t == null || (Objects.equals(c.newStart(), t.start()) && Objects.equals(c.newEnd(), t.end()))) {
                continue;
            }
            Task next = t.withDates(c.newStart(), c.newEnd());
            if (c.task().equals(first)) {
                out.add(0, next);
            } else {
                out.add(next);
            }
        }
        return out;
    }

    private Scheduler scheduler() {
        return new Scheduler(LocalDate.ofInstant(clock.now(), ZoneOffset.UTC));
    }
}
