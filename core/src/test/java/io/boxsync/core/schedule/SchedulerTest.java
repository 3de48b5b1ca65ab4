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
import io.boxsync.core.schedule.DateChange.Cause;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchedulerTest {

    static final LocalDate TODAY = LocalDate.of(2030, 1, 1);
    final Scheduler scheduler = new Scheduler(TODAY);

    static LocalDate d(int day) {
        return TODAY.plusDays(day);
    }

    static Task task(long id, TaskMode mode, Integer start, Integer end) {
        return new Task(TaskId.of(id), ConnectionId.of(1), IssueKey.of("PRJ-" + id), "t" + id, "PRJ", "Story", "Open",
                null, null, null, start == null ? null : d(start), end == null ? null : d(end), null, null, List.of(),
                List.of(), List.of(), null, null, mode, null);
    }

    static Task done(Task task) {
        return new Task(task.id(), task.connection(), task.key(), task.summary(), task.projectKey(), task.issueType(),
                "Done", StatusCategory.DONE, null, null, task.start(), task.end(), null, null, List.of(), List.of(),
                List.of(), null, null, task.mode(), null);
    }

    static Dependency fs(long from, long to, int lag) {
        return new Dependency(null, TaskId.of(from), TaskId.of(to), DependencyType.FS, true, lag, null);
    }

    static ParentChild child(long parent, long child) {
        return new ParentChild(TaskId.of(parent), TaskId.of(child));
    }

    @Test
    void movingAPredecessorPushesItsAutoBasicSuccessorKeepingItsDuration() {
        TaskGraph graph = TaskGraph.of(List.of(task(1, TaskMode.MANUAL, 0, 4), task(2, TaskMode.AUTO_BASIC, 5, 7)),
                List.of(), List.of(fs(1, 2, 1)));

        ScheduleResult result = scheduler.schedule(graph, ScheduleChange.personMoves(TaskId.of(1), d(0), d(9)));

        assertThat(result.changes()).containsExactly(
                new DateChange(TaskId.of(1), d(0), d(4), d(0), d(9), Cause.MOVED_BY_PERSON, TaskId.of(1)),
                new DateChange(TaskId.of(2), d(5), d(7), d(11), d(13), Cause.PUSHED_BY_DEPENDENCY, TaskId.of(1)));
    }

    @Test
    void aBottomUpParentSpansItsChildrenAndRefusesAMoveByHand() {
        TaskGraph graph = TaskGraph.of(List.of(task(1, TaskMode.AUTO_BOTTOM_UP, null, null),
                task(2, TaskMode.AUTO_BASIC, 3, 5), task(3, TaskMode.MANUAL, 1, 2)), List.of(child(1, 2), child(1, 3)), List.of());

        ScheduleResult recalculated = scheduler.schedule(graph, ScheduleChange.recalculate());
        ScheduleResult moved = scheduler.schedule(graph, ScheduleChange.personMoves(TaskId.of(1), d(0), d(1)));

        assertThat(recalculated.changes()).containsExactly(
                new DateChange(TaskId.of(1), null, null, d(1), d(5), Cause.SPANS_CHILDREN, TaskId.of(2)));
        assertThat(moved.applied()).isFalse();
        assertThat(moved.reason()).contains("PRJ-1").contains("bottom-up");
    }

    @Test
    void movingATopDownParentTakesItsChildrenAlongButNotItsManualOrDoneOnes() {
        TaskGraph graph = TaskGraph.of(List.of(task(1, TaskMode.AUTO_TOP_DOWN, 0, 10), task(2, TaskMode.AUTO_BASIC, 2, 3),
                task(3, TaskMode.MANUAL, 4, 5), done(task(4, TaskMode.AUTO_BASIC, 6, 7))),
                List.of(child(1, 2), child(1, 3), child(1, 4)), List.of());

        ScheduleResult result = scheduler.schedule(graph, ScheduleChange.personMoves(TaskId.of(1), d(3), d(13)));

        assertThat(result.changes()).extracting(DateChange::task).containsExactly(TaskId.of(1), TaskId.of(2));
        assertThat(result.changes().get(1).newStart()).isEqualTo(d(5));
        assertThat(result.changes().get(1).cause()).isEqualTo(Cause.MOVED_WITH_PARENT);
    }

    @Test
    void aChildOfATopDownParentMayNotBeMovedOutOfIt() {
        TaskGraph graph = TaskGraph.of(List.of(task(1, TaskMode.AUTO_TOP_DOWN, 0, 10), task(2, TaskMode.AUTO_BASIC, 2, 3)),
                List.of(child(1, 2)), List.of());

        ScheduleResult result = scheduler.schedule(graph, ScheduleChange.personMoves(TaskId.of(2), d(9), d(12)));

        assertThat(result.applied()).isFalse();
        assertThat(result.reason()).contains("inside");
    }

    @Test
    void aLockedTaskIsNeitherMovedByAPersonNorPushed() {
        TaskGraph graph = TaskGraph.of(List.of(task(1, TaskMode.MANUAL, 0, 4), task(2, TaskMode.LOCKED, 5, 7)),
                List.of(), List.of(fs(1, 2, 0)));

        assertThat(scheduler.schedule(graph, ScheduleChange.personMoves(TaskId.of(2), d(1), d(2))).reason()).contains("Locked");
        assertThat(scheduler.schedule(graph, ScheduleChange.personMoves(TaskId.of(1), d(0), d(20))).changes())
                .extracting(DateChange::task).containsExactly(TaskId.of(1));
    }

    @Test
    void aMoveThatAutomationWouldUndoIsRefusedNamingTheRule() {
        TaskGraph graph = TaskGraph.of(List.of(task(1, TaskMode.MANUAL, 0, 4), task(2, TaskMode.AUTO_BASIC, 5, 7)),
                List.of(), List.of(fs(1, 2, 0)));

        ScheduleResult result = scheduler.schedule(graph, ScheduleChange.personMoves(TaskId.of(2), d(1), d(2)));

        assertThat(result.applied()).isFalse();
        assertThat(result.reason()).contains("dependency on PRJ-1");
    }

    @Test
    void aCascadeBeyondTenYearsIsRefused() {
        TaskGraph graph = TaskGraph.of(List.of(task(1, TaskMode.MANUAL, 0, 4), task(2, TaskMode.AUTO_BASIC, 5, 7)),
                List.of(), List.of(fs(1, 2, 3650)));

        ScheduleResult result = scheduler.schedule(graph, ScheduleChange.personMoves(TaskId.of(1), d(1), d(5)));

        assertThat(result.applied()).isFalse();
        assertThat(result.reason()).contains("PRJ-2").contains("outside");
    }

    @Test
    void aDependencyCycleIsRefusedInsteadOfRunningForever() {
        TaskGraph graph = TaskGraph.of(List.of(task(1, TaskMode.AUTO_BASIC, 0, 4), task(2, TaskMode.AUTO_BASIC, 5, 7)),
                List.of(), List.of(fs(1, 2, 0), fs(2, 1, 0)));

        assertThat(scheduler.schedule(graph, ScheduleChange.recalculate()).applied()).isFalse();
    }

    @Test
    void remoteDatesAreTheBaselineAndOnlyWhatAutomationChangesOnTopIsReturned() {
        TaskGraph graph = TaskGraph.of(List.of(task(1, TaskMode.AUTO_BOTTOM_UP, 0, 5), task(2, TaskMode.AUTO_BASIC, 0, 5),
                task(3, TaskMode.AUTO_BASIC, 10, 12)), List.of(child(1, 2)), List.of(fs(2, 3, 0)));

        ScheduleResult moved = scheduler.schedule(graph, ScheduleChange.remoteData(TaskId.of(2), d(2), d(10)));
        ScheduleResult overridden = scheduler.schedule(graph, ScheduleChange.remoteData(TaskId.of(1), d(3), d(4)));

        assertThat(moved.changes()).containsExactly(
                new DateChange(TaskId.of(1), d(0), d(5), d(2), d(10), Cause.SPANS_CHILDREN, TaskId.of(2)),
                new DateChange(TaskId.of(3), d(10), d(12), d(11), d(13), Cause.PUSHED_BY_DEPENDENCY, TaskId.of(2)));
        assertThat(overridden.changes()).containsExactly(
                new DateChange(TaskId.of(1), d(3), d(4), d(0), d(5), Cause.SPANS_CHILDREN, TaskId.of(2)));
    }
}
