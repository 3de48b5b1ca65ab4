package io.boxsync.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.boxsync.connector.IssueKey;
import io.boxsync.connector.StatusCategory;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.core.domain.Dependency;
import io.boxsync.core.domain.DependencyType;
import io.boxsync.core.domain.Task;
import io.boxsync.core.domain.TaskId;
import io.boxsync.core.domain.TaskMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

class SchedulerProperties {

    static final LocalDate TODAY = LocalDate.of(2030, 1, 1);
    final Scheduler scheduler = new Scheduler(TODAY);

    record TaskSpec(TaskMode mode, boolean done, Integer start, int duration, Integer parent) {
    }

    record DependencySpec(int from, int to, DependencyType type, int lag, boolean strong) {
    }

    record ChangeSpec(boolean person, int task, int start, int duration) {
    }

    record Scenario(List<TaskSpec> tasks, List<DependencySpec> dependencies, List<ChangeSpec> changes) {
        TaskGraph graph() {
            List<Task> list = new ArrayList<>();
            List<ParentChild> structure = new ArrayList<>();
            for (int i = 0; i < tasks.size(); i++) {
                TaskSpec spec = tasks.get(i);
                LocalDate start = spec.start() == null ? null : TODAY.plusDays(spec.start());
                LocalDate end = start == null ? null : start.plusDays(spec.duration());
                list.add(new Task(id(i), ConnectionId.of(1), IssueKey.of("PRJ-" + (i + 1)), "t", "PRJ", "Story", "s",
                        spec.done() ? StatusCategory.DONE : StatusCategory.IN_PROGRESS, null, null, start, end, null,
                        null, List.of(), List.of(), List.of(), null, null, spec.mode(), null));
                if (spec.parent() != null && i > 0) {
                    structure.add(new ParentChild(id(spec.parent() % i), id(i)));
                }
            }
            List<Dependency> deps = new ArrayList<>();
            for (DependencySpec d : dependencies) {
                int from = d.from() % tasks.size();
                int to = d.to() % tasks.size();
                if (from != to) {
                    deps.add(new Dependency(null, id(from), id(to), d.type(), d.strong(), d.lag(), null));
                }
            }
            return TaskGraph.of(list, structure, deps);
        }
    }

    static TaskId id(int index) {
        return TaskId.of(index + 1L);
    }

    @Property(tries = 200)
    void everyRuleHoldsAfterAnySequenceOfChanges(@ForAll("scenarios") Scenario scenario) {
        TaskGraph graph = scenario.graph();
        ScheduleResult settled = scheduler.schedule(graph, ScheduleChange.recalculate());
        Assume.that(settled.applied());
        graph = graph.apply(settled.changes());
        assertRulesHold(graph);

        for (ChangeSpec spec : scenario.changes()) {
            TaskId moved = id(spec.task() % scenario.tasks().size());
            LocalDate start = TODAY.plusDays(spec.start());
            ScheduleChange change = spec.person()
                    ? ScheduleChange.personMoves(moved, start, start.plusDays(spec.duration()))
                    : ScheduleChange.remoteData(moved, start, start.plusDays(spec.duration()));
            ScheduleResult result = scheduler.schedule(graph, change);
            Statistics.label("change").collect(result.applied() ? "applied" : "refused");
            if (!result.applied()) {
                continue;
            }
            for (DateChange dateChange : result.changes()) {
                Task task = graph.tasks().get(dateChange.task());
                if (dateChange.cause().isAutomation()) {
                    assertThat(task.mode()).isNotIn(TaskMode.MANUAL, TaskMode.LOCKED);
                    assertThat(task.isDone()).isFalse();
                } else {
                    assertThat(dateChange.task()).isEqualTo(moved);
                }
                boolean durationFromTrigger = dateChange.task().equals(moved);
                if (!durationFromTrigger && (dateChange.cause() == DateChange.Cause.PUSHED_BY_DEPENDENCY
                        || dateChange.cause() == DateChange.Cause.MOVED_WITH_PARENT)) {
                    assertThat(ChronoUnit.DAYS.between(dateChange.newStart(), dateChange.newEnd()))
                            .isEqualTo(ChronoUnit.DAYS.between(dateChange.oldStart(), dateChange.oldEnd()));
                }
            }
            if (!spec.person()) {
                Task reported = graph.tasks().get(moved);
                graph = graph.apply(List.of(new DateChange(moved, reported.start(), reported.end(), start,
                        start.plusDays(spec.duration()), DateChange.Cause.REMOTE_DATA, moved)));
            }
            graph = graph.apply(result.changes());
            if (spec.person()) {
                assertThat(graph.tasks().get(moved).start()).as("a person's move is kept").isEqualTo(start);
                assertThat(graph.tasks().get(moved).end()).isEqualTo(start.plusDays(spec.duration()));
            }
            assertRulesHold(graph);
        }
    }

