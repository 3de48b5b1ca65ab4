package io.boxsync.core.sync;

import io.boxsync.core.domain.Dependency;
import io.boxsync.core.domain.Task;
import io.boxsync.core.domain.TaskMode;
import io.boxsync.core.domain.WbsNode;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A small stand-in for the scheduler: Locked tasks refuse, an Auto bottom-up parent with children refuses (its
 * dates follow them), an Auto top-down parent takes its movable children along, and an Auto bottom-up parent of the
 * moved task is stretched to span its children. Recalculation spans bottom-up parents. Done and Locked tasks are
 * never moved by automation. Children are the tasks naming the parent as parent or epic.
 */
public final class SimpleDateRules implements DateRules {

    @Override
    public List<Task> recalculate(List<Task> tasks, List<WbsNode> wbs, List<Dependency> dependencies) {
        List<Task> changed = new ArrayList<>();
        for (Task parent : tasks) {
            if (parent.mode() != TaskMode.AUTO_BOTTOM_UP || !automationMay(parent)) {
                continue;
            }
            Task spanned = span(parent, childrenOf(parent, tasks));
            if (spanned != null) {
                changed.add(spanned);
            }
        }
        return changed;
    }

    @Override
    public MovePlan move(Task task, LocalDate newStart, LocalDate newEnd, List<Task> tasks, List<WbsNode> wbs,
                         List<Dependency> dependencies) {
        if (newStart != null && newEnd != null && newEnd.isBefore(newStart)) {
            return MovePlan.refused("the end " + newEnd + " is before the start " + newStart);
        }
        if (task.mode() == TaskMode.LOCKED) {
            return MovePlan.refused(name(task) + " is Locked: nobody and nothing moves it");
        }
        List<Task> children = childrenOf(task, tasks);
        if (task.mode() == TaskMode.AUTO_BOTTOM_UP && !children.isEmpty()) {
            return MovePlan.refused(name(task) + " is Auto bottom-up: its dates follow its children; move them instead");
        }
        List<Task> moved = new ArrayList<>();
        Task self = task.withDates(newStart, newEnd);
        moved.add(self);
        if (task.mode() == TaskMode.AUTO_TOP_DOWN && task.start() != null && newStart != null) {
            long shift = ChronoUnit.DAYS.between(task.start(), newStart);
            for (Task child : children) {
                if (automationMay(child) && child.mode() != TaskMode.MANUAL && shift != 0) {
                    moved.add(child.withDates(plus(child.start(), shift), plus(child.end(), shift)));
                }
            }
        }
        List<Task> after = new ArrayList<>(tasks);
        after.replaceAll(t -> moved.stream().filter(m -> Objects.equals(m.id(), t.id())).findFirst().orElse(t));
        for (Task parent : tasks) {
            if (parent.mode() == TaskMode.AUTO_BOTTOM_UP && automationMay(parent) && isParentOf(parent, task)) {
                Task spanned = span(parent, childrenOf(parent, after));
                if (spanned != null) {
                    moved.add(spanned);
                }
            }
        }
        return MovePlan.moves(moved);
    }

    private static boolean automationMay(Task task) {
        return task.mode() != TaskMode.LOCKED && !task.isDone();
    }

    private static Task span(Task parent, List<Task> children) {
        LocalDate start = children.stream().map(Task::start).filter(Objects::nonNull)
                .min(Comparator.naturalOrder()).orElse(null);
        LocalDate end = children.stream().map(Task::end).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(null);
        if (start == null && end == null) {
            return null;
        }
        if (Objects.equals(start, parent.start()) && Objects.equals(end, parent.end())) {
            return null;
        }
        return parent.withDates(start, end);
    }

    private static List<Task> childrenOf(Task parent, List<Task> tasks) {
        return tasks.stream().filter(t -> isParentOf(parent, t)).toList();
    }

    private static boolean isParentOf(Task parent, Task child) {
        if (parent.key() == null || child.key() == null || !Objects.equals(parent.connection(), child.connection())) {
            return false;
        }
        return parent.key().equals(child.parentKey()) || parent.key().equals(child.epicKey());
    }

    private static LocalDate plus(LocalDate date, long days) {
        return date == null ? null : date.plusDays(days);
    }

    private static String name(Task task) {
        return task.key() == null ? "\"" + task.summary() + "\"" : task.key().value();
    }
}
