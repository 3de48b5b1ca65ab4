package io.boxsync.core.sync;

import io.boxsync.connector.IssueKey;
import io.boxsync.connector.RemoteEvent;
import io.boxsync.core.domain.Box;
import io.boxsync.core.domain.Task;
import io.boxsync.core.domain.TaskMode;
import io.boxsync.core.fakes.FakeConnector;
import io.boxsync.core.fakes.StoreMeter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The project rule for partial sync: the store work of one tool event grows with the change, not with the Box. */
class PartialSyncCostTest {

    /** What processing one event cost, and the Box after it. */
    private record Cost(long taskRows, long dependencyRows, long calls, long wbsRows, Task parent, int wbsSize,
                        boolean wbsHoldsChild) {
    }

    /**
     * A Box of {@code size} tasks in project PRJ: PRJ-1 is an Auto bottom-up parent of PRJ-2..PRJ-4, the rest stand
     * alone; then the tool moves PRJ-2's dates and one event about it is processed.
     */
    private static Cost processOneDateEventInABoxOf(int size) {
        return processOneEventInABoxOf(size, i -> FakeConnector.withDates(i, LocalDate.of(2026, 12, 1),
                LocalDate.of(2026, 12, 9)));
    }

    /** The same Box; the tool changes PRJ-2 by {@code change} and one event about it is processed. */
    private static Cost processOneEventInABoxOf(int size,
                                                java.util.function.UnaryOperator<io.boxsync.connector.RemoteIssue> change) {
        Fixture f = new Fixture();
        for (int i = 1; i <= size; i++) {
            f.jira.create("PRJ-" + i, "PRJ", "Issue " + i);
        }
        for (int child = 2; child <= 4; child++) {
            f.jira.update("PRJ-" + child, i -> FakeConnector.withParent(i, IssueKey.of("PRJ-1")));
        }
        f.jira.pageSize(1000);
        SyncService service = new SyncService(f.env(), "worker-1");
        Box box = f.ownBox("Program", "PRJ");
        service.openBox(box.id(), f.editor, BoxModule.GANTT);
        Task parent = f.task("PRJ-1").withMode(TaskMode.AUTO_BOTTOM_UP);
        f.tx.run(s -> s.tasks().updateAll(List.of(parent)));
        f.jira.update("PRJ-2", change);
        service.acceptEvents(f.connection, List.of(new RemoteEvent("d1", RemoteEvent.Type.UPDATED,
                IssueKey.of("PRJ-2"), f.clock.now(), "acc-eve", "Eve", null)));
        f.clock.advance(Duration.ofSeconds(6));
        StoreMeter meter = f.tx.meter();
        meter.reset();

        assertThat(service.processEvents()).isEqualTo(1);

        Cost cost = new Cost(meter.taskRows(), meter.dependencyRows(), meter.calls(), meter.wbsRows(),
                f.task("PRJ-1"), f.wbs(box.id()).size(), false);
        var childId = f.task("PRJ-2").id();
        var parentNode = io.boxsync.core.domain.WbsNode.taskNodeId(parent.id());
        boolean nested = f.wbs(box.id()).stream()
                .anyMatch(n -> childId.equals(n.task()) && parentNode.equals(n.parentId()));
        return new Cost(cost.taskRows(), cost.dependencyRows(), cost.calls(), cost.wbsRows(), cost.parent(),
                cost.wbsSize(), nested);
    }

    @Test
    void oneEventReadsTheSameTaskAndDependencyRowsAndMakesTheSameStoreCallsInABoxOf100AndOf10000Tasks() {
        Cost small = processOneDateEventInABoxOf(100);
        Cost large = processOneDateEventInABoxOf(10_000);

        assertThat(small.parent().start()).isEqualTo(LocalDate.of(2026, 12, 1));
        assertThat(large.parent().start()).isEqualTo(LocalDate.of(2026, 12, 1));
        assertThat(large.parent().end()).isEqualTo(LocalDate.of(2026, 12, 9));
        assertThat(small.wbsHoldsChild()).isTrue();
        assertThat(large.wbsHoldsChild()).isTrue();
        assertThat(large.wbsSize()).isGreaterThan(10_000);
        assertThat(large.taskRows()).isEqualTo(small.taskRows()).isLessThan(30);
        assertThat(large.dependencyRows()).isEqualTo(small.dependencyRows());
        assertThat(large.calls()).isEqualTo(small.calls());
        assertThat(large.wbsRows()).isEqualTo(small.wbsRows()).isLessThan(30);
    }

