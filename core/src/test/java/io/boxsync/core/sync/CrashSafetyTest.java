package io.boxsync.core.sync;

import io.boxsync.connector.IssueKey;
import io.boxsync.connector.RemoteEvent;
import io.boxsync.core.domain.Box;
import io.boxsync.core.domain.SyncRun;
import io.boxsync.core.fakes.FakeConnector;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CrashSafetyTest {
    private final Fixture f = new Fixture();

    private static Box program(Fixture fx) {
        for (int i = 1; i <= 3; i++) {
            fx.jira.create("PRJ-" + i, "PRJ", "Issue " + i);
        }
        return fx.ownBox("Program", "PRJ");
    }

    @Test
    void aFullSyncWhoseApplyCommitFailsAppliesNothingAndIsRecordedAsAborted() {
        Fixture dry = new Fixture();
        Box dryBox = program(dry);
        int before = dry.tx.commits();
        new FullSync(dry.env()).run(FullSyncRequest.of(dryBox.id(), dry.editor, "open"));
        int commitsOfARun = dry.tx.commits() - before;
        Box box = program(f);

        f.tx.failCommitAfter(commitsOfARun - 1, new IllegalStateException("connection lost at commit"));
        FullSyncResult result = new FullSync(f.env()).run(FullSyncRequest.of(box.id(), f.editor, "open"));

        assertThat(result.status()).isEqualTo(FullSyncResult.Status.ABORTED);
        assertThat(result.reason()).contains("changed nothing").contains("connection lost");
        assertThat(f.keysIn(box.id())).isEmpty();
        assertThat(f.allChanges()).isEmpty();
        assertThat(f.cursor(box.id())).isEmpty();
        assertThat(f.box(box.id()).syncState().flagged()).isTrue();
        assertThat(f.runs(box.id())).singleElement()
                .satisfies(r -> assertThat(r.outcome()).isEqualTo(SyncRun.Outcome.ABORTED));
        assertThat(f.locks.isHeld(box.id())).isFalse();

        assertThat(new FullSync(f.env()).run(FullSyncRequest.of(box.id(), f.editor, "again")).isCompleted()).isTrue();
        assertThat(f.keysIn(box.id())).hasSize(3);
    }

    @Test
    void anEventWhoseCommitFailsIsRetriedAndNotLost() {
        f.jira.create("PRJ-1", "PRJ", "One");
        SyncService service = new SyncService(f.env(), "w1");
        Box box = f.ownBox("Program", "PRJ");
        service.openBox(box.id(), f.editor, BoxModule.GANTT);
        f.jira.update("PRJ-1", i -> FakeConnector.withSummary(i, "Changed"));
        service.acceptEvents(f.connection, List.of(new RemoteEvent("d1", RemoteEvent.Type.UPDATED,
                IssueKey.of("PRJ-1"), f.clock.now(), "acc-eve", "Eve", null)));
        f.clock.advance(Duration.ofSeconds(6));
        // lease, technical user, preparation commit; the apply transaction fails at commit
        f.tx.failCommitAfter(3, new IllegalStateException("connection lost at commit"));
        assertThat(service.processEvents()).isZero();
        assertThat(f.task("PRJ-1").summary()).isEqualTo("One");
        assertThat(f.pendingEvents()).isEqualTo(1);
        assertThat(f.allChanges()).noneMatch(c -> "Changed".equals(c.newValue()));

        assertThat(service.processEvents()).as("waits for the backoff").isZero();
        f.clock.advance(Duration.ofMinutes(1));
        assertThat(service.processEvents()).isEqualTo(1);
        assertThat(f.task("PRJ-1").summary()).isEqualTo("Changed");
        assertThat(f.pendingEvents()).isZero();
    }

    @Test
    void anIssueWhoseFailureCouldNotBeRecordedWhileTheDatabaseWasDownIsRetriedSoonAfterItIsBack() {
        f.jira.create("PRJ-1", "PRJ", "One");
        SyncService service = new SyncService(f.env(), "w1");
        Box box = f.ownBox("Program", "PRJ");
        service.openBox(box.id(), f.editor, BoxModule.GANTT);
        f.jira.update("PRJ-1", i -> FakeConnector.withSummary(i, "Changed"));
        service.acceptEvents(f.connection, List.of(new RemoteEvent("d1", RemoteEvent.Type.UPDATED,
                IssueKey.of("PRJ-1"), f.clock.now(), "acc-eve", "Eve", null)));
        f.clock.advance(Duration.ofSeconds(6));
        // the lease commits, then the database goes away: neither the apply nor the failure can be written
        f.tx.downAfter(1, new IllegalStateException("the database is restarting"));
        assertThatThrownBy(service::processEvents).hasMessageContaining("restarting");
        f.tx.up();

        assertThat(service.processEvents()).as("the failure is written first; its backoff has not passed").isZero();
        f.clock.advance(Duration.ofSeconds(10));
        assertThat(service.processEvents()).as("retried after the backoff, long before the lease expires")
                .isEqualTo(1);
        assertThat(f.task("PRJ-1").summary()).isEqualTo("Changed");
        assertThat(f.pendingEvents()).isZero();
    }

    @Test
    void twoWorkersNeverProcessTheSameIssueTwice() throws Exception {
        f.jira.create("PRJ-1", "PRJ", "One");
        SyncService nodeA = new SyncService(f.env(), "node-a");
        SyncService nodeB = new SyncService(f.env(), "node-b");
        Box box = f.ownBox("Program", "PRJ");
        nodeA.openBox(box.id(), f.editor, BoxModule.GANTT);
        for (int i = 0; i < 10; i++) {
            f.jira.create("PRJ-" + (10 + i), "PRJ", "New " + i);
            RemoteEvent e = new RemoteEvent("c" + i, RemoteEvent.Type.CREATED, IssueKey.of("PRJ-" + (10 + i)),
                    f.clock.now(), "acc-eve", "Eve", null);
            (i % 2 == 0 ? nodeA : nodeB).acceptEvents(f.connection, List.of(e, e));
        }
        f.clock.advance(Duration.ofSeconds(6));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> a = pool.submit(() -> drain(nodeA));
            Future<Integer> b = pool.submit(() -> drain(nodeB));

            assertThat(a.get(10, TimeUnit.SECONDS) + b.get(10, TimeUnit.SECONDS)).isEqualTo(10);
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < 10; i++) {
            assertThat(f.jira.fetches("PRJ-" + (10 + i))).isEqualTo(1);
        }
        assertThat(f.keysIn(box.id())).hasSize(11);
    }

    private static int drain(SyncService node) {
        int total = 0;
        for (int round = 0; round < 20; round++) {
            total += node.processEvents();
        }
        return total;
    }
}