    private void assertRulesHold(TaskGraph graph) {
        assertThat(scheduler.schedule(graph, ScheduleChange.recalculate()).changes()).as("a fixed point").isEmpty();
        for (Task parent : graph.tasks().values()) {
            List<Task> children = graph.structure().stream().filter(r -> r.parent().equals(parent.id()))
                    .map(r -> graph.tasks().get(r.child())).toList();
            List<Task> dated = children.stream().filter(SchedulerProperties::dated).toList();
            if (parent.mode() == TaskMode.AUTO_BOTTOM_UP && !parent.isDone() && !dated.isEmpty()) {
                assertThat(parent.start()).as("bottom-up start").isEqualTo(
                        dated.stream().map(Task::start).min(LocalDate::compareTo).orElseThrow());
                assertThat(parent.end()).as("bottom-up end").isEqualTo(
                        dated.stream().map(Task::end).max(LocalDate::compareTo).orElseThrow());
            }
            if ((parent.mode() == TaskMode.AUTO_TOP_DOWN || parent.mode() == TaskMode.LOCKED) && dated(parent)) {
                for (Task child : dated) {
                    boolean follows = child.mode() == TaskMode.AUTO_BOTTOM_UP && graph.structure().stream()
                            .anyMatch(r -> r.parent().equals(child.id()) && dated(graph.tasks().get(r.child())));
                    boolean movable = child.mode() != TaskMode.MANUAL && child.mode() != TaskMode.LOCKED && !child.isDone();
                    if (movable && !follows) {
                        assertThat(child.start()).as("inside start").isAfterOrEqualTo(parent.start());
                        assertThat(child.end()).as("inside end").isBeforeOrEqualTo(parent.end());
                    }
                }
            }
        }
    }

    private static boolean dated(Task task) {
        return task.start() != null && task.end() != null;
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<TaskSpec> task = Combinators.combine(Arbitraries.of(TaskMode.class),
                Arbitraries.of(false, false, false, true), Arbitraries.integers().between(0, 40).injectNull(0.15),
                Arbitraries.integers().between(0, 8), Arbitraries.integers().between(0, 20).injectNull(0.4))
                .as(TaskSpec::new);
        Arbitrary<DependencySpec> dependency = Combinators.combine(Arbitraries.integers().between(0, 20),
                Arbitraries.integers().between(0, 20), Arbitraries.of(DependencyType.class),
                Arbitraries.integers().between(0, 2), Arbitraries.of(true, true, false)).as(DependencySpec::new);
        Arbitrary<ChangeSpec> change = Combinators.combine(Arbitraries.of(true, true, false),
                Arbitraries.integers().between(0, 20), Arbitraries.integers().between(-5, 50),
                Arbitraries.integers().between(0, 8)).as(ChangeSpec::new);
        return Combinators.combine(task.list().ofMinSize(1).ofMaxSize(8), dependency.list().ofMaxSize(5),
                change.list().ofMinSize(1).ofMaxSize(4)).as(Scenario::new);
    }
}