    @Test
    void renamingAnIssueReadsAndWritesItsOwnWbsNodeOnlyInABoxOf100AndOf10000Tasks() {
        Cost small = processOneEventInABoxOf(100, i -> FakeConnector.withSummary(i, "Renamed"));
        Cost large = processOneEventInABoxOf(10_000, i -> FakeConnector.withSummary(i, "Renamed"));

        assertThat(large.wbsHoldsChild()).isTrue();
        assertThat(large.taskRows()).isEqualTo(small.taskRows()).isLessThan(30);
        assertThat(large.dependencyRows()).isEqualTo(small.dependencyRows());
        assertThat(large.wbsRows()).isEqualTo(small.wbsRows()).isLessThan(30);
        assertThat(large.calls()).isEqualTo(small.calls());
    }

    /**
     * The same Box of {@code size} tasks; PRJ-1 is an Auto top-down parent of PRJ-2..PRJ-4 (dated inside it), PRJ-5
     * follows PRJ-2 by a strong FS dependency; then a person moves PRJ-1 on the timeline, which takes its children
     * along and pushes PRJ-5.
     */
    private static Cost moveATaskInABoxOf(int size) {
        Fixture f = new Fixture();
        for (int i = 1; i <= size; i++) {
            f.jira.create("PRJ-" + i, "PRJ", "Issue " + i);
        }
        f.jira.update("PRJ-1", i -> FakeConnector.withDates(i, LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30)));
        for (int child = 2; child <= 4; child++) {
            f.jira.update("PRJ-" + child, i -> FakeConnector.withDates(FakeConnector.withParent(i, IssueKey.of("PRJ-1")),
                    LocalDate.of(2026, 11, 2), LocalDate.of(2026, 11, 3)));
        }
        f.jira.update("PRJ-5", i -> FakeConnector.withDates(i, LocalDate.of(2026, 11, 4), LocalDate.of(2026, 11, 5)));
        f.jira.pageSize(1000);
        SyncService service = new SyncService(f.env(), "worker-1");
        Box box = f.ownBox("Program", "PRJ");
        service.openBox(box.id(), f.editor, BoxModule.GANTT);
        Task parent = f.task("PRJ-1").withMode(TaskMode.AUTO_TOP_DOWN);
        f.tx.run(s -> s.tasks().updateAll(List.of(parent)));
        var dependency = new io.boxsync.core.domain.Dependency(null, f.task("PRJ-2").id(), f.task("PRJ-5").id(),
                io.boxsync.core.domain.DependencyType.FS, true, 0, null);
        f.tx.run(s -> s.dependencies().insert(dependency));
        StoreMeter meter = f.tx.meter();
        meter.reset();

        ActionResult result = service.moveOnTimeline(f.editor, box.id(), parent.id(), LocalDate.of(2026, 11, 11),
                LocalDate.of(2026, 12, 10));

        assertThat(result.applied()).as(result.reason()).isTrue();
        return new Cost(meter.taskRows(), meter.dependencyRows(), meter.calls(), meter.wbsRows(), f.task("PRJ-5"),
                f.wbs(box.id()).size(), false);
    }

    @Test
    void aMoveOnTheTimelineReadsTheSameRowsAndMakesTheSameStoreCallsInABoxOf100AndOf10000Tasks() {
        Cost small = moveATaskInABoxOf(100);
        Cost large = moveATaskInABoxOf(10_000);

        assertThat(small.parent().start()).isEqualTo(LocalDate.of(2026, 11, 14));
        assertThat(large.parent().start()).isEqualTo(LocalDate.of(2026, 11, 14));
        assertThat(large.wbsSize()).isGreaterThan(10_000);
        assertThat(large.taskRows()).isEqualTo(small.taskRows()).isLessThan(40);
        assertThat(large.dependencyRows()).isEqualTo(small.dependencyRows());
        assertThat(large.wbsRows()).isEqualTo(small.wbsRows()).isLessThan(40);
        assertThat(large.calls()).isEqualTo(small.calls());
    }
}
