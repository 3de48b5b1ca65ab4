package io.boxsync.core.sync;

import io.boxsync.connector.IssueKey;
import io.boxsync.connector.RemoteEvent;
import io.boxsync.core.domain.AuthorKind;
import io.boxsync.core.domain.Box;
import io.boxsync.core.domain.BoxStatus;
import io.boxsync.core.domain.Change;
import io.boxsync.core.domain.ChangeKind;
import io.boxsync.core.domain.ChangeOrigin;
import io.boxsync.core.domain.FlagReason;
import io.boxsync.core.fakes.FakeConnector;
import io.boxsync.core.port.EventQueue;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class RemoteEventProcessorTest {
    private final Fixture f = new Fixture();
    private SyncService service;

    private Box syncedVisitedBox() {
        f.jira.create("PRJ-1", "PRJ", "One");
        f.jira.create("PRJ-2", "PRJ", "Two");
        service = new SyncService(f.env(), "worker-1");
        Box box = f.ownBox("Program", "PRJ");
        service.openBox(box.id(), f.editor, BoxModule.GANTT);
        return box;
    }

    private RemoteEvent event(String delivery, String key, Instant at, String actor) {
        return new RemoteEvent(delivery, RemoteEvent.Type.UPDATED, IssueKey.of(key), at, actor,
                actor == null ? null : "Name of " + actor, null);
    }

    private List<Change> changesOf(String key) {
        var id = f.task(key).id();
        return f.read(s -> s.changes().ofTask(id, 100, java.util.Optional.empty()));
    }

    @Test
    void twentyUpdatesOfOneIssueWithinTheIntervalCauseOneFetchAndNameTheLastUpdater() {
        Box box = syncedVisitedBox();
        f.jira.update("PRJ-1", i -> FakeConnector.withSummary(i, "Final title"));
        Instant t0 = f.clock.now();
        List<RemoteEvent> events = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            events.add(event("d" + i, "PRJ-1", t0.plusMillis(100L * i), i == 19 ? "acc-eve" : "acc-other-" + i));
        }
        Collections.shuffle(events, new Random(7));
        events.forEach(e -> service.acceptEvents(f.connection, List.of(e)));
        f.clock.advance(Duration.ofSeconds(2));
        assertThat(service.processEvents()).isZero();

        f.clock.advance(Duration.ofSeconds(3));
        assertThat(service.processEvents()).isEqualTo(1);

        assertThat(f.jira.fetches("PRJ-1")).isEqualTo(1);
        assertThat(f.task("PRJ-1").summary()).isEqualTo("Final title");
        assertThat(changesOf("PRJ-1")).filteredOn(c -> c.origin() == ChangeOrigin.PARTIAL_REMOTE)
                .singleElement().satisfies(c -> {
                    assertThat(c.field()).isEqualTo("summary");
                    assertThat(c.author().kind()).isEqualTo(AuthorKind.REMOTE_USER);
                    assertThat(c.author().remoteAccountId()).isEqualTo("acc-eve");
                    assertThat(c.author().user()).isEqualTo(f.editor);
                    assertThat(c.requester()).isNull();
                });
        assertThat(f.pendingEvents()).isZero();
        assertThat(f.keysIn(box.id())).contains("PRJ-1");
    }

    @Test
    void taskModesApplyToPartialSyncAnAutoBottomUpParentFollowsItsChildsNewDates() {
        Box box = syncedVisitedBox();
        f.jira.update("PRJ-2", i -> FakeConnector.withParent(i, IssueKey.of("PRJ-1")));
        service.resync(box.id(), f.admin, false);
        io.boxsync.core.domain.Task parent = f.task("PRJ-1").withMode(io.boxsync.core.domain.TaskMode.AUTO_BOTTOM_UP);
        f.tx.run(s -> s.tasks().updateAll(List.of(parent)));
        f.jira.update("PRJ-2", i -> FakeConnector.withDates(i, java.time.LocalDate.of(2026, 12, 1),
                java.time.LocalDate.of(2026, 12, 9)));
        service.acceptEvents(f.connection, List.of(event("d1", "PRJ-2", f.clock.now(), "acc-eve")));
        f.clock.advance(Duration.ofSeconds(6));

        service.processEvents();

        assertThat(f.task("PRJ-1").start()).isEqualTo(java.time.LocalDate.of(2026, 12, 1));
        assertThat(f.task("PRJ-1").end()).isEqualTo(java.time.LocalDate.of(2026, 12, 9));
        assertThat(f.keysIn(box.id())).contains("PRJ-1", "PRJ-2");
    }

    @Test
    void aWebhookDeliveryTheConnectorRejectsStoresNothing() {
        syncedVisitedBox();
        io.boxsync.connector.WebhookRequest forged = new io.boxsync.connector.WebhookRequest(
                java.util.Map.of("X-Hub-Signature", "sha256=forged"), "{}".getBytes(), "");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> service.acceptWebhook(f.connection, forged))
                .isInstanceOf(io.boxsync.connector.WebhookException.class);
        assertThat(f.pendingEvents()).isZero();
    }

    @Test
    void duplicateDeliveriesAreDroppedAtTheDoor() {
        syncedVisitedBox();
        RemoteEvent e = event("same", "PRJ-1", f.clock.now(), "acc-eve");

        assertThat(service.acceptEvents(f.connection, List.of(e, e))).isEqualTo(1);
        f.clock.advance(Duration.ofSeconds(6));
        service.processEvents();

        assertThat(service.acceptEvents(f.connection, List.of(e))).isZero();
    }

    @Test
    void anEventNamingNobodyIsAuthoredByTheTechnicalUser() {
        syncedVisitedBox();
        f.jira.update("PRJ-2", i -> FakeConnector.withSummary(i, "By automation"));
        service.acceptEvents(f.connection, List.of(event("d1", "PRJ-2", f.clock.now(), null)));
        f.clock.advance(Duration.ofSeconds(6));

        service.processEvents();

        assertThat(changesOf("PRJ-2")).filteredOn(c -> c.origin() == ChangeOrigin.PARTIAL_REMOTE).singleElement()
                .satisfies(c -> assertThat(c.author().kind()).isEqualTo(AuthorKind.TECHNICAL_USER));
    }

    @Test
    void aNewIssueInTheScopeIsAddedAndAnIssueLeavingItOrDeletedIsRemovedWithOneMembershipCallPerBox() {
        Box box = syncedVisitedBox();
        f.jira.create("PRJ-3", "PRJ", "New");
        f.jira.create("OTHER-1", "OTHER", "Outside");
        int membershipBefore = f.jira.calls("membership");
        service.acceptEvents(f.connection, List.of(
                new RemoteEvent("c3", RemoteEvent.Type.CREATED, IssueKey.of("PRJ-3"), f.clock.now(), "acc-eve", "Eve",
                        null),
                new RemoteEvent("c4", RemoteEvent.Type.CREATED, IssueKey.of("OTHER-1"), f.clock.now(), "acc-eve",
                        "Eve", null),
                new RemoteEvent("x2", RemoteEvent.Type.DELETED, IssueKey.of("PRJ-2"), f.clock.now(), "acc-eve", "Eve",
                        null)));
        f.jira.delete("PRJ-2");
        f.clock.advance(Duration.ofSeconds(6));

        assertThat(service.processEvents()).isEqualTo(3);

        assertThat(f.keysIn(box.id())).containsExactly("PRJ-1", "PRJ-3");
        assertThat(f.findTask("OTHER-1")).isEmpty();
        assertThat(f.jira.calls("membership") - membershipBefore).isEqualTo(2);
        assertThat(f.history(box.id())).anySatisfy(c -> {
            assertThat(c.kind()).isEqualTo(ChangeKind.TASK_REMOVED);
            assertThat(c.author().remoteAccountId()).isEqualTo("acc-eve");
        });
    }

    @Test
    void boxesNotVisitedRecentlyAreOnlyMarkedAndCaughtUpByTheLowPriorityStep() {
        Box box = syncedVisitedBox();
        f.clock.advance(Duration.ofHours(2));
        f.jira.create("PRJ-3", "PRJ", "New");
        service.acceptEvents(f.connection, List.of(event("c3", "PRJ-3", f.clock.now(), "acc-eve")));
        f.clock.advance(Duration.ofSeconds(6));

        service.processEvents();

        assertThat(f.keysIn(box.id())).doesNotContain("PRJ-3");

        assertThat(service.lowPriorityCatchUp()).isEqualTo(1);

        assertThat(f.keysIn(box.id())).contains("PRJ-3");
        assertThat(f.history(box.id())).anySatisfy(c -> {
            assertThat(c.kind()).isEqualTo(ChangeKind.TASK_ADDED);
            assertThat(c.author().remoteAccountId()).isEqualTo("acc-eve");
        });
    }

    @Test
    void closedBoxesAndBoxesWaitingForAFullSyncAreSkipped() {
        Box box = syncedVisitedBox();
        Box other = f.ownBox("Closed", "PRJ");
        service.openBox(other.id(), f.editor, BoxModule.GANTT);
        f.updateBox(other.id(), b -> b.withStatus(BoxStatus.CLOSED));
        f.updateBox(box.id(), b -> b.withSyncState(b.syncState().flag(FlagReason.RESTART)));
        f.jira.create("PRJ-3", "PRJ", "New");
        service.acceptEvents(f.connection, List.of(event("c3", "PRJ-3", f.clock.now(), "acc-eve")));
        f.clock.advance(Duration.ofSeconds(6));
        int membershipBefore = f.jira.calls("membership");

        service.processEvents();

        assertThat(f.keysIn(box.id())).doesNotContain("PRJ-3");
        assertThat(f.keysIn(other.id())).doesNotContain("PRJ-3");
        assertThat(f.jira.calls("membership")).isEqualTo(membershipBefore);
        assertThat(f.pendingEvents()).isZero();
    }

    @Test
    void aFailingIssueIsRetriedWithBackoffThenParkedAndNeverBlocksOthers() {
        f.settings = f.settings.withRetries(3, Duration.ofSeconds(10), Duration.ofMinutes(5));
        Box box = syncedVisitedBox();
        f.jira.failFetches("PRJ-1", true);
        f.jira.update("PRJ-2", i -> FakeConnector.withSummary(i, "Still flows"));
        service.acceptEvents(f.connection, List.of(event("a", "PRJ-1", f.clock.now(), "acc-eve"),
                event("b", "PRJ-2", f.clock.now(), "acc-eve")));
        f.clock.advance(Duration.ofSeconds(6));

        assertThat(service.processEvents()).isEqualTo(1);
        assertThat(f.task("PRJ-2").summary()).isEqualTo("Still flows");
        assertThat(f.jira.fetches("PRJ-1")).isEqualTo(1);

        f.clock.advance(Duration.ofSeconds(5));
        service.processEvents();
        assertThat(f.jira.fetches("PRJ-1")).as("no retry before the backoff").isEqualTo(1);

        f.clock.advance(Duration.ofSeconds(6));
        service.processEvents();
        assertThat(f.jira.fetches("PRJ-1")).isEqualTo(2);
        f.clock.advance(Duration.ofSeconds(25));
        service.processEvents();
        assertThat(f.jira.fetches("PRJ-1")).isEqualTo(3);

        List<EventQueue.Parked> parked = f.read(s -> s.events().parked(10));
        assertThat(parked).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo(IssueKey.of("PRJ-1"));
            assertThat(p.error()).contains("503");
        });
        f.clock.advance(Duration.ofHours(1));
        service.processEvents();
        assertThat(f.jira.fetches("PRJ-1")).as("parked, not retried").isEqualTo(3);

        f.jira.failFetches("PRJ-1", false);
        f.jira.update("PRJ-1", i -> FakeConnector.withSummary(i, "Recovered"));
        f.tx.run(s -> s.events().retryParked(f.connection, IssueKey.of("PRJ-1")));
        f.clock.advance(Duration.ofSeconds(6));
        service.processEvents();
        assertThat(f.task("PRJ-1").summary()).isEqualTo("Recovered");
        assertThat(f.keysIn(box.id())).contains("PRJ-1");
    }
}
