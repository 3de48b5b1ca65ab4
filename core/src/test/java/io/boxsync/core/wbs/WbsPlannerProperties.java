package io.boxsync.core.wbs;

import static io.boxsync.core.wbs.WbsFixtures.JIRA;
import static org.assertj.core.api.Assertions.assertThat;

import io.boxsync.connector.IssueKey;
import io.boxsync.connector.IterationRef;
import io.boxsync.core.domain.Task;
import io.boxsync.core.domain.TaskId;
import io.boxsync.core.domain.TaskMode;
import io.boxsync.core.domain.WbsBuilder;
import io.boxsync.core.domain.WbsBuilder.Kind;
import io.boxsync.core.domain.WbsNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

class WbsPlannerProperties {

    record Box(List<WbsBuilder> builders, List<Task> tasks, List<TaskLink> links) {
        WbsPlanner planner() {
            return new WbsPlanner(builders);
        }

        List<WbsNode> build() {
            return planner().build(tasks, links);
        }
    }

    @Property(tries = 200)
    void everyTaskAppearsExactlyOnce(@ForAll("boxes") Box box) {
        List<WbsNode> wbs = box.build();

        assertThat(wbs.stream().filter(n -> !n.isGroup()).map(WbsNode::task))
                .containsExactlyInAnyOrderElementsOf(box.tasks().stream().map(Task::id).toList());
        assertThat(wbs.stream().map(WbsNode::nodeId).distinct().count()).isEqualTo(wbs.size());
    }

    @Property(tries = 200)
    void theTreeHasNoCycleAndEveryParentExists(@ForAll("boxes") Box box) {
        List<WbsNode> wbs = box.build();
        Map<String, WbsNode> byId = wbs.stream().collect(Collectors.toMap(WbsNode::nodeId, n -> n));

        for (WbsNode node : wbs) {
            Set<String> seen = new HashSet<>();
            for (WbsNode at = node; at.parentId() != null; at = byId.get(at.parentId())) {
                assertThat(seen.add(at.nodeId())).as("cycle through %s", at.nodeId()).isTrue();
                assertThat(byId).containsKey(at.parentId());
            }
        }
    }

    @Property(tries = 200)
    void groupsAreNeverEmptyAndSiblingPositionsCountFromZero(@ForAll("boxes") Box box) {
        List<WbsNode> wbs = box.build();
        Map<String, List<Integer>> positions = new HashMap<>();
        wbs.forEach(n -> positions.computeIfAbsent(String.valueOf(n.parentId()), p -> new ArrayList<>()).add(n.position()));

        wbs.stream().filter(WbsNode::isGroup).forEach(group -> assertThat(positions).containsKey(group.nodeId()));
        positions.values().forEach(list -> assertThat(list.stream().sorted().toList())
                .isEqualTo(java.util.stream.IntStream.range(0, list.size()).boxed().toList()));
    }

    @Property(tries = 200)
    void theResultDoesNotDependOnTheInputOrder(@ForAll("boxes") Box box, @ForAll long seed) {
        List<Task> tasks = new ArrayList<>(box.tasks());
        List<TaskLink> links = new ArrayList<>(box.links());
        Collections.shuffle(tasks, new Random(seed));
        Collections.shuffle(links, new Random(seed + 1));

        assertThat(box.planner().build(tasks, links)).isEqualTo(box.build());
    }

    @Property(tries = 200)
    void placingOneChangedTaskAgreesWithAFullRebuild(@ForAll("boxes") Box box, @ForAll("tasks") Task replacement,
                                                     @ForAll("changeKinds") String change) {
        checkPlaceOneAgreesWithRebuild(box, replacement, change);
    }

    @Property(tries = 200)
    void placingOneChangedTaskAgreesWithAFullRebuildAlsoAmongCyclesOfParents(
            @ForAll("denseBoxes") Box box, @ForAll("denseTasks") Task replacement, @ForAll("changeKinds") String change) {
        checkPlaceOneAgreesWithRebuild(box, replacement, change);
    }

    private static void checkPlaceOneAgreesWithRebuild(Box box, Task replacement, String change) {
        List<WbsNode> before = box.build();
        List<Task> after = new ArrayList<>(box.tasks());
        Placement placement;
        if (change.equals("remove") && !after.isEmpty()) {
            Task removed = after.remove(Math.floorMod(replacement.hashCode(), after.size()));
            placement = box.planner().removeOne(before, removed, BoxTasks.of(after, box.links()));
        } else {
            boolean add = change.equals("add") || after.isEmpty();
            Assume.that(!add || replacement.key() == null || after.stream().noneMatch(t -> replacement.key().equals(t.key())));
            Task changed = add ? withId(replacement, TaskId.of(1000)) : replace(after, replacement);
            after.removeIf(t -> t.id().equals(changed.id()));
            after.add(changed);
            placement = box.planner().placeOne(before, changed, BoxTasks.of(after, box.links()));
        }
        Statistics.label("placed locally").collect(placement.placed());

        if (placement.placed()) {
            assertThat(placement.applyTo(before)).isEqualTo(box.planner().build(after, box.links()));
        } else {
            assertThat(placement.reason()).contains("ancestors");
        }
    }

