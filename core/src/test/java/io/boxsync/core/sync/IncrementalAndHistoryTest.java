package io.boxsync.core.sync;

import io.boxsync.connector.Cursor;
import io.boxsync.core.domain.Box;
import io.boxsync.core.domain.ChangeOrigin;
import io.boxsync.core.domain.FlagReason;
import io.boxsync.core.fakes.FakeConnector;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IncrementalAndHistoryTest {
    private final Fixture f = new Fixture();
    private final SyncService service = new SyncService(f.env(), "worker-1");

    private Box syncedBox() {
        f.jira.create("PRJ-1", "PRJ", "One");
        f.jira.create("PRJ-2", "PRJ", "Two");
        Box box = f.ownBox("Program", "PRJ");
        service.openBox(box.id(), f.editor, BoxModule.GANTT);
        return box;
    }

    @Test
    void aCatchUpAddsAndUpdatesFromTheCursorButNeverRemoves() {
        Box box = syncedBox();
        Cursor before = f.cursor(box.id()).orElseThrow();
        f.clock.advance(Duration.ofMinutes(30));
        f.jira.create("PRJ-3", "PRJ", "Three");
        f.jira.update("PRJ-1", i -> FakeConnector.withSummary(i, "One, renamed"));
        f.jira.delete("PRJ-2");

        IncrementalCatchUp.Result result = service.catchUp(box.id());

        assertThat(result.ran()).isTrue();
        assertThat(result.added()).isEqualTo(1);
        assertThat(result.updated()).isEqualTo(1);
        assertThat(f.keysIn(box.id())).containsExactly("PRJ-1", "PRJ-2", "PRJ-3");
        assertThat(f.task("PRJ-1").summary()).isEqualTo("One, renamed");
        assertThat(f.cursor(box.id()).orElseThrow()).isGreaterThan(before);
        assertThat(f.history(box.id())).filteredOn(c -> c.origin() == ChangeOrigin.INCREMENTAL).isNotEmpty()
                .allSatisfy(c -> assertThat(c.author().user()).isEqualTo(f.owner));
        assertThat(f.runs(box.id()).get(0).origin()).isEqualTo(ChangeOrigin.INCREMENTAL);
    }

    @Test
    void aBoxWaitingForAFullSyncIsNotCaughtUp() {
        Box box = syncedBox();
        f.updateBox(box.id(), b -> b.withSyncState(b.syncState().flag(FlagReason.RESTART)));
        int reads = f.jira.calls("incremental");

        assertThat(service.catchUp(box.id()).ran()).isFalse();
        assertThat(f.jira.calls("incremental")).isEqualTo(reads);
    }

    @Test
    void aCatchUpIsSkippedWhileAFullSyncHoldsTheBoxLock() {
        Box box = syncedBox();
        try (var held = f.locks.tryLock(box.id()).orElseThrow()) {
            assertThat(service.catchUp(box.id()).reason()).contains("full sync");
        }
    }

    @Test
    void thePollingFeedQueuesChangedIssuesOnceEach() {
        Box box = syncedBox();
        f.clock.advance(Duration.ofMinutes(30));
        f.jira.update("PRJ-1", i -> FakeConnector.withSummary(i, "Polled"));

        int first = service.poll(f.connection);
        int second = service.poll(f.connection);

        assertThat(first).as("PRJ-1, and PRJ-2 again within the lookback").isEqualTo(2);
        assertThat(second).as("re-read issues are duplicates").isZero();
        String delivery = "PRJ-1@" + f.jira.issue("PRJ-1").orElseThrow().updated();
        boolean known = f.read(s -> s.events().knows(f.connection, delivery));
        assertThat(known).isTrue();
        f.clock.advance(Duration.ofSeconds(6));
        service.processEvents();
        assertThat(f.task("PRJ-1").summary()).isEqualTo("Polled");
        assertThat(f.keysIn(box.id())).contains("PRJ-1");
    }

    @Test
    void historyIsPagedNewestFirstPerBoxAndPerTask() {
        Box box = syncedBox();
        f.jira.update("PRJ-1", i -> FakeConnector.withSummary(i, "Again"));
        service.resync(box.id(), f.admin, false);

        History.HistoryPage first = service.boxHistory(box.id(), 2, Optional.empty());
        History.HistoryPage second = service.boxHistory(box.id(), 2, first.next());

        assertThat(first.changes()).hasSize(2);
        assertThat(first.next()).isPresent();
        assertThat(second.changes()).isNotEmpty();
        assertThat(second.changes().get(0).id()).isLessThan(first.changes().get(1).id());
        History.HistoryPage task = service.taskHistory(f.task("PRJ-1").id(), 10, Optional.empty());
        assertThat(task.changes().get(0).newValue()).isEqualTo("Again");
        assertThat(task.next()).isEmpty();
        assertThatThrownBy(() -> service.boxHistory(box.id(), 0, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theCoalescingIntervalMustBeBetweenOneAndTenSeconds() {
        SyncSettings defaults = SyncSettings.defaults();

        assertThatThrownBy(() -> defaults.withCoalescingInterval(Duration.ofMillis(500)))
                .hasMessageContaining("between 1 and 10 seconds");
        assertThatThrownBy(() -> defaults.withCoalescingInterval(Duration.ofSeconds(11)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(defaults.withCoalescingInterval(Duration.ofSeconds(10)).coalescingInterval())
                .isEqualTo(Duration.ofSeconds(10));
        assertThatThrownBy(() -> defaults.withBlastRadius(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theBackoffDoublesAndIsCapped() {
        SyncSettings s = SyncSettings.defaults().withRetries(5, Duration.ofSeconds(2), Duration.ofSeconds(10));

        assertThat(s.backoffAfter(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.backoffAfter(2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(s.backoffAfter(3)).isEqualTo(Duration.ofSeconds(8));
        assertThat(s.backoffAfter(4)).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.backoffAfter(40)).isEqualTo(Duration.ofSeconds(10));
    }
}
