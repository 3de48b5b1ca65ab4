package io.boxsync.storage;

import io.boxsync.connector.ConnectionKind;
import io.boxsync.connector.Cursor;
import io.boxsync.connector.FieldMapping;
import io.boxsync.connector.IssueKey;
import io.boxsync.connector.IterationRef;
import io.boxsync.connector.RemoteAccount;
import io.boxsync.connector.RemoteMetadata;
import io.boxsync.connector.ScopeQuery;
import io.boxsync.connector.Secret;
import io.boxsync.connector.StatusCategory;
import io.boxsync.core.domain.Author;
import io.boxsync.core.domain.Box;
import io.boxsync.core.domain.BoxKind;
import io.boxsync.core.domain.BoxRole;
import io.boxsync.core.domain.BoxScope;
import io.boxsync.core.domain.BoxStatus;
import io.boxsync.core.domain.Change;
import io.boxsync.core.domain.ChangeKind;
import io.boxsync.core.domain.ChangeOrigin;
import io.boxsync.core.domain.Connection;
import io.boxsync.core.domain.Dependency;
import io.boxsync.core.domain.DependencyType;
import io.boxsync.core.domain.FlagReason;
import io.boxsync.core.domain.Iteration;
import io.boxsync.core.domain.SyncRun;
import io.boxsync.core.domain.Task;
import io.boxsync.core.domain.TaskId;
import io.boxsync.core.domain.TaskMode;
import io.boxsync.core.domain.User;
import io.boxsync.core.domain.WbsBuilder;
import io.boxsync.core.domain.WbsNode;
import io.boxsync.core.port.OutboxEntry;
import io.boxsync.core.port.SystemStateStore;
import io.boxsync.core.port.Stores;
import io.boxsync.core.port.Transactor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every table round-trips through its store. */
class StoresIT {
    private static final Instant T0 = Instant.parse("2026-11-27T10:15:30.123456Z");
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static PostgresStorage storage;
    private static Transactor tx;

    @BeforeAll
    static void open() {
        storage = TestDatabase.freshStorage();
        tx = storage.transactor();
    }

    @AfterAll
    static void close() {
        storage.close();
    }

    static Connection connection(Transactor tx) {
        return tx.inTransaction((Stores s) -> s.connections().create("Jira " + SEQ.incrementAndGet(), ConnectionKind.JIRA_CLOUD,
                URI.create("https://acme.atlassian.net"),
                new FieldMapping("customfield_10015", "duedate", false, "customfield_10016", Map.of("Blocks", "FS"),
                        IterationRef.Kind.SPRINT),
                new RemoteAccount("tech-1", "bot@acme.com", Secret.of("tech-token")), Secret.of("webhook-secret")));
    }

