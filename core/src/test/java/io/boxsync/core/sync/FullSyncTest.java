package io.boxsync.core.sync;

import io.boxsync.connector.IndexHealth;
import io.boxsync.connector.IssueKey;
import io.boxsync.connector.RemoteLink;
import io.boxsync.core.domain.AuthorKind;
import io.boxsync.core.domain.Box;
import io.boxsync.core.domain.BoxStatus;
import io.boxsync.core.domain.Change;
import io.boxsync.core.domain.ChangeKind;
import io.boxsync.core.domain.ChangeOrigin;
import io.boxsync.core.domain.DependencyType;
import io.boxsync.core.domain.SyncRun;
import io.boxsync.core.domain.WbsNode;
import io.boxsync.core.fakes.FakeConnector;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class FullSyncTest {
    private final Fixture f = new Fixture();
    private final FullSync sync = new FullSync(f.env());

    private Box boxWithFiveIssues() {
        for (int i = 1; i <= 5; i++) {
            f.jira.create("PRJ-" + i, "PRJ", "Issue " + i);
        }
        f.jira.create("OTHER-1", "OTHER", "not in scope");
        return f.ownBox("Program", "PRJ");
    }

    @Test
    void aFullSyncReadsTheScopeAsTheScopeOwnerAndRecordsEveryChangeWithItsAuthorAndRequester() {
        Box box = boxWithFiveIssues();

        FullSyncResult result = sync.run(FullSyncRequest.of(box.id(), f.editor, "opened"));

        assertThat(result.status()).isEqualTo(FullSyncResult.Status.COMPLETED);
        assertThat(f.keysIn(box.id())).containsExactly("PRJ-1", "PRJ-2", "PRJ-3", "PRJ-4", "PRJ-5");
        SyncRun run = result.run().orElseThrow();
        assertThat(run.counts()).isEqualTo(new SyncRun.Counts(5, 0, 0, 0));
        assertThat(run.pagesRead()).isEqualTo(3);
        assertThat(run.pagesTotal()).isEqualTo(3);
        List<Change> changes = f.history(box.id());
        assertThat(changes).filteredOn(c -> c.kind() == ChangeKind.TASK_ADDED).hasSize(5);
        assertThat(changes).allSatisfy(c -> {
            assertThat(c.origin()).isEqualTo(ChangeOrigin.FULL);
            assertThat(c.author().kind()).isEqualTo(AuthorKind.SCOPE_OWNER);
            assertThat(c.author().user()).isEqualTo(f.owner);
            assertThat(c.requester()).isEqualTo(f.editor);
            assertThat(c.run()).isEqualTo(run.id());
        });
        assertThat(f.box(box.id()).syncState().flagged()).isFalse();
        assertThat(f.box(box.id()).syncState().lastFullSync()).isEqualTo(f.clock.now());
        assertThat(f.wbs(box.id())).filteredOn(n -> !n.isGroup()).hasSize(5);
        assertThat(f.wbs(box.id())).filteredOn(WbsNode::isGroup).singleElement()
                .satisfies(g -> assertThat(g.label()).isEqualTo("PRJ"));
        assertThat(f.cursor(box.id())).isPresent();
    }

    @Test
    void aSecondRunUpdatesChangedFieldsCountsUnchangedOnesAndRemovesIssuesThatLeftTheScope() {
        Box box = boxWithFiveIssues();
        sync.run(FullSyncRequest.of(box.id(), f.editor, "first"));
        f.jira.update("PRJ-2", i -> FakeConnector.withSummary(i, "Renamed"));
        f.jira.delete("PRJ-5");

        SyncRun run = sync.run(FullSyncRequest.of(box.id(), f.editor, "second")).run().orElseThrow();

        assertThat(run.counts()).isEqualTo(new SyncRun.Counts(0, 1, 1, 3));
        assertThat(f.task("PRJ-2").summary()).isEqualTo("Renamed");
        assertThat(f.keysIn(box.id())).doesNotContain("PRJ-5");
        assertThat(f.history(box.id())).anySatisfy(c -> {
            assertThat(c.kind()).isEqualTo(ChangeKind.TASK_UPDATED);
            assertThat(c.field()).isEqualTo("summary");
            assertThat(c.oldValue()).isEqualTo("Issue 2");
            assertThat(c.newValue()).isEqualTo("Renamed");
        });
    }

    @Test
    void aCorruptedIndexStopsTheRunWithAClearReasonAndNothingChanges() {
        Box box = boxWithFiveIssues();
        f.jira.indexHealth(IndexHealth.corrupted("index out of date"));

        FullSyncResult result = sync.run(FullSyncRequest.of(box.id(), f.admin, "opened"));

        assertThat(result.status()).isEqualTo(FullSyncResult.Status.ABORTED);
        assertThat(result.reason()).contains("corrupted search index").contains("re-index");
        assertThat(f.keysIn(box.id())).isEmpty();
        assertThat(f.jira.calls("snapshot")).isZero();
        assertThat(f.box(box.id()).syncState().flagged()).isTrue();
    }

    @Test
    void aBoxAdminMayContinueWithoutReindexingForThatOneRunAndTheChoiceIsRecorded() {
        Box box = boxWithFiveIssues();
        f.jira.indexHealth(IndexHealth.corrupted("index out of date"));

        FullSyncResult overridden = sync.run(new FullSyncRequest(box.id(), f.admin, true, false, "re-sync"));
        f.box(box.id());
        FullSyncResult next = sync.run(FullSyncRequest.of(box.id(), f.admin, "re-sync"));

        assertThat(overridden.status()).isEqualTo(FullSyncResult.Status.COMPLETED);
        assertThat(overridden.run().orElseThrow().indexOverride()).isTrue();
        assertThat(f.keysIn(box.id())).hasSize(5);
        assertThat(next.status()).isEqualTo(FullSyncResult.Status.ABORTED);
        assertThat(next.run().orElseThrow().indexOverride()).isFalse();
    }

    @Test
    void onlyABoxAdminMayContinueWithoutReindexing() {
        Box box = boxWithFiveIssues();
        f.jira.indexHealth(IndexHealth.corrupted(""));

        FullSyncResult result = sync.run(new FullSyncRequest(box.id(), f.editor, true, false, "re-sync"));

        assertThat(result.status()).isEqualTo(FullSyncResult.Status.REFUSED);
        assertThat(f.runs(box.id())).isEmpty();
    }

    @Test
    void aFailedPageRemovesNothingAndAppliesNothing() {
        Box box = boxWithFiveIssues();
        sync.run(FullSyncRequest.of(box.id(), f.editor, "first"));
        int changesBefore = f.allChanges().size();
        f.jira.delete("PRJ-1");
        f.jira.update("PRJ-2", i -> FakeConnector.withSummary(i, "Renamed"));
        f.jira.failPage(1);

        FullSyncResult result = sync.run(FullSyncRequest.of(box.id(), f.editor, "second"));

        assertThat(result.status()).isEqualTo(FullSyncResult.Status.ABORTED);
        assertThat(result.reason()).contains("page 2").contains("nothing was changed");
        assertThat(f.keysIn(box.id())).contains("PRJ-1").hasSize(5);
        assertThat(f.task("PRJ-2").summary()).isEqualTo("Issue 2");
        assertThat(f.allChanges()).hasSize(changesBefore);
    }

    @Test
    void theBlastRadiusGuardHoldsAMassRemovalUntilABoxAdminConfirms() {
        Box box = boxWithFiveIssues();
        sync.run(FullSyncRequest.of(box.id(), f.editor, "first"));
        f.jira.delete("PRJ-1");
        f.jira.delete("PRJ-2");

        FullSyncResult held = sync.run(FullSyncRequest.of(box.id(), f.editor, "second"));

        assertThat(held.status()).isEqualTo(FullSyncResult.Status.HELD);
        assertThat(held.reason()).contains("2 of the Box's 5 tasks").contains("30%");
        assertThat(f.keysIn(box.id())).hasSize(5);
        assertThat(sync.confirmHeld(box.id(), f.editor).status()).isEqualTo(FullSyncResult.Status.REFUSED);

        FullSyncResult confirmed = sync.confirmHeld(box.id(), f.admin);

        assertThat(confirmed.status()).isEqualTo(FullSyncResult.Status.COMPLETED);
        assertThat(confirmed.run().orElseThrow().counts().removed()).isEqualTo(2);
        assertThat(f.keysIn(box.id())).containsExactly("PRJ-3", "PRJ-4", "PRJ-5");
        assertThat(f.history(box.id())).filteredOn(c -> c.kind() == ChangeKind.TASK_REMOVED)
                .allSatisfy(c -> assertThat(c.requester()).isEqualTo(f.admin));
    }

    @Test
    void aDiscardedHeldRunAppliesNothingAndIsRecordedAsDiscarded() {
        Box box = boxWithFiveIssues();
        sync.run(FullSyncRequest.of(box.id(), f.editor, "first"));
        f.jira.delete("PRJ-1");
        f.jira.delete("PRJ-2");
        SyncRun held = sync.run(FullSyncRequest.of(box.id(), f.editor, "second")).run().orElseThrow();

        FullSyncResult discarded = sync.discardHeld(box.id(), f.admin);

        assertThat(discarded.run().orElseThrow().id()).isEqualTo(held.id());
        assertThat(discarded.run().orElseThrow().outcome()).isEqualTo(SyncRun.Outcome.DISCARDED);
        assertThat(f.keysIn(box.id())).hasSize(5);
        assertThat(f.heldRun(box.id())).isEmpty();
    }

    @Test
    void aClosedBoxIsNeverSynchronized() {
        Box box = boxWithFiveIssues();
        f.tx.run(s -> s.boxes().update(box.withStatus(BoxStatus.CLOSED)));

        FullSyncResult result = sync.run(FullSyncRequest.of(box.id(), f.admin, "re-sync"));

        assertThat(result.status()).isEqualTo(FullSyncResult.Status.SKIPPED);
        assertThat(f.jira.calls("snapshot")).isZero();
        assertThat(f.runs(box.id())).isEmpty();
    }

    @Test
    void aScopeOwnerWithoutALinkedAccountIsRefusedClearly() {
        Box box = boxWithFiveIssues();
        f.tx.run(s -> s.accounts().unlink(f.owner, f.connection));

        FullSyncResult result = sync.run(FullSyncRequest.of(box.id(), f.admin, "re-sync"));

        assertThat(result.status()).isEqualTo(FullSyncResult.Status.REFUSED);
        assertThat(result.reason()).contains("Olivia").contains("no linked account").contains("Acme Jira");
    }

    @Test
    void theScopeIsReadWithTheScopeOwnersRightsOnly() {
        Box box = boxWithFiveIssues();
        f.jira.permit("acc-olivia", IssueKey.of("PRJ-3"));

        sync.run(FullSyncRequest.of(box.id(), f.admin, "re-sync"));

        assertThat(f.keysIn(box.id())).doesNotContain("PRJ-3").hasSize(4);
    }

    @Test
    void twoThreadsOpeningTheSameBoxRunOneFullSyncAndBothGetItsResult() throws Exception {
        Box box = boxWithFiveIssues();
        CountDownLatch gate = f.jira.holdSnapshots();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<FullSyncResult> first = pool.submit(() -> sync.run(FullSyncRequest.of(box.id(), f.editor, "a")));
            waitUntil(() -> f.jira.calls("snapshot") == 1);
            Future<FullSyncResult> second = pool.submit(() -> sync.run(FullSyncRequest.of(box.id(), f.admin, "b")));
            Thread.sleep(100);
            gate.countDown();

            FullSyncResult a = first.get(10, TimeUnit.SECONDS);
            FullSyncResult b = second.get(10, TimeUnit.SECONDS);

            assertThat(a.status()).isEqualTo(FullSyncResult.Status.COMPLETED);
            assertThat(b.run().orElseThrow().id()).isEqualTo(a.run().orElseThrow().id());
            assertThat(f.runs(box.id())).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anAdminsOverrideDoesNotJoinAPlainRunButRunsAfterIt() throws Exception {
        Box box = boxWithFiveIssues();
        CountDownLatch gate = f.jira.holdSnapshots();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<FullSyncResult> plain = pool.submit(() -> sync.run(FullSyncRequest.of(box.id(), f.editor, "a")));
            waitUntil(() -> f.jira.calls("snapshot") == 1);
            Future<FullSyncResult> override = pool.submit(() -> sync.run(new FullSyncRequest(box.id(), f.admin, true,
                    false, "continue without re-indexing")));
            Thread.sleep(100);
            gate.countDown();

            SyncRun first = plain.get(10, TimeUnit.SECONDS).run().orElseThrow();
            SyncRun second = override.get(10, TimeUnit.SECONDS).run().orElseThrow();
            assertThat(second.id()).isNotEqualTo(first.id());
            assertThat(first.indexOverride()).isFalse();
            assertThat(second.indexOverride()).isTrue();
            assertThat(f.runs(box.id())).hasSize(2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoEnginesSharingTheLocksRunOneFullSyncAndTheSecondReturnsTheFirstsResult() throws Exception {
        Box box = boxWithFiveIssues();
        f.settings = new SyncSettings(f.settings.fullSyncExpiry(), f.settings.coalescingInterval(),
                f.settings.lookback(), 0.3, f.settings.leaseDuration(), 3, Duration.ofSeconds(1),
                Duration.ofSeconds(10), Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofMinutes(10),
                Duration.ofSeconds(10), Duration.ofMillis(10), 10);
        FullSync nodeA = new FullSync(f.env());
        FullSync nodeB = new FullSync(f.env());
        CountDownLatch gate = f.jira.holdSnapshots();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<FullSyncResult> first = pool.submit(() -> nodeA.run(FullSyncRequest.of(box.id(), f.editor, "a")));
            waitUntil(() -> f.jira.calls("snapshot") == 1);
            Future<FullSyncResult> second = pool.submit(() -> nodeB.run(FullSyncRequest.of(box.id(), f.admin, "b")));
            Thread.sleep(100);
            gate.countDown();

            FullSyncResult a = first.get(10, TimeUnit.SECONDS);
            FullSyncResult b = second.get(10, TimeUnit.SECONDS);

            assertThat(b.run().orElseThrow().id()).isEqualTo(a.run().orElseThrow().id());
            assertThat(f.runs(box.id())).hasSize(1);
            assertThat(f.locks.isHeld(box.id())).isFalse();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aSubScopeBoxHoldsTheAncestorsTasksMatchingItsFilter() {
        for (int i = 1; i <= 4; i++) {
            f.jira.create("PRJ-" + i, "PRJ", "Issue " + i);
        }
        f.jira.update("PRJ-2", i -> FakeConnector.withLabels(i, List.of("mobile")));
        f.jira.update("PRJ-4", i -> FakeConnector.withLabels(i, List.of("mobile")));
        Box program = f.ownBox("Program", "PRJ");
        Box team = f.subBox("Mobile team", program.id(), "labels = mobile");
        Box portfolio = f.aggregateBox("Portfolio", null);
        f.tx.run(s -> s.boxes().update(new Box(program.id(), program.name(), program.kind(), portfolio.id(),
                program.status(), program.scope(), program.scopeOwner(), program.builders(),
                program.defaultTaskMode(), program.syncState())));
        sync.run(FullSyncRequest.of(program.id(), f.admin, "open"));

        FullSyncResult sub = sync.run(FullSyncRequest.of(team.id(), f.admin, "open"));
        FullSyncResult aggregate = sync.run(FullSyncRequest.of(portfolio.id(), f.admin, "open"));

        assertThat(sub.status()).isEqualTo(FullSyncResult.Status.COMPLETED);
        assertThat(f.keysIn(team.id())).containsExactly("PRJ-2", "PRJ-4");
        assertThat(f.jira.calls("membership")).isEqualTo(1);
        assertThat(aggregate.status()).isEqualTo(FullSyncResult.Status.COMPLETED);
        assertThat(f.keysIn(portfolio.id())).containsExactly("PRJ-1", "PRJ-2", "PRJ-3", "PRJ-4");
    }

    @Test
    void mappedRemoteLinksBecomeDependenciesAndVanishWhenTheLinkIsGone() {
        Box box = boxWithFiveIssues();
        RemoteLink link = new RemoteLink("L9", "Blocks", IssueKey.of("PRJ-1"), IssueKey.of("PRJ-2"), 0);
        RemoteLink unmapped = new RemoteLink("L10", "Relates", IssueKey.of("PRJ-1"), IssueKey.of("PRJ-3"), 0);
        f.jira.update("PRJ-1", i -> FakeConnector.withLinks(i, List.of(link, unmapped)));
        f.jira.update("PRJ-2", i -> FakeConnector.withLinks(i, List.of(link)));

        sync.run(FullSyncRequest.of(box.id(), f.admin, "open"));

        assertThat(f.dependencies(box.id())).singleElement().satisfies(d -> {
            assertThat(d.type()).isEqualTo(DependencyType.FS);
            assertThat(d.remoteLinkId()).isEqualTo("L9");
            assertThat(d.from()).isEqualTo(f.task("PRJ-1").id());
        });

        f.jira.update("PRJ-1", i -> FakeConnector.withLinks(i, List.of()));
        f.jira.update("PRJ-2", i -> FakeConnector.withLinks(i, List.of()));
        sync.run(FullSyncRequest.of(box.id(), f.admin, "again"));

        assertThat(f.dependencies(box.id())).isEmpty();
    }

    @Test
    void theCadencesOfTheIssuesReadAreRecorded() {
        Box box = boxWithFiveIssues();
        io.boxsync.connector.IterationRef sprint = new io.boxsync.connector.IterationRef(
                io.boxsync.connector.IterationRef.Kind.SPRINT, "42", "Sprint 42");
        f.jira.update("PRJ-1", i -> FakeConnector.withIterations(i, List.of(sprint)));

        sync.run(FullSyncRequest.of(box.id(), f.admin, "open"));

        boolean known = f.read(s -> s.iterations().find(f.connection, sprint.kind(), "42").isPresent());
        assertThat(known).isTrue();
        assertThat(f.task("PRJ-1").iterations()).containsExactly(sprint);
    }

    @Test
    void datesAreRecalculatedByTaskModeAfterTheSync() {
        f.jira.create("PRJ-1", "PRJ", "Parent");
        f.jira.create("PRJ-2", "PRJ", "Child A");
        f.jira.create("PRJ-3", "PRJ", "Child B");
        f.jira.update("PRJ-2", i -> FakeConnector.withDates(FakeConnector.withParent(i, IssueKey.of("PRJ-1")),
                LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 5)));
        f.jira.update("PRJ-3", i -> FakeConnector.withDates(FakeConnector.withParent(i, IssueKey.of("PRJ-1")),
                LocalDate.of(2026, 12, 3), LocalDate.of(2026, 12, 10)));
        Box box = f.ownBox("Program", "PRJ");
        sync.run(FullSyncRequest.of(box.id(), f.admin, "open"));
        io.boxsync.core.domain.Task parent = f.task("PRJ-1").withMode(io.boxsync.core.domain.TaskMode.AUTO_BOTTOM_UP);
        f.tx.run(s -> s.tasks().updateAll(List.of(parent)));

        sync.run(FullSyncRequest.of(box.id(), f.admin, "again"));

        assertThat(f.task("PRJ-1").start()).isEqualTo(LocalDate.of(2026, 12, 1));
        assertThat(f.task("PRJ-1").end()).isEqualTo(LocalDate.of(2026, 12, 10));
        assertThat(f.wbs(box.id())).filteredOn(n -> f.task("PRJ-1").id().equals(n.task())).singleElement()
                .satisfies(parentNode -> assertThat(f.wbs(box.id())).filteredOn(n -> parentNode.nodeId()
                        .equals(n.parentId())).hasSize(2));
    }

    @Test
    void aRepeatedSyncWithNothingChangedInTheToolWritesNothingEvenWhereAutomationMovedATask() {
        f.jira.create("PRJ-1", "PRJ", "Parent");
        f.jira.create("PRJ-2", "PRJ", "Child A");
        f.jira.create("PRJ-3", "PRJ", "Child B");
        f.jira.update("PRJ-2", i -> FakeConnector.withDates(FakeConnector.withParent(i, IssueKey.of("PRJ-1")),
                LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 5)));
        f.jira.update("PRJ-3", i -> FakeConnector.withDates(FakeConnector.withParent(i, IssueKey.of("PRJ-1")),
                LocalDate.of(2026, 12, 3), LocalDate.of(2026, 12, 10)));
        Box box = f.ownBox("Program", "PRJ");
        sync.run(FullSyncRequest.of(box.id(), f.admin, "open"));
        io.boxsync.core.domain.Task parent = f.task("PRJ-1").withMode(io.boxsync.core.domain.TaskMode.AUTO_BOTTOM_UP);
        f.tx.run(s -> s.tasks().updateAll(List.of(parent)));
        sync.run(FullSyncRequest.of(box.id(), f.admin, "automation spans the parent"));
        io.boxsync.core.domain.Task spanned = f.task("PRJ-1");
        int changesBefore = f.allChanges().size();

        SyncRun again = sync.run(FullSyncRequest.of(box.id(), f.admin, "nothing changed")).run().orElseThrow();

        assertThat(spanned.end()).isEqualTo(LocalDate.of(2026, 12, 10));
        assertThat(again.counts()).isEqualTo(new SyncRun.Counts(0, 0, 0, 3));
        assertThat(f.allChanges()).hasSize(changesBefore);
        assertThat(f.task("PRJ-1")).isEqualTo(spanned);
    }

    static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met in time");
            }
            Thread.sleep(5);
        }
    }

    @SuppressWarnings("unused")
    private static List<String> keys(List<io.boxsync.core.domain.Task> tasks) {
        List<String> out = new ArrayList<>();
        tasks.forEach(t -> out.add(t.key().value()));
        return out;
    }
}
