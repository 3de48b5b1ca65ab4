package io.boxsync.core.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.boxsync.connector.IssueKey;
import io.boxsync.connector.StatusCategory;
import io.boxsync.core.domain.Box;
import io.boxsync.core.domain.BoxKind;
import io.boxsync.core.domain.BoxScope;
import io.boxsync.core.domain.BoxStatus;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.core.domain.Dependency;
import io.boxsync.core.domain.DependencyType;
import io.boxsync.core.domain.Task;
import io.boxsync.core.domain.TaskId;
import io.boxsync.core.domain.TaskMode;
import io.boxsync.core.domain.WbsBuilder;
import io.boxsync.core.domain.WbsNode;
import io.boxsync.core.fakes.InMemoryTransactor;
import io.boxsync.core.fakes.ManualClock;
import io.boxsync.core.port.Stores;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Recalculating only the changed task's neighbourhood (read by index) gives the dates a recalculation of the whole
 * Box gives, and a move planned over the neighbourhood is the move planned over the whole Box: for random Boxes
 * (WBS trees under tasks and groups, parent and epic keys, strong and soft dependencies, every task mode) under both
 * date rules.
 */
class DateNeighbourhoodProperties {

    private static final LocalDate BASE = LocalDate.of(2026, 12, 1);
    private static final ConnectionId JIRA = ConnectionId.of(1);

    record TaskSpec(TaskMode mode, boolean done, Integer start, int duration, Integer wbsParent, Integer parentKey,
                    Integer epicKey) {
    }

    record DependencySpec(int from, int to, DependencyType type, int lag, boolean strong) {
    }

    record Scenario(List<TaskSpec> tasks, List<DependencySpec> dependencies, int changed, int newStart,
                    int newDuration, boolean scheduler) {
    }

    private record World(InMemoryTransactor tx, Box box, List<Task> tasks, DateRules rules) {
    }

    @Property(tries = 300)
    void recalculatingTheNeighbourhoodGivesTheDatesOfAWholeBoxRecalculation(@ForAll("boxes") Scenario scenario) {
        World world = world(scenario);
        Task changed = world.tasks().get(scenario.changed());
        Task moved = changed.withDates(BASE.plusDays(scenario.newStart()),
                BASE.plusDays(scenario.newStart() + scenario.newDuration()));
        world.tx().run(s -> s.tasks().updateAll(List.of(moved)));

        Map<TaskId, String> whole = world.tx().inTransaction(s -> dates(world.rules().recalculate(
                s.contents().tasks(world.box().id()), s.contents().wbs(world.box().id()),
                s.dependencies().ofBox(world.box().id()))));
        Map<TaskId, String> byIndex = world.tx().inTransaction(s -> {
            DateNeighbourhood around = DateNeighbourhood.of(s, world.box().id(), moved.id());
            return dates(world.rules().recalculate(around.tasks(), around.wbs(), around.dependencies()));
        });
        Map<TaskId, String> byList = world.tx().inTransaction(s -> {
            DateNeighbourhood around = DateNeighbourhood.of(s, world.box().id(), moved.id(),
                    s.contents().wbs(world.box().id()));
            return dates(world.rules().recalculate(around.tasks(), around.wbs(), around.dependencies()));
        });

        assertThat(byIndex).isEqualTo(whole);
        assertThat(byList).isEqualTo(whole);
    }

    @Property(tries = 300)
    void aMovePlannedOverTheNeighbourhoodIsTheMovePlannedOverTheWholeBox(@ForAll("boxes") Scenario scenario) {
        World world = world(scenario);
        Task task = world.tasks().get(scenario.changed());
        LocalDate start = BASE.plusDays(scenario.newStart());
        LocalDate end = start.plusDays(scenario.newDuration());

        DateRules.MovePlan whole = world.tx().inTransaction(s -> world.rules().move(task, start, end,
                s.contents().tasks(world.box().id()), s.contents().wbs(world.box().id()),
                s.dependencies().ofBox(world.box().id())));
        DateRules.MovePlan around = world.tx().inTransaction(s -> {
            DateNeighbourhood n = DateNeighbourhood.of(s, world.box().id(), task.id());
            return world.rules().move(task, start, end, n.tasks(), n.wbs(), n.dependencies());
        });

        assertThat(around.refused()).isEqualTo(whole.refused());
        assertThat(around.reason()).isEqualTo(whole.reason());
        assertThat(dates(around.moved())).isEqualTo(dates(whole.moved()));
        if (!whole.moved().isEmpty()) {
            assertThat(around.moved().get(0).id()).isEqualTo(whole.moved().get(0).id());
        }
    }