    private static Task replace(List<Task> tasks, Task replacement) {
        Task old = tasks.get(Math.floorMod(replacement.hashCode(), tasks.size()));
        Task changed = new Task(old.id(), old.connection(), old.key(), replacement.summary(), replacement.projectKey(),
                old.issueType(), old.status(), old.statusCategory(), null, null, null, null, null, null,
                replacement.iterations(), replacement.components(), List.of(), replacement.parentKey(),
                replacement.epicKey(), old.mode(), null);
        return old.key() == null ? old.withMode(TaskMode.LOCKED) : changed;
    }

    private static Task withId(Task task, TaskId id) {
        return task.withId(id);
    }

    @Provide
    Arbitrary<String> changeKinds() {
        return Arbitraries.of("change", "change", "add", "remove");
    }

    @Provide
    Arbitrary<Box> boxes() {
        return boxes(12);
    }

    @Provide
    Arbitrary<Box> denseBoxes() {
        return boxes(4);
    }

    @Provide
    Arbitrary<Task> tasks() {
        return tasks(12);
    }

    @Provide
    Arbitrary<Task> denseTasks() {
        return tasks(4);
    }

    static Arbitrary<Box> boxes(int keyCount) {
        Arbitrary<List<WbsBuilder>> builders = Arbitraries.of(WbsBuilder.of(Kind.PROJECT), WbsBuilder.of(Kind.SPRINT),
                        WbsBuilder.of(Kind.COMPONENT), WbsBuilder.of(Kind.VERSION), WbsBuilder.of(Kind.EPIC),
                        WbsBuilder.of(Kind.PARENT), WbsBuilder.link("contains"))
                .list().uniqueElements().ofMaxSize(4);
        Arbitrary<List<Task>> tasks = tasks(keyCount).list().ofMaxSize(14).map(WbsPlannerProperties::distinctIdsAndKeys);
        Arbitrary<List<TaskLink>> links = Combinators.combine(keys(keyCount), keys(keyCount),
                        Arbitraries.of("contains", "blocks"))
                .as((from, to, type) -> new TaskLink(JIRA, from, to, type)).list().ofMaxSize(8);
        return Combinators.combine(builders, tasks, links).as(Box::new);
    }

    private static List<Task> distinctIdsAndKeys(List<Task> tasks) {
        List<Task> result = new ArrayList<>();
        Set<IssueKey> keys = new HashSet<>();
        for (Task task : tasks) {
            if (task.key() == null || keys.add(task.key())) {
                result.add(task.withId(TaskId.of(result.size() + 1)));
            }
        }
        return result;
    }

    static Arbitrary<IssueKey> keys(int keyCount) {
        return Arbitraries.integers().between(1, keyCount).map(i -> IssueKey.of("PRJ-" + i));
    }

    static Arbitrary<Task> tasks(int keyCount) {
        Arbitrary<String> project = Arbitraries.of("A", "B").injectNull(0.2);
        Arbitrary<List<IterationRef>> iterations = Arbitraries.of(
                List.<IterationRef>of(),
                List.of(new IterationRef(IterationRef.Kind.SPRINT, "1", "Sprint 1")),
                List.of(new IterationRef(IterationRef.Kind.SPRINT, "1", "Sprint 1"),
                        new IterationRef(IterationRef.Kind.SPRINT, "2", "Sprint 2")),
                List.of(new IterationRef(IterationRef.Kind.VERSION, "10", "1.0")),
                List.of(new IterationRef(IterationRef.Kind.VERSION, "a/b", "v/%"),
                        new IterationRef(IterationRef.Kind.SPRINT, "2", "Sprint 2")));
        Arbitrary<List<String>> components = Arbitraries.of(List.<String>of(), List.of("ui"), List.of("api", "ui"));
        Arbitrary<IssueKey> relation = Arbitraries.oneOf(keys(keyCount), Arbitraries.just(IssueKey.of("ELSEWHERE-1")))
                .injectNull(0.4);
        Arbitrary<Boolean> isBasic = Arbitraries.of(true, false, false, false, false, false);
        return Combinators.combine(keys(keyCount), project, iterations, components, relation, relation, isBasic,
                        Arbitraries.of("x", "y"))
                .as((key, proj, its, comps, parent, epic, basic, summary) -> basic
                        ? new Task(TaskId.of(1), null, null, summary, proj, null, null, null, null, null, null, null,
                        null, null, its, comps, List.of(), null, null, TaskMode.MANUAL, null)
                        : new Task(TaskId.of(1), JIRA, key, summary, proj, "Story", null, null, null, null, null, null,
                        null, null, its, comps, List.of(), parent, epic, TaskMode.AUTO_BASIC, null));
    }
}
