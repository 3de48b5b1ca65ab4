package io.boxsync.core.schedule;

import io.boxsync.core.domain.Dependency;
import io.boxsync.core.domain.Task;
import io.boxsync.core.domain.TaskId;
import io.boxsync.core.domain.TaskMode;
import io.boxsync.core.schedule.DateChange.Cause;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Recalculates dates by task mode after a change. Dates are calendar days, end inclusive; working days and
 * calendars are ignored. Rules, by priority (mode, then parent/child, then dependencies):
 * <ul>
 *   <li><b>Locked</b> tasks never move, and a person's move of one is refused. <b>Manual</b> tasks move only when a
 *       person moves them. <b>Done</b> tasks are never moved by automation (a person may move them).</li>
 *   <li><b>Auto bottom-up</b> parents span their dated children (earliest start, latest end) and cannot be moved by
 *       hand while they have children.</li>
 *   <li><b>Auto top-down</b> (and Locked) parents keep their children inside their period: moving the parent shifts
 *       its children by the same number of days; a child pushed out is shifted back in (and shortened only when
 *       longer than the parent); a person may not move a child out. Through an Auto bottom-up parent, the
 *       grandparent's period applies to the grandchildren.</li>
 *   <li><b>Auto basic</b> tasks are pushed later (never pulled earlier) by strong dependencies, keeping their
 *       duration: FS starts the day after the predecessor ends plus lag; SS starts no earlier than the
 *       predecessor's start plus lag; FF ends no earlier than its end plus lag; SF ends no earlier than its start
 *       plus lag.</li>
 *   <li>A person's move that automation would immediately undo is refused with the rule that would undo it.</li>
 *   <li>Blast radius: a change that would put any date before 1970-01-01 or more than 10 years from today is
 *       refused, as is a cascade that does not settle (a dependency cycle).</li>
 * </ul>
 * For {@link ScheduleChange#remoteData}, the tool's dates are the baseline: the caller stores them as it stores any
 * remote field, and the result lists only what automation changes on top (the remote task itself included, with
 * {@code oldStart}/{@code oldEnd} as the tool reported them, when a rule overrides the tool: write that back).
 * Tasks without both dates are neither moved nor constrain others (except bottom-up parents, which take the span of
 * their dated children). The result is a fixed point: scheduling the result again changes nothing. Stateless and
 * thread-safe.
 */
public final class Scheduler {

    private static final LocalDate EARLIEST = LocalDate.of(1970, 1, 1);

    private final LocalDate today;

    /** @param today the day the blast-radius limit counts ten years from */
    public Scheduler(LocalDate today) {
        this.today = Objects.requireNonNull(today, "today");
    }

    /** Applies the change and every cascade it causes, or refuses it. */
    public ScheduleResult schedule(TaskGraph graph, ScheduleChange change) {
        return new Run(graph).run(change);
    }

    private record Period(LocalDate start, LocalDate end) {
        long days() {
            return ChronoUnit.DAYS.between(start, end);
        }

        Period shift(long days) {
            return new Period(start.plusDays(days), end.plusDays(days));
        }
    }

    private record Why(Cause cause, TaskId causedBy) {
    }

    private static final class Refusal extends RuntimeException {
        Refusal(String reason) {
            super(reason, null, false, false);
        }
    }

    private final class Run {
        private final TaskGraph graph;
        private final Map<TaskId, Period> dates = new HashMap<>();
        private final Map<TaskId, Why> why = new HashMap<>();
        private final Map<TaskId, List<TaskId>> parents = new HashMap<>();
        private final Map<TaskId, List<TaskId>> children = new HashMap<>();
        private final Map<TaskId, List<Dependency>> predecessors = new HashMap<>();
        private final Map<TaskId, List<Dependency>> successors = new HashMap<>();
        private final Deque<TaskId> work = new ArrayDeque<>();
        private final Set<TaskId> queued = new HashSet<>();
        private ScheduleChange remote;
        private Why lastWhy;
        private TaskId windowOwner;
        Run(TaskGraph graph) {
            this.graph = graph;
            graph.tasks().values().forEach(task -> {
                if (task.start() != null && task.end() != null) {
                    dates.put(task.id(), new Period(task.start(), task.end()));
                }
            });
            for (ParentChild relation : graph.structure()) {
                if (graph.tasks().containsKey(relation.parent()) && graph.tasks().containsKey(relation.child())
                        && !relation.parent().equals(relation.child())) {
                    parents.computeIfAbsent(relation.child(), k -> new ArrayList<>()).add(relation.parent());
                    children.computeIfAbsent(relation.parent(), k -> new ArrayList<>()).add(relation.child());
                }
            }
            for (Dependency dependency : graph.dependencies()) {
                if (dependency.strong() && graph.tasks().containsKey(dependency.from())
                        && graph.tasks().containsKey(dependency.to())) {
                    predecessors.computeIfAbsent(dependency.to(), k -> new ArrayList<>()).add(dependency);
                    successors.computeIfAbsent(dependency.from(), k -> new ArrayList<>()).add(dependency);
                }
            }
        }

        ScheduleResult run(ScheduleChange change) {
            try {
                if (change.kind() == ScheduleChange.Kind.RECALCULATE) {
                    graph.tasks().keySet().stream().sorted().forEach(this::enqueue);
                } else {
                    applyTrigger(change);
                }
                settle();
                if (change.kind() == ScheduleChange.Kind.PERSON_MOVES) {
                    Period wanted = new Period(change.start(), change.end());
                    if (!wanted.equals(dates.get(change.task()))) {
                        Why undo = why.get(change.task());
                        throw new Refusal(name(change.task()) + " cannot go there: automation would move it back ("
                                + describe(undo) + ")");
                    }
                }
                return ScheduleResult.applied(changes());
            } catch (Refusal refusal) {
                return ScheduleResult.refused(refusal.getMessage());
            }
        }

        private void applyTrigger(ScheduleChange change) {
            TaskId id = change.task();
            Task task = graph.tasks().get(id);
            if (task == null) {
                throw new Refusal("task " + id + " is not part of this schedule");
            }
            boolean person = change.kind() == ScheduleChange.Kind.PERSON_MOVES;
            remote = person ? null : change;
            Period wanted = change.start() == null || change.end() == null ? null : new Period(change.start(), change.end());
            if (person) {
                checkPersonMayMove(task, wanted);
            }
            Period before = dates.get(id);
            set(id, wanted, new Why(person ? Cause.MOVED_BY_PERSON : Cause.REMOTE_DATA, id), person);
            if (wanted != null && before != null && !wanted.start().equals(before.start())
                    && (task.mode() == TaskMode.AUTO_TOP_DOWN || task.mode() == TaskMode.LOCKED)) {
                shiftChildren(id, ChronoUnit.DAYS.between(before.start(), wanted.start()), id, new HashSet<>());
            }
            enqueue(id);
            enqueueNeighbours(id);
        }

        private void checkPersonMayMove(Task task, Period wanted) {
            if (wanted == null) {
                throw new Refusal("a move needs both a start and an end");
            }
            if (wanted.start().isAfter(wanted.end())) {
                throw new Refusal("the start " + wanted.start() + " is after the end " + wanted.end());
            }
            if (task.mode() == TaskMode.LOCKED) {
                throw new Refusal(name(task.id()) + " is Locked: nobody moves it");
            }
            if (task.mode() == TaskMode.AUTO_BOTTOM_UP && children.containsKey(task.id())) {
                throw new Refusal(name(task.id()) + " is Auto bottom-up: its dates follow its children; move them instead");
            }
            Period window = window(task.id(), new HashSet<>());
            if (window != null && window.start() != null && !window.start().isAfter(window.end())
                    && (wanted.start().isBefore(window.start()) || wanted.end().isAfter(window.end()))) {
                throw new Refusal(name(task.id()) + " must stay inside its parent's period " + window.start() + " to "
                        + window.end());
            }
        }

        private void shiftChildren(TaskId parent, long days, TaskId cause, Set<TaskId> seen) {
            for (TaskId child : children.getOrDefault(parent, List.of())) {
                if (!seen.add(child) || !movableByAutomation(child)) {
                    continue;
                }
                Period period = dates.get(child);
                if (period != null) {
                    set(child, period.shift(days), new Why(Cause.MOVED_WITH_PARENT, cause), true);
                    enqueue(child);
                    enqueueNeighbours(child);
                }
                TaskMode mode = graph.tasks().get(child).mode();
                if (mode == TaskMode.AUTO_TOP_DOWN || mode == TaskMode.AUTO_BOTTOM_UP) {
                    shiftChildren(child, days, cause, seen);
                }
            }
        }

        private void settle() {
            long budget = 200L * (graph.tasks().size() + 1) + 1000;
            while (!work.isEmpty()) {
                if (--budget < 0) {
                    throw new Refusal("the schedule does not settle; is there a cycle of dependencies?");
                }
                TaskId id = work.removeFirst();
                queued.remove(id);
                Period target = target(id);
                if (target != null && !target.equals(dates.get(id))) {
                    set(id, target, lastWhy, true);
                    enqueueNeighbours(id);
                }
            }
        }

        /** The dates the rules give the task now, with the reason in {@code lastWhy}; null when it may not move. */
        private Period target(TaskId id) {
            if (!movableByAutomation(id)) {
                return null;
            }
            Task task = graph.tasks().get(id);
            Period current = dates.get(id);
            if (task.mode() == TaskMode.AUTO_BOTTOM_UP) {
                Period span = spanOfChildren(id);
                if (span != null) {
                    lastWhy = new Why(Cause.SPANS_CHILDREN, firstChildWithDates(id));
                    return span;
                }
            }
            if (current == null) {
                return null;
            }
            Period target = current;
            lastWhy = null;
            if (task.mode() == TaskMode.AUTO_BASIC) {
                long push = 0;
                TaskId pusher = null;
                for (Dependency dependency : predecessors.getOrDefault(id, List.of())) {
                    Period before = dates.get(dependency.from());
                    if (before == null) {
                        continue;
                    }
                    long needed = needed(dependency, before, current);
                    if (needed > push) {
                        push = needed;
                        pusher = dependency.from();
                    }
                }
                if (push > 0) {
                    target = current.shift(push);
                    lastWhy = new Why(Cause.PUSHED_BY_DEPENDENCY, pusher);
                }
            }
            Period window = window(id, new HashSet<>());
            if (window != null) {
                Period clamped = clamp(target, window);
                if (!clamped.equals(target)) {
                    target = clamped;
                    lastWhy = new Why(Cause.KEPT_INSIDE_PARENT, windowOwner);
                }
            }
            return target;
        }

        private long needed(Dependency dependency, Period before, Period after) {
            int lag = dependency.lagDays();
            switch (dependency.type()) {
                case FS:
                    return ChronoUnit.DAYS.between(after.start(), before.end().plusDays(1L + lag));
                case SS:
                    return ChronoUnit.DAYS.between(after.start(), before.start().plusDays(lag));
                case FF:
                    return ChronoUnit.DAYS.between(after.end(), before.end().plusDays(lag));
                case SF:
                    return ChronoUnit.DAYS.between(after.end(), before.start().plusDays(lag));
                default:
                    throw new IllegalStateException("unknown dependency type " + dependency.type());
            }
        }

        /** The period the task must stay inside, or null when free; an empty window (start after end) is ignored. */
        private Period window(TaskId id, Set<TaskId> seen) {
            if (!seen.add(id)) {
                return null;
            }
            LocalDate start = null;
            LocalDate end = null;
            for (TaskId parent : parents.getOrDefault(id, List.of())) {
                TaskMode mode = graph.tasks().get(parent).mode();
                Period bound = null;
                if (mode == TaskMode.AUTO_TOP_DOWN || mode == TaskMode.LOCKED) {
                    bound = dates.get(parent);
                    if (bound != null) {
                        windowOwner = parent;
                    }
                } else if (mode == TaskMode.AUTO_BOTTOM_UP) {
                    bound = window(parent, seen);
                }
                if (bound != null) {
                    start = start == null || bound.start().isAfter(start) ? bound.start() : start;
                    end = end == null || bound.end().isBefore(end) ? bound.end() : end;
                }
            }
            if (start == null || start.isAfter(end)) {
                return null;
            }
            return new Period(start, end);
        }

        private Period clamp(Period period, Period window) {
            Period result = period;
            if (result.end().isAfter(window.end())) {
                result = result.shift(-ChronoUnit.DAYS.between(window.end(), result.end()));
            }
            if (result.start().isBefore(window.start())) {
                result = result.shift(ChronoUnit.DAYS.between(result.start(), window.start()));
            }
            if (result.end().isAfter(window.end())) {
                result = window;
            }
            return result;
        }

        private Period spanOfChildren(TaskId id) {
            LocalDate start = null;
            LocalDate end = null;
            for (TaskId child : children.getOrDefault(id, List.of())) {
                Period period = dates.get(child);
                if (period != null) {
                    start = start == null || period.start().isBefore(start) ? period.start() : start;
                    end = end == null || period.end().isAfter(end) ? period.end() : end;
                }
            }
            return start == null ? null : new Period(start, end);
        }

        private TaskId firstChildWithDates(TaskId id) {
            return children.getOrDefault(id, List.of()).stream().filter(dates::containsKey).findFirst().orElse(id);
        }

        private boolean movableByAutomation(TaskId id) {
            Task task = graph.tasks().get(id);
            return task.mode() != TaskMode.MANUAL && task.mode() != TaskMode.LOCKED && !task.isDone();
        }

        private void set(TaskId id, Period period, Why reason, boolean checkRange) {
            if (checkRange && period != null && (period.start().isBefore(EARLIEST) || period.end().isBefore(EARLIEST)
                    || period.start().isAfter(today.plusYears(10)) || period.end().isAfter(today.plusYears(10)))) {
                throw new Refusal("this would move " + name(id) + " to " + period.start() + " - " + period.end()
                        + ", outside 1970-01-01 to " + today.plusYears(10) + "; nothing was changed");
            }
            if (period == null) {
                dates.remove(id);
            } else {
                dates.put(id, period);
            }
            why.put(id, reason);
        }

        private void enqueue(TaskId id) {
            if (queued.add(id)) {
                work.addLast(id);
            }
        }

        private void enqueueNeighbours(TaskId id) {
            parents.getOrDefault(id, List.of()).forEach(this::enqueue);
            Set<TaskId> seen = new LinkedHashSet<>();
            enqueueDescendantsReadingWindow(id, seen);
            successors.getOrDefault(id, List.of()).forEach(d -> enqueue(d.to()));
        }

        private void enqueueDescendantsReadingWindow(TaskId id, Set<TaskId> seen) {
            for (TaskId child : children.getOrDefault(id, List.of())) {
                if (seen.add(child)) {
                    enqueue(child);
                    if (graph.tasks().get(child).mode() == TaskMode.AUTO_BOTTOM_UP) {
                        enqueueDescendantsReadingWindow(child, seen);
                    }
                }
            }
        }

        private List<DateChange> changes() {
            List<DateChange> result = new ArrayList<>();
            for (Task task : graph.tasks().values()) {
                Period after = dates.get(task.id());
                boolean remoteTask = remote != null && remote.task().equals(task.id());
                LocalDate oldStart = remoteTask ? remote.start() : task.start();
                LocalDate oldEnd = remoteTask ? remote.end() : task.end();
                LocalDate newStart = after != null ? after.start() : oldStart;
                LocalDate newEnd = after != null ? after.end() : oldEnd;
                if (!Objects.equals(oldStart, newStart) || !Objects.equals(oldEnd, newEnd)) {
                    Why reason = why.get(task.id());
                    result.add(new DateChange(task.id(), oldStart, oldEnd, newStart, newEnd, reason.cause(),
                            reason.causedBy()));
                }
            }
            result.sort(Comparator.comparing(DateChange::task));
            return result;
        }

        private String describe(Why reason) {
            if (reason == null || reason.cause() == null) {
                return "a scheduling rule";
            }
            switch (reason.cause()) {
                case PUSHED_BY_DEPENDENCY:
                    return "a strong dependency on " + name(reason.causedBy());
                case KEPT_INSIDE_PARENT:
                    return "it must stay inside " + name(reason.causedBy());
                case SPANS_CHILDREN:
                    return "it spans its children";
                default:
                    return reason.cause().name().toLowerCase().replace('_', ' ');
            }
        }

        private String name(TaskId id) {
            Task task = graph.tasks().get(id);
            if (task == null) {
                return "task " + id;
            }
            return task.key() != null ? task.key().value() : "'" + task.summary() + "'";
        }
    }
}
