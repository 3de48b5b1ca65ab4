package io.boxsync.core.sync;

import io.boxsync.connector.IssueKey;
import io.boxsync.connector.IterationRef;
import io.boxsync.connector.RemoteEvent;
import io.boxsync.connector.RemotePermission;
import io.boxsync.connector.RemoteWrite;
import io.boxsync.core.domain.AuthorKind;
import io.boxsync.core.domain.Box;
import io.boxsync.core.domain.BoxStatus;
import io.boxsync.core.domain.Change;
import io.boxsync.core.domain.ChangeKind;
import io.boxsync.core.domain.ChangeOrigin;
import io.boxsync.core.domain.Dependency;
import io.boxsync.core.domain.DependencyType;
import io.boxsync.core.domain.Task;
import io.boxsync.core.domain.TaskMode;
import io.boxsync.core.fakes.FakeConnector;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class AppActionsTest {
    private static final LocalDate DEC_1 = LocalDate.of(2026, 12, 1);
    private static final LocalDate DEC_5 = LocalDate.of(2026, 12, 5);
    private final Fixture f = new Fixture();
    private final SyncService service = new SyncService(f.env(), "worker-1");
    private Box box;

    private void syncedBox() {
        f.jira.create("PRJ-1", "PRJ", "Parent");
        f.jira.create("PRJ-2", "PRJ", "Child");
        f.jira.create("PRJ-3", "PRJ", "Other");
        f.jira.update("PRJ-1", i -> FakeConnector.withDates(i, LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30)));
        f.jira.update("PRJ-2", i -> FakeConnector.withDates(FakeConnector.withParent(i, IssueKey.of("PRJ-1")),
                LocalDate.of(2026, 11, 2), LocalDate.of(2026, 11, 3)));
        box = f.ownBox("Program", "PRJ");
        service.openBox(box.id(), f.editor, BoxModule.GANTT);
    }

    private void setMode(String key, TaskMode mode) {
        Task t = f.task(key).withMode(mode);
        f.tx.run(s -> s.tasks().updateAll(List.of(t)));
    }

    private void assertNothingChanged(int changesBefore, int outboxBefore) {
        assertThat(f.jira.writes()).isEmpty();
        assertThat(f.allChanges()).hasSize(changesBefore);
        assertThat(f.tx.committedOutboxEntries()).isEqualTo(outboxBefore);
        assertThat(f.pendingEvents()).isZero();
    }

    @Test
    void movingATaskWritesWithTheUsersOwnCredentialsAndRecordsTheChangeAsTheCurrentUser() {
        syncedBox();

        ActionResult result = service.moveOnTimeline(f.editor, box.id(), f.task("PRJ-3").id(), DEC_1, DEC_5);

        assertThat(result.applied()).isTrue();
        assertThat(f.jira.writes()).singleElement().isInstanceOf(RemoteWrite.SetDates.class);
        assertThat(f.jira.issue("PRJ-3").orElseThrow().start()).isEqualTo(DEC_1);
        assertThat(f.task("PRJ-3").end()).isEqualTo(DEC_5);
        assertThat(result.changes()).extracting(Change::field).contains("start", "end");
        assertThat(result.changes()).allSatisfy(c -> {
            assertThat(c.origin()).isEqualTo(ChangeOrigin.PARTIAL_APP);
            assertThat(c.author().kind()).isEqualTo(AuthorKind.CURRENT_USER);
            assertThat(c.author().user()).isEqualTo(f.editor);
        });
        assertThat(f.tx.committedOutboxEntries()).isEqualTo(1);
    }

    @Test
    void anActionWithoutRemotePermissionChangesNothingAnywhere() {
        syncedBox();
        f.jira.permit("acc-eve", IssueKey.of("PRJ-3"), RemotePermission.BROWSE);
        int changes = f.allChanges().size();
        int outbox = f.tx.committedOutboxEntries();
        Task before = f.task("PRJ-3");

        ActionResult result = service.moveOnTimeline(f.editor, box.id(), before.id(), DEC_1, DEC_5);

        assertThat(result.isRefused()).isTrue();
        assertThat(result.reason()).contains("PRJ-3").contains("your own permission");
        assertThat(f.task("PRJ-3")).isEqualTo(before);
        assertThat(f.jira.calls("apply")).isZero();
        assertNothingChanged(changes, outbox);
    }

    @Test
    void aRecentPermissionInTheProjectSparesTheCheckButTheToolStillRefusesAndTheRefusalIsRemembered() {
        syncedBox();
        Task other = f.task("PRJ-3");
        assertThat(service.moveOnTimeline(f.editor, box.id(), other.id(), DEC_1, DEC_5).applied()).isTrue();
        int checks = f.jira.calls("permissions");
        f.jira.permit("acc-eve", IssueKey.of("PRJ-3"), RemotePermission.BROWSE);

        ActionResult cached = service.moveOnTimeline(f.editor, box.id(), other.id(), DEC_5, DEC_5.plusDays(2));

        assertThat(f.jira.calls("permissions")).as("the project's permission seen just before").isEqualTo(checks);
        assertThat(cached.isRefused()).isTrue();
        assertThat(cached.reason()).contains("the tool refused").contains("PRJ-3");
        assertThat(f.task("PRJ-3").start()).isEqualTo(DEC_1);

        ActionResult checked = service.moveOnTimeline(f.editor, box.id(), other.id(), DEC_5, DEC_5.plusDays(2));

        assertThat(f.jira.calls("permissions")).isEqualTo(checks + 1);
        assertThat(checked.reason()).contains("your own permission");
    }

    @Test
    void aPermissionSeenLongerAgoThanTheCacheLifetimeIsCheckedAgain() {
        syncedBox();
        Task other = f.task("PRJ-3");
        assertThat(service.moveOnTimeline(f.editor, box.id(), other.id(), DEC_1, DEC_5).applied()).isTrue();
        int checks = f.jira.calls("permissions");
        f.jira.permit("acc-eve", IssueKey.of("PRJ-3"), RemotePermission.BROWSE);
        f.clock.advance(AppActions.PERMISSION_TTL.plusSeconds(1));

        ActionResult result = service.moveOnTimeline(f.editor, box.id(), other.id(), DEC_5, DEC_5.plusDays(2));

        assertThat(f.jira.calls("permissions")).isEqualTo(checks + 1);
        assertThat(result.reason()).contains("your own permission");
    }

    @Test
    void aCascadeIsCheckedAgainstTheUsersPermissionOnEveryTaskItMoves() {
        syncedBox();
        setMode("PRJ-1", TaskMode.AUTO_TOP_DOWN);
        f.jira.permit("acc-eve", IssueKey.of("PRJ-2"), RemotePermission.BROWSE);
        int changes = f.allChanges().size();

        ActionResult result = service.moveOnTimeline(f.editor, box.id(), f.task("PRJ-1").id(),
                LocalDate.of(2026, 11, 11), LocalDate.of(2026, 12, 10));

        assertThat(result.reason()).contains("PRJ-2");
        assertNothingChanged(changes, 0);
    }

    @Test
    void aTopDownParentTakesItsChildrenAlongInTheSameAction() {
        syncedBox();
        setMode("PRJ-1", TaskMode.AUTO_TOP_DOWN);

        ActionResult result = service.moveOnTimeline(f.editor, box.id(), f.task("PRJ-1").id(),
                LocalDate.of(2026, 11, 11), LocalDate.of(2026, 12, 10));

        assertThat(result.applied()).isTrue();
        assertThat(f.jira.writes()).hasSize(2);
        assertThat(f.task("PRJ-2").start()).isEqualTo(LocalDate.of(2026, 11, 12));
        assertThat(f.jira.issue("PRJ-2").orElseThrow().start()).isEqualTo(LocalDate.of(2026, 11, 12));
    }

    @Test
    void theChecksRefuseInOrderBeforeAnythingIsWritten() {
        syncedBox();
        int changes = f.allChanges().size();
        Task task = f.task("PRJ-3");

        assertThat(service.moveOnTimeline(f.viewer, box.id(), task.id(), DEC_1, DEC_5).reason()).contains("Editor");
        setMode("PRJ-3", TaskMode.LOCKED);
        assertThat(service.moveOnTimeline(f.editor, box.id(), task.id(), DEC_1, DEC_5).reason()).contains("Locked");
        setMode("PRJ-3", TaskMode.AUTO_BASIC);
        setMode("PRJ-1", TaskMode.AUTO_BOTTOM_UP);
        assertThat(service.moveOnTimeline(f.editor, box.id(), f.task("PRJ-1").id(), DEC_1, DEC_5).reason())
                .contains("bottom-up");
        f.tx.run(s -> s.accounts().unlink(f.editor, f.connection));
        assertThat(service.moveOnTimeline(f.editor, box.id(), task.id(), DEC_1, DEC_5).reason())
                .contains("link your own");
        f.updateBox(box.id(), b -> b.withStatus(BoxStatus.CLOSED));
        assertThat(service.moveOnTimeline(f.admin, box.id(), task.id(), DEC_1, DEC_5).reason()).contains("closed");

        assertNothingChanged(changes, 0);
    }

    @Test
    void aToolRefusalStoresNothing() {
        syncedBox();
        f.jira.refuseWrites(new io.boxsync.connector.ConnectorException(
                io.boxsync.connector.ConnectorException.Kind.CONFLICT, "the sprint is closed"));
        Task before = f.task("PRJ-3");
        int changes = f.allChanges().size();

        ActionResult result = service.moveToCadence(f.editor, box.id(), before.id(),
                new IterationRef(IterationRef.Kind.SPRINT, "7", "Sprint 7"));

        assertThat(result.isRefused()).isTrue();
        assertThat(result.reason()).contains("the sprint is closed");
        assertThat(f.task("PRJ-3")).isEqualTo(before);
        assertThat(f.allChanges()).hasSize(changes);
    }

    @Test
    void movingToAnotherCadenceWritesTheIterationAsTheUser() {
        syncedBox();
        IterationRef sprint = new IterationRef(IterationRef.Kind.SPRINT, "7", "Sprint 7");

        ActionResult result = service.moveToCadence(f.editor, box.id(), f.task("PRJ-3").id(), sprint);

        assertThat(result.applied()).isTrue();
        assertThat(f.task("PRJ-3").iterations()).containsExactly(sprint);
        assertThat(f.jira.issue("PRJ-3").orElseThrow().iterations()).containsExactly(sprint);
    }

    @Test
    void theEchoOfOurOwnWriteIsNotAppliedTwiceNorAttributedToAnyoneElse() {
        syncedBox();
        Task task = f.task("PRJ-3");
        service.moveOnTimeline(f.editor, box.id(), task.id(), DEC_1, DEC_5);
        String writeId = f.jira.writes().get(0).writeId();
        int changes = f.allChanges().size();
        service.acceptEvents(f.connection, List.of(
                new RemoteEvent("echo-1", RemoteEvent.Type.UPDATED, IssueKey.of("PRJ-3"), f.clock.now(), "acc-eve",
                        "Eve", writeId),
                new RemoteEvent("echo-2", RemoteEvent.Type.UPDATED, IssueKey.of("PRJ-3"), f.clock.now(), "acc-eve",
                        "Eve", null)));
        f.clock.advance(Duration.ofSeconds(6));

        service.processEvents();

        assertThat(f.allChanges()).hasSize(changes);
        assertThat(f.task("PRJ-3").start()).isEqualTo(DEC_1);
    }

    @Test
    void anEchoArrivingBeforeTheActionCommitsIsAttributedToTheActingUserOnce() {
        syncedBox();
        Task task = f.task("PRJ-3");
        service.moveOnTimeline(f.editor, box.id(), task.id(), DEC_1, DEC_5);
        String writeId = f.jira.writes().get(0).writeId();
        // Simulate the race: the stored task still has the old dates when the echo is processed.
        f.tx.run(s -> s.tasks().updateAll(List.of(task)));
        service.acceptEvents(f.connection, List.of(new RemoteEvent("echo-1", RemoteEvent.Type.UPDATED,
                IssueKey.of("PRJ-3"), f.clock.now(), "acc-eve", "Eve", writeId)));
        f.clock.advance(Duration.ofSeconds(6));

        service.processEvents();

        var taskId = task.id();
        List<Change> last = f.read(s -> s.changes().ofTask(taskId, 2, Optional.empty()));
        assertThat(last).extracting(Change::field).containsExactlyInAnyOrder("start", "end");
        assertThat(last).allSatisfy(c -> {
            assertThat(c.origin()).isEqualTo(ChangeOrigin.PARTIAL_APP);
            assertThat(c.author().kind()).isEqualTo(AuthorKind.CURRENT_USER);
            assertThat(c.author().user()).isEqualTo(f.editor);
            assertThat(c.cause()).contains(writeId);
        });
    }

    @Test
    void linkingTwoTasksCreatesTheRemoteLinkAndItsEchoAddsNoSecondDependency() {
        syncedBox();
        Task a = f.task("PRJ-1");
        Task b = f.task("PRJ-3");

        ActionResult result = service.link(f.editor, box.id(), a.id(), b.id(), DependencyType.FS);

        assertThat(result.applied()).isTrue();
        assertThat(f.jira.writes()).singleElement().isInstanceOf(RemoteWrite.CreateLink.class);
        List<Dependency> deps = f.dependencies(box.id());
        assertThat(deps).singleElement().satisfies(d -> assertThat(d.remoteLinkId()).isNotNull());
        int changes = f.allChanges().size();
        String writeId = f.jira.writes().get(0).writeId();
        service.acceptEvents(f.connection, List.of(new RemoteEvent("echo", RemoteEvent.Type.UPDATED,
                IssueKey.of("PRJ-1"), f.clock.now(), "acc-eve", "Eve", writeId)));
        f.clock.advance(Duration.ofSeconds(6));
        service.processEvents();

        assertThat(f.dependencies(box.id())).hasSize(1);
        assertThat(f.allChanges()).hasSize(changes);

        ActionResult unlinked = service.unlink(f.editor, box.id(), deps.get(0).id());

        assertThat(unlinked.applied()).isTrue();
        assertThat(f.dependencies(box.id())).isEmpty();
        assertThat(f.jira.issue("PRJ-1").orElseThrow().links()).isEmpty();
    }

    @Test
    void linkingWithoutTheLinkPermissionIsRefusedAndNothingIsWritten() {
        syncedBox();
        f.jira.permit("acc-eve", IssueKey.of("PRJ-3"), RemotePermission.BROWSE, RemotePermission.EDIT);

        ActionResult result = service.link(f.editor, box.id(), f.task("PRJ-1").id(), f.task("PRJ-3").id(),
                DependencyType.FS);

        assertThat(result.reason()).contains("PRJ-3");
        assertThat(f.jira.writes()).isEmpty();
        assertThat(f.dependencies(box.id())).isEmpty();
    }

    @Test
    void basicTasksChangeOnlyInBoxsync() {
        syncedBox();
        Task basic = f.read(s -> {
            Task t = s.tasks().insertAll(List.of(new Task(null, null, null, "Workshop", null, null, null, null, null,
                    null, null, null, null, null, List.of(), List.of(), List.of(), null, null, TaskMode.MANUAL,
                    null))).get(0);
            s.contents().add(box.id(), List.of(t.id()));
            return t;
        });

        ActionResult result = service.moveOnTimeline(f.editor, box.id(), basic.id(), DEC_1, DEC_5);

        assertThat(result.applied()).isTrue();
        assertThat(f.jira.calls("apply")).isZero();
        assertThat(f.jira.calls("permissions")).isZero();
        Task stored = f.read(s -> s.tasks().find(basic.id()).orElseThrow());
        assertThat(stored.start()).isEqualTo(DEC_1);
        assertThat(result.changes()).extracting(Change::kind).containsOnly(ChangeKind.TASK_UPDATED);
    }
}