    /** The Box stored, then brought to the fixed point of its rules, as full sync leaves it. */
    private static World world(Scenario scenario) {
        InMemoryTransactor tx = new InMemoryTransactor();
        DateRules rules = scenario.scheduler()
                ? new SchedulerDateRules(ManualClock.at("2026-11-27T10:00:00Z")) : new SimpleDateRules();
        List<TaskSpec> specs = scenario.tasks();
        return tx.inTransaction(s -> {
            Box box = s.boxes().create("Random", BoxKind.PROGRAM, null, BoxStatus.IN_PROGRESS, BoxScope.none(), null,
                    List.of(WbsBuilder.of(WbsBuilder.Kind.PROJECT), WbsBuilder.of(WbsBuilder.Kind.PARENT)),
                    TaskMode.AUTO_BASIC);
            List<Task> fresh = new ArrayList<>();
            for (int i = 0; i < specs.size(); i++) {
                TaskSpec spec = specs.get(i);
                LocalDate start = spec.start() == null ? null : BASE.plusDays(spec.start());
                LocalDate end = start == null ? null : start.plusDays(spec.duration());
                fresh.add(new Task(null, JIRA, key(i), "Task " + i, "PRJ", "Story", "s",
                        spec.done() ? StatusCategory.DONE : StatusCategory.IN_PROGRESS, null, null, start, end, null,
                        null, List.of(), List.of(), List.of(), other(spec.parentKey(), i), other(spec.epicKey(), i),
                        spec.mode(), null));
            }
            List<Task> tasks = s.tasks().insertAll(fresh);
            s.contents().add(box.id(), tasks.stream().map(Task::id).toList());
            s.contents().replaceWbs(box.id(), wbs(specs, tasks));
            for (DependencySpec d : scenario.dependencies()) {
                int from = d.from() % specs.size();
                int to = d.to() % specs.size();
                if (from < to) {
                    s.dependencies().insert(new Dependency(null, tasks.get(from).id(), tasks.get(to).id(), d.type(),
                            d.strong(), d.lag(), null));
                }
            }
            settle(s, box, rules);
            return new World(tx, box, s.tasks().findAll(tasks.stream().map(Task::id).toList()), rules);
        });
    }

    private static void settle(Stores s, Box box, DateRules rules) {
        for (int round = 0; round < 5; round++) {
            List<Task> moved = rules.recalculate(s.contents().tasks(box.id()), s.contents().wbs(box.id()),
                    s.dependencies().ofBox(box.id()));
            if (moved.isEmpty()) {
                return;
            }
            s.tasks().updateAll(moved);
        }
    }

    /** Task i under the node of an earlier task, or under the project group, or at the top. */
    private static List<WbsNode> wbs(List<TaskSpec> specs, List<Task> tasks) {
        List<WbsNode> nodes = new ArrayList<>();
        nodes.add(new WbsNode("g:PROJECT:PRJ", null, 0, null, WbsBuilder.Kind.PROJECT, "PRJ"));
        for (int i = 0; i < tasks.size(); i++) {
            Integer parent = specs.get(i).wbsParent();
            String parentId = parent == null ? null
                    : parent < 0 || i == 0 ? "g:PROJECT:PRJ" : WbsNode.taskNodeId(tasks.get(parent % i).id());
            nodes.add(new WbsNode(WbsNode.taskNodeId(tasks.get(i).id()), parentId, i + 1, tasks.get(i).id(), null,
                    "Task " + i));
        }
        return nodes;
    }

    private static IssueKey key(int i) {
        return IssueKey.of("PRJ-" + (i + 1));
    }

    private static IssueKey other(Integer index, int self) {
        return index == null || index == self ? null : key(index);
    }

    private static Map<TaskId, String> dates(List<Task> tasks) {
        Map<TaskId, String> out = new TreeMap<>();
        tasks.forEach(t -> out.put(t.id(), t.start() + ".." + t.end()));
        return out;
    }

    @Provide
    Arbitrary<Scenario> boxes() {
        Arbitrary<TaskSpec> task = Combinators.combine(
                Arbitraries.of(TaskMode.values()),
                Arbitraries.integers().between(0, 9).map(i -> i == 0),
                Arbitraries.integers().between(-30, 60).injectNull(0.15),
                Arbitraries.integers().between(0, 12),
                Arbitraries.integers().between(-3, 40).injectNull(0.3),
                Arbitraries.integers().between(0, 40).injectNull(0.7),
                Arbitraries.integers().between(0, 40).injectNull(0.85)).as(TaskSpec::new);
        Arbitrary<DependencySpec> dependency = Combinators.combine(
                Arbitraries.integers().between(0, 40), Arbitraries.integers().between(0, 40),
                Arbitraries.of(DependencyType.values()), Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 4).map(i -> i > 0)).as(DependencySpec::new);
        return Arbitraries.integers().between(2, 30).flatMap(n -> Combinators.combine(
                task.list().ofSize(n).map(DateNeighbourhoodProperties::withinBox),
                dependency.list().ofMaxSize(n),
                Arbitraries.integers().between(0, n - 1),
                Arbitraries.integers().between(-20, 70),
                Arbitraries.integers().between(0, 10),
                Arbitraries.of(true, false)).as(Scenario::new));
    }

    /** Keys name tasks of the Box (index modulo its size). */
    private static List<TaskSpec> withinBox(List<TaskSpec> specs) {
        int n = specs.size();
        return specs.stream().map(t -> new TaskSpec(t.mode(), t.done(), t.start(), t.duration(), t.wbsParent(),
                t.parentKey() == null ? null : t.parentKey() % n, t.epicKey() == null ? null : t.epicKey() % n))
                .toList();
    }
}
