package io.boxsync.core.sync;

import io.boxsync.connector.ConnectionKind;
import io.boxsync.connector.FieldMapping;
import io.boxsync.connector.IssueKey;
import io.boxsync.connector.RemoteAccount;
import io.boxsync.connector.ScopeQuery;
import io.boxsync.connector.Secret;
import io.boxsync.core.domain.Box;
import io.boxsync.core.domain.BoxId;
import io.boxsync.core.domain.BoxKind;
import io.boxsync.core.domain.BoxRole;
import io.boxsync.core.domain.BoxScope;
import io.boxsync.core.domain.BoxStatus;
import io.boxsync.core.domain.Change;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.core.domain.SyncRun;
import io.boxsync.core.domain.Task;
import io.boxsync.core.domain.TaskMode;
import io.boxsync.core.domain.UserId;
import io.boxsync.core.domain.WbsBuilder;
import io.boxsync.core.fakes.FakeConnector;
import io.boxsync.core.fakes.InMemoryBoxLocks;
import io.boxsync.core.fakes.InMemoryTransactor;
import io.boxsync.core.fakes.ManualClock;
import io.boxsync.core.port.Stores;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One in-memory installation: a Jira connection backed by a {@link FakeConnector}, four users (Scope Owner, Box
 * admin, editor, viewer) with linked accounts, and helpers to create Boxes and read the state back.
 */
final class Fixture {
    final ManualClock clock = ManualClock.at("2026-11-27T10:00:00Z");
    final InMemoryTransactor tx = new InMemoryTransactor();
    final InMemoryBoxLocks locks = new InMemoryBoxLocks();
    final FakeConnector jira = new FakeConnector(ConnectionKind.JIRA_DC, clock);
    final ConnectionId connection;
    final UserId owner;
    final UserId admin;
    final UserId editor;
    final UserId viewer;
    SyncSettings settings = SyncSettings.defaults().withCoalescingInterval(Duration.ofSeconds(5));

    Fixture() {
        connection = tx.inTransaction(s -> s.connections().create("Acme Jira", ConnectionKind.JIRA_DC,
                URI.create("https://jira.example"), FieldMapping.jiraDefaults("customfield_10015"),
                account("acc-tech"), null).id());
        owner = user("olivia", "acc-olivia");
        admin = user("adam", "acc-adam");
        editor = user("eve", "acc-eve");
        viewer = user("victor", "acc-victor");
        jira.account("acc-tech").account("acc-olivia").account("acc-adam").account("acc-eve").account("acc-victor");
    }

    static RemoteAccount account(String id) {
        return new RemoteAccount(id, "", Secret.of("token-" + id));
    }

    UserId user(String login, String accountId) {
        return tx.inTransaction(s -> {
            UserId id = s.users().create(login, login.substring(0, 1).toUpperCase() + login.substring(1), false).id();
            s.accounts().link(id, connection, account(accountId));
            return id;
        });
    }

    SyncEnvironment env() {
        return SyncEnvironment.of(tx, c -> jira, locks, clock, settings);
    }

    Box ownBox(String name, String... projects) {
        return tx.inTransaction(s -> {
            Box box = s.boxes().create(name, BoxKind.PROGRAM, null, BoxStatus.IN_PROGRESS,
                    BoxScope.own(List.of(new BoxScope.Part(connection, ScopeQuery.ofProjects(projects)))), owner,
                    List.of(WbsBuilder.of(WbsBuilder.Kind.PROJECT), WbsBuilder.of(WbsBuilder.Kind.PARENT)),
                    TaskMode.AUTO_BASIC);
            members(s, box.id());
            return box;
        });
    }

    Box subBox(String name, BoxId parent, String filter) {
        return tx.inTransaction(s -> {
            Box box = s.boxes().create(name, BoxKind.PROJECT, parent, BoxStatus.IN_PROGRESS, BoxScope.sub(filter),
                    null, List.of(), TaskMode.AUTO_BASIC);
            members(s, box.id());
            return box;
        });
    }

    Box aggregateBox(String name, BoxId parent) {
        return tx.inTransaction(s -> {
            Box box = s.boxes().create(name, BoxKind.PORTFOLIO, parent, BoxStatus.IN_PROGRESS, BoxScope.none(),
                    null, List.of(), TaskMode.AUTO_BASIC);
            members(s, box.id());
            return box;
        });
    }

    private void members(Stores s, BoxId box) {
        s.boxes().setRole(box, owner, BoxRole.ADMIN);
        s.boxes().setRole(box, admin, BoxRole.ADMIN);
        s.boxes().setRole(box, editor, BoxRole.EDITOR);
        s.boxes().setRole(box, viewer, BoxRole.VIEWER);
    }

    <T> T read(Function<Stores, T> query) {
        return tx.inTransaction(query);
    }

    Box box(BoxId id) {
        return read(s -> s.boxes().find(id).orElseThrow());
    }

    void updateBox(BoxId id, java.util.function.UnaryOperator<Box> change) {
        tx.run(s -> s.boxes().update(change.apply(s.boxes().find(id).orElseThrow())));
    }

    long pendingEvents() {
        return tx.inTransaction(s -> s.events().stats(clock.now()).pendingEvents());
    }

    List<String> keysIn(BoxId box) {
        return read(s -> s.contents().tasks(box).stream().map(t -> t.key() == null ? t.summary() : t.key().value())
                .sorted().toList());
    }

    Task task(String key) {
        return read(s -> s.tasks().findByKey(connection, IssueKey.of(key)).orElseThrow());
    }

    Optional<Task> findTask(String key) {
        return read(s -> s.tasks().findByKey(connection, IssueKey.of(key)));
    }

    List<Change> history(BoxId box) {
        return read(s -> s.changes().ofBox(box, 1000, Optional.empty()));
    }

    List<Change> allChanges() {
        return tx.committedChanges();
    }

    List<io.boxsync.core.domain.WbsNode> wbs(BoxId box) {
        return tx.inTransaction(s -> s.contents().wbs(box));
    }

    List<io.boxsync.core.domain.Dependency> dependencies(BoxId box) {
        return tx.inTransaction(s -> s.dependencies().ofBox(box));
    }

    Optional<io.boxsync.connector.Cursor> cursor(BoxId box) {
        return tx.inTransaction(s -> s.cursors().get(box, connection));
    }

    Optional<SyncRun> heldRun(BoxId box) {
        return tx.inTransaction(s -> s.runs().held(box));
    }

    List<SyncRun> runs(BoxId box) {
        return read(s -> s.runs().recent(box, 100));
    }
}
