package io.boxsync.core.wbs;

import static io.boxsync.core.wbs.WbsFixtures.JIRA;
import static io.boxsync.core.wbs.WbsFixtures.basic;
import static io.boxsync.core.wbs.WbsFixtures.issue;
import static org.assertj.core.api.Assertions.assertThat;

import io.boxsync.connector.IssueKey;
import io.boxsync.core.domain.Task;
import io.boxsync.core.domain.TaskId;
import io.boxsync.core.domain.WbsBuilder;
import io.boxsync.core.domain.WbsBuilder.Kind;
import io.boxsync.core.domain.WbsNode;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class WbsPlannerTest {

    static Map<String, WbsNode> byId(List<WbsNode> nodes) {
        return nodes.stream().collect(Collectors.toMap(WbsNode::nodeId, Function.identity()));
    }

    static String parentOf(List<WbsNode> nodes, long taskId) {
        return byId(nodes).get("t:" + taskId).parentId();
    }

    @Test
    void aSubTaskWhoseParentIsInAnEpicStaysUnderItsParentWhichIsUnderTheEpic() {
        WbsPlanner planner = new WbsPlanner(List.of(WbsBuilder.of(Kind.EPIC), WbsBuilder.of(Kind.PARENT)));
        List<Task> tasks = List.of(issue(1, "PRJ-1", "PRJ", null, null, null),
                issue(2, "PRJ-2", "PRJ", null, "PRJ-1", null),
                issue(3, "PRJ-3", "PRJ", "PRJ-2", null, null));

        List<WbsNode> wbs = planner.build(tasks, List.of());

        assertThat(parentOf(wbs, 1)).isNull();
        assertThat(parentOf(wbs, 2)).isEqualTo("t:1");
        assertThat(parentOf(wbs, 3)).isEqualTo("t:2");
    }

    @Test
    void theFirstBuilderMakesTheTopLevelAndGroupsNestInBuilderOrder() {
        WbsPlanner planner = new WbsPlanner(List.of(WbsBuilder.of(Kind.PROJECT), WbsBuilder.of(Kind.SPRINT)));
        List<Task> tasks = List.of(issue(1, "A-1", "A", null, null, "5"), issue(2, "B-1", "B", null, null, null));

        List<WbsNode> wbs = planner.build(tasks, List.of());

        assertThat(wbs).extracting(WbsNode::nodeId).containsExactly("g:PROJECT:A", "g:PROJECT:A/SPRINT:5", "t:1",
                "g:PROJECT:B", "t:2");
        assertThat(byId(wbs).get("g:PROJECT:A/SPRINT:5").label()).isEqualTo("Sprint 5");
        assertThat(parentOf(wbs, 2)).isEqualTo("g:PROJECT:B");
    }

    @Test
    void siblingsAreOrderedByKeyWithNumbersComparedAsNumbersAndBasicTasksLast() {
        WbsPlanner planner = new WbsPlanner(List.of());
        List<Task> tasks = List.of(basic(4, "placeholder"), issue(1, "PRJ-10", null, null, null, null),
                issue(2, "PRJ-2", null, null, null, null), issue(3, "PRJ-9", null, null, null, null));

        assertThat(planner.build(tasks, List.of())).extracting(WbsNode::nodeId, WbsNode::position)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("t:2", 0), org.assertj.core.groups.Tuple.tuple("t:3", 1),
                        org.assertj.core.groups.Tuple.tuple("t:1", 2), org.assertj.core.groups.Tuple.tuple("t:4", 3));
    }

    @Test
    void aTaskWhoseParentIsNotInTheBoxGoesToTheTopOfItsGroup() {
        WbsPlanner planner = new WbsPlanner(List.of(WbsBuilder.of(Kind.PROJECT), WbsBuilder.of(Kind.PARENT)));

        List<WbsNode> wbs = planner.build(List.of(issue(1, "PRJ-1", "PRJ", "OTHER-7", null, null)), List.of());

        assertThat(parentOf(wbs, 1)).isEqualTo("g:PROJECT:PRJ");
    }

    @Test
    void anEarlierGroupingBuilderWinsOverALaterNestingBuilder() {
        WbsPlanner planner = new WbsPlanner(List.of(WbsBuilder.of(Kind.PROJECT), WbsBuilder.of(Kind.EPIC)));
        List<Task> tasks = List.of(issue(1, "A-1", "A", null, null, null), issue(2, "B-1", "B", null, "A-1", null));

        assertThat(parentOf(planner.build(tasks, List.of()), 2)).isEqualTo("g:PROJECT:B");
    }

    @Test
    void aCycleOfLinksIsBrokenAtTheTaskThatSortsFirst() {
        WbsPlanner planner = new WbsPlanner(List.of(WbsBuilder.link("contains")));
        List<Task> tasks = List.of(issue(1, "PRJ-1", null, null, null, null), issue(2, "PRJ-2", null, null, null, null));
        List<TaskLink> links = List.of(new TaskLink(JIRA, IssueKey.of("PRJ-1"), IssueKey.of("PRJ-2"), "contains"),
                new TaskLink(JIRA, IssueKey.of("PRJ-2"), IssueKey.of("PRJ-1"), "contains"));

        List<WbsNode> wbs = planner.build(tasks, links);

        assertThat(parentOf(wbs, 1)).isNull();
        assertThat(parentOf(wbs, 2)).isEqualTo("t:1");
    }

    @Test
    void placingOneChangedTaskWritesOnlyTheNodesThatMoved() {
        WbsPlanner planner = new WbsPlanner(List.of(WbsBuilder.of(Kind.PROJECT), WbsBuilder.of(Kind.EPIC)));
        List<Task> before = List.of(issue(1, "A-1", "A", null, null, null), issue(2, "A-2", "A", null, null, null),
                issue(3, "A-3", "A", null, null, null));
        List<WbsNode> wbs = planner.build(before, List.of());
        Task moved = issue(3, "A-3", "A", null, "A-1", null);
        List<Task> after = List.of(before.get(0), before.get(1), moved);

        Placement placement = planner.placeOne(wbs, moved, BoxTasks.of(after, List.of()));

        assertThat(placement.upserts()).extracting(WbsNode::nodeId).containsExactly("t:3");
        assertThat(placement.applyTo(wbs)).isEqualTo(planner.build(after, List.of()));
    }

    @Test
    void aManualMoveToAnotherProjectIsRefusedWithTheReason() {
        WbsPlanner planner = new WbsPlanner(List.of(WbsBuilder.of(Kind.PROJECT), WbsBuilder.of(Kind.EPIC)));
        List<Task> tasks = List.of(issue(1, "A-1", "A", null, null, null), issue(2, "B-1", "B", null, null, null));
        List<WbsNode> wbs = planner.build(tasks, List.of());

        MoveCheck check = planner.validateManualMove(wbs, TaskId.of(2), "g:PROJECT:A", BoxTasks.of(tasks, List.of()));

        assertThat(check.allowed()).isFalse();
        assertThat(check.reason()).contains("PROJECT").contains("B-1").contains("'B'");
    }

    @Test
    void aManualMoveUnderAnEpicOfTheSameProjectIsAllowedAndSetsTheEpic() {
        WbsPlanner planner = new WbsPlanner(List.of(WbsBuilder.of(Kind.PROJECT), WbsBuilder.of(Kind.EPIC)));
        List<Task> tasks = List.of(issue(1, "A-1", "A", null, null, null), issue(2, "A-2", "A", null, null, null));
        List<WbsNode> wbs = planner.build(tasks, List.of());

        MoveCheck check = planner.validateManualMove(wbs, TaskId.of(2), "t:1", BoxTasks.of(tasks, List.of()));

        assertThat(check.allowed()).isTrue();
        assertThat(check.writes()).containsExactly(new WbsWrite(WbsBuilder.of(Kind.EPIC), "A-1"));
    }

    @Test
    void aManualMoveUnderItsOwnSubTaskIsRefused() {
        WbsPlanner planner = new WbsPlanner(List.of(WbsBuilder.of(Kind.PARENT)));
        List<Task> tasks = List.of(issue(1, "A-1", null, null, null, null), issue(2, "A-2", null, "A-1", null, null));
        List<WbsNode> wbs = planner.build(tasks, List.of());

        MoveCheck check = planner.validateManualMove(wbs, TaskId.of(1), "t:2", BoxTasks.of(tasks, List.of()));

        assertThat(check.allowed()).isFalse();
        assertThat(check.reason()).contains("under itself");
    }

    @Test
    void removingAParentPutsItsChildrenAtTheTopOfTheirGroupsAndDropsEmptyGroups() {
        WbsPlanner planner = new WbsPlanner(List.of(WbsBuilder.of(Kind.SPRINT), WbsBuilder.of(Kind.PARENT)));
        List<Task> before = List.of(issue(1, "A-1", "A", null, null, "7"), issue(2, "A-2", "A", "A-1", null, null));
        List<WbsNode> wbs = planner.build(before, List.of());
        List<Task> after = List.of(before.get(1));

        Placement placement = planner.removeOne(wbs, before.get(0), BoxTasks.of(after, List.of()));

        assertThat(placement.removedNodeIds()).containsExactly("g:SPRINT:7", "t:1");
        assertThat(placement.applyTo(wbs)).isEqualTo(planner.build(after, List.of()));
    }

    @Test
    void aChangeThatClosesACycleOfParentsAsksForAFullRebuild() {
        WbsPlanner planner = new WbsPlanner(List.of(WbsBuilder.of(Kind.PARENT)));
        List<Task> before = List.of(issue(1, "A-1", null, null, null, null), issue(2, "A-2", null, "A-1", null, null));
        List<WbsNode> wbs = planner.build(before, List.of());
        Task closing = issue(1, "A-1", null, "A-2", null, null);

        Placement placement = planner.placeOne(wbs, closing, BoxTasks.of(List.of(closing, before.get(1)), List.of()));

        assertThat(placement.placed()).isFalse();
        assertThat(placement.reason()).contains("A-1").contains("A-2");
    }

    @Test
    void aManualMoveToAnotherSprintIsAllowedAndMovesTheIssueToThatSprint() {
        WbsPlanner planner = new WbsPlanner(List.of(WbsBuilder.of(Kind.PROJECT), WbsBuilder.of(Kind.SPRINT)));
        List<Task> tasks = List.of(issue(1, "A-1", "A", null, null, "7"), issue(2, "A-2", "A", null, null, "8"));
        List<WbsNode> wbs = planner.build(tasks, List.of());
        BoxTasks box = BoxTasks.of(tasks, List.of());

        MoveCheck toSprint = planner.validateManualMove(wbs, TaskId.of(1), "g:PROJECT:A/SPRINT:8", box);
        MoveCheck toBacklog = planner.validateManualMove(wbs, TaskId.of(1), "g:PROJECT:A", box);
        MoveCheck toTop = planner.validateManualMove(wbs, TaskId.of(1), null, box);

        assertThat(toSprint.writes()).containsExactly(new WbsWrite(WbsBuilder.of(Kind.SPRINT), "8"));
        assertThat(toBacklog.writes()).containsExactly(new WbsWrite(WbsBuilder.of(Kind.SPRINT), null));
        assertThat(toTop.allowed()).isFalse();
    }

    @Test
    void naturalOrderComparesNumbersByValue() {
        assertThat(List.of("PRJ-10", "PRJ-2", "PRJ-1", "ABC-3", "PRJ-02").stream().sorted(NaturalOrder.INSTANCE))
                .containsExactly("ABC-3", "PRJ-1", "PRJ-02", "PRJ-2", "PRJ-10");
    }
}