    static Task task(Connection c, String key) {
        return new Task(null, c.id(), IssueKey.of(key), "Summary " + key, "PRJ", "Story", "In Progress",
                StatusCategory.IN_PROGRESS, "acc-7", "Ann", LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 5),
                28_800L, 3.5, List.of(new IterationRef(IterationRef.Kind.SPRINT, "12", "Sprint 12")),
                List.of("Backend", "API"), List.of("urgent"), IssueKey.of("PRJ-1"), IssueKey.of("PRJ-EPIC"),
                TaskMode.AUTO_BASIC, T0);
    }

    private static User user(String login) {
        return tx.inTransaction((Stores s) -> s.users().create(login + SEQ.incrementAndGet(), "Name " + login, true));
    }

    private static Box ownBox(Connection c, User owner) {
        BoxScope scope = BoxScope.own(List.of(new BoxScope.Part(c.id(),
                new ScopeQuery(List.of(new ScopeQuery.Source(ScopeQuery.SourceKind.PROJECT, "PRJ")), "status != Done"))));
        return tx.inTransaction((Stores s) -> s.boxes().create("Program", BoxKind.PROGRAM, null, BoxStatus.IN_PROGRESS, scope,
                owner.id(), List.of(WbsBuilder.of(WbsBuilder.Kind.EPIC), WbsBuilder.link("is parent of")),
                TaskMode.AUTO_BOTTOM_UP));
    }

    @Test
    void usersRoundTripAndLoginsAreUnique() {
        User ann = user("ann");
        assertThat(tx.inTransaction((Stores s) -> s.users().find(ann.id()))).contains(ann);
        assertThat(tx.inTransaction((Stores s) -> s.users().findByLogin(ann.login()))).contains(ann);
        assertThat(tx.inTransaction((Stores s) -> s.users().all())).contains(ann);
        assertThat(ann.admin()).isTrue();
        assertThatThrownBy(() -> tx.run(s -> s.users().create(ann.login(), "again", false)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("taken");
    }

    @Test
    void connectionsRoundTripWithTheirDecryptedCredentials() {
        Connection c = connection(tx);
        assertThat(tx.inTransaction((Stores s) -> s.connections().find(c.id()))).contains(c);
        assertThat(tx.inTransaction((Stores s) -> s.connections().all())).contains(c);
        RemoteAccount technical = tx.inTransaction((Stores s) -> s.connections().technicalUser(c.id()));
        assertThat(technical).isEqualTo(new RemoteAccount("tech-1", "bot@acme.com", Secret.of("tech-token")));
        assertThat(tx.inTransaction((Stores s) -> s.connections().webhookSecret(c.id()))).contains(Secret.of("webhook-secret"));
        FieldMapping other = new FieldMapping("", "", true, "", Map.of(), IterationRef.Kind.VERSION);
        tx.run(s -> s.connections().updateMapping(c.id(), other));
        assertThat(tx.inTransaction((Stores s) -> s.connections().find(c.id())).orElseThrow().fieldMapping()).isEqualTo(other);
        Connection noHook = tx.inTransaction((Stores s) -> s.connections().create("Trello", ConnectionKind.TRELLO,
                URI.create("https://api.trello.com"), other, new RemoteAccount("m1", "key", Secret.of("t")), null));
        assertThat(tx.inTransaction((Stores s) -> s.connections().webhookSecret(noHook.id()))).isEmpty();
    }

    @Test
    void remoteAccountsLinkRelinkAndUnlink() {
        Connection c = connection(tx);
        User ann = user("ann");
        tx.run(s -> s.accounts().link(ann.id(), c.id(), new RemoteAccount("acc-ann", "ann@x", Secret.of("pat-1"))));
        tx.run(s -> s.accounts().link(ann.id(), c.id(), new RemoteAccount("acc-ann", "ann@x", Secret.of("pat-2"))));
        assertThat(tx.inTransaction((Stores s) -> s.accounts().accountOf(ann.id(), c.id())).orElseThrow().secret().reveal())
                .isEqualTo("pat-2");
        assertThat(tx.inTransaction((Stores s) -> s.accounts().userOf(c.id(), "acc-ann"))).contains(ann.id());
        assertThat(tx.inTransaction((Stores s) -> s.accounts().accountsOf(ann.id()))).containsOnlyKeys(c.id());
        tx.run(s -> s.accounts().unlink(ann.id(), c.id()));
        assertThat(tx.inTransaction((Stores s) -> s.accounts().accountOf(ann.id(), c.id()))).isEmpty();
        assertThat(tx.inTransaction((Stores s) -> s.accounts().userOf(c.id(), "acc-ann"))).isEmpty();
    }

    @Test
    void boxesRoundTripWithScopeBuildersStateAndMembers() {
        Connection c = connection(tx);
        User owner = user("owner");
        Box box = ownBox(c, owner);
        assertThat(box.syncState().flagged()).isTrue();
        assertThat(tx.inTransaction((Stores s) -> s.boxes().find(box.id()))).contains(box);
        Box child = tx.inTransaction((Stores s) -> s.boxes().create("Sub", BoxKind.PROJECT, box.id(), BoxStatus.NOT_STARTED,
                BoxScope.sub("labels = x"), null, List.of(), TaskMode.MANUAL));
        assertThat(tx.inTransaction((Stores s) -> s.boxes().children(box.id()))).containsExactly(child);
        Box synced = box.withSyncState(box.syncState().synced(T0).visited(T0.plusSeconds(5)));
        tx.run(s -> s.boxes().update(synced));
        assertThat(tx.inTransaction((Stores s) -> s.boxes().find(box.id()))).contains(synced);
        int flagged = tx.inTransaction((Stores s) -> s.boxes().flagOwnScopeBoxes(FlagReason.RESTART));
        assertThat(flagged).isGreaterThanOrEqualTo(1);
        Box after = tx.inTransaction((Stores s) -> s.boxes().find(box.id())).orElseThrow();
        assertThat(after.syncState().flagged()).isTrue();
        assertThat(after.syncState().flagReason()).isEqualTo(FlagReason.RESTART);
        assertThat(after.syncState().lastFullSync()).isEqualTo(T0);
        assertThat(tx.inTransaction((Stores s) -> s.boxes().find(child.id())).orElseThrow().syncState().flagReason())
                .as("a sub-scope Box is not flagged").isEqualTo(FlagReason.NEW_SCOPE);
        tx.run(s -> s.boxes().setRole(box.id(), owner.id(), BoxRole.EDITOR));
        tx.run(s -> s.boxes().setRole(box.id(), owner.id(), BoxRole.ADMIN));
        assertThat(tx.inTransaction((Stores s) -> s.boxes().role(box.id(), owner.id()))).contains(BoxRole.ADMIN);
        assertThat(tx.inTransaction((Stores s) -> s.boxes().members(box.id()))).containsExactly(Map.entry(owner.id(), BoxRole.ADMIN));
        tx.run(s -> s.boxes().removeMember(box.id(), owner.id()));
        assertThat(tx.inTransaction((Stores s) -> s.boxes().role(box.id(), owner.id()))).isEmpty();
    }

    @Test
    void tasksRoundTripInBulkAndByKey() {
        Connection c = connection(tx);
        Task basic = new Task(null, null, null, "Basic", null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, TaskMode.MANUAL, null);
        List<Task> stored = tx.inTransaction((Stores s) -> s.tasks().insertAll(List.of(task(c, "PRJ-2"), task(c, "PRJ-3"), basic)));
        assertThat(stored).allSatisfy(t -> assertThat(t.id()).isNotNull());
        assertThat(stored.get(0).key()).isEqualTo(IssueKey.of("PRJ-2"));
        assertThat(tx.inTransaction((Stores s) -> s.tasks().find(stored.get(0).id()))).contains(stored.get(0));
        assertThat(tx.inTransaction((Stores s) -> s.tasks().find(stored.get(2).id()))).contains(stored.get(2));
        assertThat(tx.inTransaction((Stores s) -> s.tasks().findAll(stored.stream().map(Task::id).toList())))
                .containsExactlyElementsOf(stored);
        assertThat(tx.inTransaction((Stores s) -> s.tasks().findByKey(c.id(), IssueKey.of("PRJ-3")))).contains(stored.get(1));
        assertThat(tx.inTransaction((Stores s) -> s.tasks().findByKeys(c.id(), List.of(IssueKey.of("PRJ-2"), IssueKey.of("NOPE")))))
                .containsOnlyKeys(IssueKey.of("PRJ-2"));
        Task moved = stored.get(0).withDates(LocalDate.of(2027, 1, 1), null).withMode(TaskMode.LOCKED);
        tx.run(s -> s.tasks().updateAll(List.of(moved)));
        assertThat(tx.inTransaction((Stores s) -> s.tasks().find(moved.id()))).contains(moved);
        tx.run(s -> s.tasks().deleteAll(List.of(moved.id())));
        assertThat(tx.inTransaction((Stores s) -> s.tasks().find(moved.id()))).isEmpty();
    }

    @Test
    void boxContentsAndTheWbsRoundTripInTreeOrder() {
        Connection c = connection(tx);
        Box box = ownBox(c, user("o"));
        List<Task> tasks = tx.inTransaction((Stores s) -> s.tasks().insertAll(List.of(task(c, "W-1"), task(c, "W-2"), task(c, "W-3"))));
        List<TaskId> ids = tasks.stream().map(Task::id).toList();
        tx.run(s -> s.contents().add(box.id(), ids));
        tx.run(s -> s.contents().add(box.id(), ids));
        assertThat(tx.inTransaction((Stores s) -> s.contents().taskIds(box.id()))).containsExactlyElementsOf(ids);
        assertThat(tx.inTransaction((Stores s) -> s.contents().tasks(box.id()))).containsExactlyElementsOf(tasks);
        assertThat(tx.inTransaction((Stores s) -> s.contents().boxesHolding(ids.get(0)))).containsExactly(box.id());
        WbsNode group = new WbsNode("g:EPIC:E", null, 0, null, WbsBuilder.Kind.EPIC, "Epic E");
        WbsNode second = new WbsNode(WbsNode.taskNodeId(ids.get(1)), "g:EPIC:E", 1, ids.get(1), null, "");
        WbsNode first = new WbsNode(WbsNode.taskNodeId(ids.get(0)), "g:EPIC:E", 0, ids.get(0), null, "");
        WbsNode top = new WbsNode(WbsNode.taskNodeId(ids.get(2)), null, 1, ids.get(2), null, "");
        tx.run(s -> s.contents().replaceWbs(box.id(), List.of(top, second, first, group)));
        assertThat(tx.inTransaction((Stores s) -> s.contents().wbs(box.id()))).containsExactly(group, first, second, top);
        WbsNode movedTop = new WbsNode(top.nodeId(), "g:EPIC:E", 2, ids.get(2), null, "");
        tx.run(s -> s.contents().upsertWbsNodes(box.id(), List.of(movedTop)));
        assertThat(tx.inTransaction((Stores s) -> s.contents().wbs(box.id()))).containsExactly(group, first, second, movedTop);
        tx.run(s -> s.contents().removeWbsNodes(box.id(), List.of(movedTop.nodeId())));
        tx.run(s -> s.contents().remove(box.id(), List.of(ids.get(0))));
        assertThat(tx.inTransaction((Stores s) -> s.contents().wbs(box.id()))).containsExactly(group, second);
        assertThat(tx.inTransaction((Stores s) -> s.contents().taskIds(box.id()))).containsExactly(ids.get(1), ids.get(2));
        tx.run(s -> s.tasks().deleteAll(List.of(ids.get(1))));
        assertThat(tx.inTransaction((Stores s) -> s.contents().wbs(box.id()))).as("a deleted task leaves the WBS")
                .containsExactly(group);
    }

    @Test
    void dependenciesRoundTripAndGoWithTheirTasks() {
        Connection c = connection(tx);
        Box box = ownBox(c, user("o"));
        List<Task> tasks = tx.inTransaction((Stores s) -> s.tasks().insertAll(List.of(task(c, "D-1"), task(c, "D-2"), task(c, "D-3"))));
        tx.run(s -> s.contents().add(box.id(), List.of(tasks.get(0).id(), tasks.get(1).id())));
        Dependency inBox = tx.inTransaction((Stores s) -> s.dependencies().insert(new Dependency(null, tasks.get(0).id(),
                tasks.get(1).id(), DependencyType.FS, true, 2, "10001")));
        Dependency leaving = tx.inTransaction((Stores s) -> s.dependencies().insert(new Dependency(null, tasks.get(1).id(),
                tasks.get(2).id(), DependencyType.SS, false, 0, null)));
        assertThat(tx.inTransaction((Stores s) -> s.dependencies().find(inBox.id()))).contains(inBox);
        assertThat(tx.inTransaction((Stores s) -> s.dependencies().findByRemoteLink("10001"))).contains(inBox);
        assertThat(tx.inTransaction((Stores s) -> s.dependencies().touching(List.of(tasks.get(1).id()))))
                .containsExactly(inBox, leaving);
        assertThat(tx.inTransaction((Stores s) -> s.dependencies().ofBox(box.id()))).containsExactly(inBox);
        tx.run(s -> s.dependencies().delete(inBox.id()));
        assertThat(tx.inTransaction((Stores s) -> s.dependencies().find(inBox.id()))).isEmpty();
        tx.run(s -> s.tasks().deleteAll(List.of(tasks.get(2).id())));
        assertThat(tx.inTransaction((Stores s) -> s.dependencies().find(leaving.id()))).isEmpty();
    }

    @Test
    void iterationsUpsertByConnectionKindAndId() {
        Connection c = connection(tx);
        Iteration sprint = new Iteration(c.id(), new IterationRef(IterationRef.Kind.SPRINT, "5", "Sprint 5"),
                LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 14), "future");
        tx.run(s -> s.iterations().upsert(sprint));
        Iteration active = new Iteration(c.id(), sprint.ref(), sprint.start(), sprint.end(), "active");
        tx.run(s -> s.iterations().upsert(active));
        Iteration version = new Iteration(c.id(), new IterationRef(IterationRef.Kind.VERSION, "5", ""), null, null, "");
        tx.run(s -> s.iterations().upsert(version));
        assertThat(tx.inTransaction((Stores s) -> s.iterations().of(c.id()))).containsExactly(active, version);
        assertThat(tx.inTransaction((Stores s) -> s.iterations().find(c.id(), IterationRef.Kind.SPRINT, "5"))).contains(active);
    }

    @Test
    void syncRunsRecordProgressAndOutcome() {
        Connection c = connection(tx);
        User requester = user("req");
        Box box = ownBox(c, requester);
        SyncRun run = tx.inTransaction((Stores s) -> s.runs().start(box.id(), ChangeOrigin.FULL, requester.id(), T0, true));
        assertThat(run.outcome()).isEqualTo(SyncRun.Outcome.RUNNING);
        assertThat(tx.inTransaction((Stores s) -> s.runs().running(box.id()))).contains(run);
        tx.run(s -> s.runs().progress(run.id(), 3, 10));
        assertThat(tx.inTransaction((Stores s) -> s.runs().find(run.id())).orElseThrow().pagesRead()).isEqualTo(3);
        SyncRun.Counts counts = new SyncRun.Counts(1, 2, 3, 4);
        tx.run(s -> s.runs().finish(run.id(), SyncRun.Outcome.HELD, "would remove 40%", counts, T0.plusSeconds(9)));
        SyncRun held = tx.inTransaction((Stores s) -> s.runs().find(run.id())).orElseThrow();
        assertThat(held).isEqualTo(new SyncRun(run.id(), box.id(), ChangeOrigin.FULL, requester.id(), T0,
                T0.plusSeconds(9), SyncRun.Outcome.HELD, "would remove 40%", counts, 3, 10, true));
        assertThat(tx.inTransaction((Stores s) -> s.runs().held(box.id()))).contains(held);
        assertThat(tx.inTransaction((Stores s) -> s.runs().running(box.id()))).isEmpty();
        SyncRun incremental = tx.inTransaction((Stores s) ->
                s.runs().start(box.id(), ChangeOrigin.INCREMENTAL, null, T0, false));
        assertThat(tx.inTransaction((Stores s) -> s.runs().held(box.id()))).as("a catch-up does not hide it").contains(held);
        assertThat(tx.inTransaction((Stores s) -> s.runs().running(box.id()))).as("only full syncs run").isEmpty();
        SyncRun next = tx.inTransaction((Stores s) -> s.runs().start(box.id(), ChangeOrigin.FULL, null, T0, false));
        assertThat(tx.inTransaction((Stores s) -> s.runs().held(box.id()))).isEmpty();
        assertThat(tx.inTransaction((Stores s) -> s.runs().running(box.id()))).contains(next);
        assertThat(tx.inTransaction((Stores s) -> s.runs().recent(box.id(), 10))).extracting(SyncRun::id)
                .containsExactly(next.id(), incremental.id(), run.id());
    }

    @Test
    void changesRoundTripAndPageNewestFirstPerBoxAndTask() {
        Connection c = connection(tx);
        User ann = user("ann");
        Box box = ownBox(c, ann);
        Task t = tx.inTransaction((Stores s) -> s.tasks().insertAll(List.of(task(c, "C-1")))).get(0);
        tx.run(s -> s.contents().add(box.id(), List.of(t.id())));
        SyncRun run = tx.inTransaction((Stores s) -> s.runs().start(box.id(), ChangeOrigin.FULL, ann.id(), T0, false));
        Change added = new Change(null, T0, ChangeOrigin.FULL, ChangeKind.TASK_ADDED, box.id(), t.id(), "", null,
                "C-1", Author.scopeOwner(ann.id(), "Ann"), ann.id(), run.id(), "full sync #" + run.id());
        Change taskLevel = new Change(null, T0.plusSeconds(1), ChangeOrigin.PARTIAL_REMOTE, ChangeKind.TASK_UPDATED,
                null, t.id(), "start", "2026-12-01", "2026-12-02", Author.remote("acc-9", "Zed", null), null, null,
                "event abc");
        Change tech = new Change(null, T0.plusSeconds(2), ChangeOrigin.INCREMENTAL, ChangeKind.WBS_CHANGED, box.id(),
                null, "", null, null, Author.technicalUser(), null, null, "");
        tx.run(s -> s.changes().append(List.of(added, taskLevel, tech)));
        List<Change> history = tx.inTransaction((Stores s) -> s.changes().ofBox(box.id(), 10, Optional.empty()));
        assertThat(history).hasSize(3);
        assertThat(history.get(0)).usingRecursiveComparison().ignoringFields("id").isEqualTo(tech);
        assertThat(history.get(1)).usingRecursiveComparison().ignoringFields("id").isEqualTo(taskLevel);
        assertThat(history.get(2)).usingRecursiveComparison().ignoringFields("id").isEqualTo(added);
        assertThat(tx.inTransaction((Stores s) -> s.changes().ofBox(box.id(), 2, Optional.of(history.get(0).id()))))
                .containsExactly(history.get(1), history.get(2));
        assertThat(tx.inTransaction((Stores s) -> s.changes().ofTask(t.id(), 10, Optional.empty())))
                .containsExactly(history.get(1), history.get(2));
        tx.run(s -> s.tasks().deleteAll(List.of(t.id())));
        assertThat(tx.inTransaction((Stores s) -> s.changes().ofTask(t.id(), 10, Optional.empty())))
                .as("history outlives the task").hasSize(2);
    }

    @Test
    void cursorsOnlyMoveForward() {
        Connection c = connection(tx);
        Box box = ownBox(c, user("o"));
        assertThat(tx.inTransaction((Stores s) -> s.cursors().get(box.id(), c.id()))).isEmpty();
        Cursor mid = new Cursor(T0, "PRJ-5");
        tx.run(s -> s.cursors().advance(box.id(), c.id(), mid));
        tx.run(s -> s.cursors().advance(box.id(), c.id(), new Cursor(T0.minusSeconds(60), "PRJ-9")));
        assertThat(tx.inTransaction((Stores s) -> s.cursors().get(box.id(), c.id()))).contains(mid);
        Cursor later = new Cursor(T0, "PRJ-6");
        tx.run(s -> s.cursors().advance(box.id(), c.id(), later));
        assertThat(tx.inTransaction((Stores s) -> s.cursors().get(box.id(), c.id()))).contains(later);
    }

    @Test
    void outboxEntriesRoundTripAndArePurgedByAge() {
        Connection c = connection(tx);
        User ann = user("ann");
        OutboxEntry entry = new OutboxEntry("w-1-" + SEQ.incrementAndGet(), c.id(), IssueKey.of("O-1"), ann.id(),
                Map.of("start", "2026-12-01", "end", "2026-12-03"), T0);
        tx.run(s -> s.outbox().record(entry));
        tx.run(s -> s.outbox().record(entry));
        assertThat(tx.inTransaction((Stores s) -> s.outbox().find(entry.writeId()))).contains(entry);
        assertThat(tx.inTransaction((Stores s) -> s.outbox().recent(c.id(), IssueKey.of("O-1"), T0.minusSeconds(1))))
                .containsExactly(entry);
        assertThat(tx.inTransaction((Stores s) -> s.outbox().recent(c.id(), IssueKey.of("O-1"), T0.plusSeconds(1)))).isEmpty();
        assertThat(tx.inTransaction((Stores s) -> s.outbox().purgeBefore(T0.plusSeconds(1)))).isGreaterThanOrEqualTo(1);
        assertThat(tx.inTransaction((Stores s) -> s.outbox().find(entry.writeId()))).isEmpty();
    }

    @Test
    void metadataIsSavedAndReplacedPerConnection() {
        Connection c = connection(tx);
        RemoteMetadata metadata = new RemoteMetadata(
                List.of(new RemoteMetadata.Item("10000", "PRJ", "Project", "software")),
                List.of(new RemoteMetadata.Item("customfield_10015", "", "Start date", "date")),
                List.of(new RemoteMetadata.LinkType("1", "Blocks", "blocks", "is blocked by")),
                List.of(new IterationRef(IterationRef.Kind.SPRINT, "1", "S1")),
                List.of(new RemoteMetadata.Item("acc-1", "", "Ann", "")));
        assertThat(tx.inTransaction((Stores s) -> s.metadata().load(c.id()))).isEmpty();
        tx.run(s -> s.metadata().save(c.id(), metadata, T0));
        assertThat(tx.inTransaction((Stores s) -> s.metadata().load(c.id()))).contains(metadata);
        RemoteMetadata empty = new RemoteMetadata(List.of(), List.of(), List.of(), List.of(), List.of());
        tx.run(s -> s.metadata().save(c.id(), empty, T0));
        assertThat(tx.inTransaction((Stores s) -> s.metadata().load(c.id()))).contains(empty);
    }

    @Test
    void theInstallationIsRecordedOnceAndItsVersionMoves() {
        try (PostgresStorage own = TestDatabase.freshStorage()) {
            Transactor t = own.transactor();
            assertThat(t.inTransaction((Stores s) -> s.system().installation())).isEmpty();
            assertThatThrownBy(() -> t.run(s -> s.system().setInstalledVersion("1.0")))
                    .isInstanceOf(IllegalStateException.class);
            t.run(s -> s.system().recordInstallation(T0, "0.1.0"));
            assertThatThrownBy(() -> t.run(s -> s.system().recordInstallation(T0, "0.1.0")))
                    .isInstanceOf(IllegalStateException.class);
            t.run(s -> s.system().setInstalledVersion("0.2.0"));
            assertThat(t.inTransaction((Stores s) -> s.system().installation()))
                    .contains(new SystemStateStore.Installation(T0, "0.2.0"));
        }
    }

    @Test
    void workThatThrowsLeavesNothingBehind() {
        String login = "rollback" + SEQ.incrementAndGet();
        assertThatThrownBy(() -> tx.run(s -> {
            s.users().create(login, "", false);
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(tx.inTransaction((Stores s) -> s.users().findByLogin(login))).isEmpty();
        assertThat(Set.of()).isEmpty();
    }
}
