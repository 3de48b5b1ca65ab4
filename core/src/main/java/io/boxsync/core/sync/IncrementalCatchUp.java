package io.boxsync.core.sync;

import io.boxsync.connector.Connector;
import io.boxsync.connector.ConnectorException;
import io.boxsync.connector.Cursor;
import io.boxsync.connector.IssueKey;
import io.boxsync.connector.Page;
import io.boxsync.connector.PageToken;
import io.boxsync.connector.RemoteAccount;
import io.boxsync.connector.RemoteIssue;
import io.boxsync.core.domain.Author;
import io.boxsync.core.domain.Box;
import io.boxsync.core.domain.BoxId;
import io.boxsync.core.domain.BoxScope;
import io.boxsync.core.domain.ChangeKind;
import io.boxsync.core.domain.ChangeOrigin;
import io.boxsync.core.domain.SyncRun;
import io.boxsync.core.domain.Task;
import io.boxsync.core.domain.User;
import io.boxsync.core.domain.UserId;
import io.boxsync.core.port.BoxLocks;
import io.boxsync.core.port.Stores;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * S3: re-reads, per own-scope Box and connection, only the issues updated since the stored cursor (minus the
 * lookback), as the Scope Owner, and applies additions and updates page by page; each page's changes and the cursor
 * past them commit in one transaction. Nothing is removed here: an issue leaving the scope is handled by the
 * membership checks of partial sync or by the next full sync. A Box that is closed, waiting for a full sync, or
 * having one right now is skipped. Thread-safe.
 */
public final class IncrementalCatchUp {

    /**
     * What one catch-up did.
     *
     * @param box     the Box
     * @param ran     whether it ran (false when skipped)
     * @param reason  why it was skipped or failed, else empty
     * @param added   tasks added to the Box
     * @param updated tasks whose fields changed
     */
    public record Result(BoxId box, boolean ran, String reason, int added, int updated) {
    }

    private final SyncEnvironment env;

    public IncrementalCatchUp(SyncEnvironment env) {
        this.env = Objects.requireNonNull(env, "env");
    }

    /** Catches up every own-scope Box visited within the "recently visited" window. */
    public List<Result> catchUpVisited() {
        Instant now = env.clock().now();
        List<BoxId> boxes = env.tx().inTransaction(s -> s.boxes().all().stream()
                .filter(b -> b.scope().isOwn() && b.syncState().lastVisited() != null
                        && b.syncState().lastVisited().plus(env.settings().recentlyVisited()).isAfter(now))
                .map(Box::id).toList());
        List<Result> out = new ArrayList<>();
        boxes.forEach(b -> out.add(catchUp(b)));
        return out;
    }

    /** Catches up one Box. */
    public Result catchUp(BoxId boxId) {
        Optional<Box> found = env.tx().inTransaction(s -> s.boxes().find(boxId));
        if (found.isEmpty()) {
            return new Result(boxId, false, "there is no Box " + boxId, 0, 0);
        }
        Box box = found.get();
        if (box.isClosed() || !box.scope().isOwn()) {
            return new Result(boxId, false, box.isClosed() ? "the Box is closed" : "only own-scope Boxes read the tool",
                    0, 0);
        }
        if (box.syncState().flagged() || box.syncState().lastFullSync() == null) {
            return new Result(boxId, false, "the Box waits for a full sync", 0, 0);
        }
        Optional<BoxLocks.Held> lock = env.locks().tryLock(boxId);
        if (lock.isEmpty()) {
            return new Result(boxId, false, "a full sync of the Box is running", 0, 0);
        }
        try (BoxLocks.Held held = lock.get()) {
            return catchUpLocked(box);
        }
    }

    private Result catchUpLocked(Box box) {
        Instant started = env.clock().now();
        UserId owner = box.scopeOwner();
        SyncRun run = env.tx().inTransaction(s -> s.runs().start(box.id(), ChangeOrigin.INCREMENTAL, null, started,
                false));
        int[] counts = new int[2];
        try {
            for (BoxScope.Part part : box.scope().parts()) {
                Optional<RemoteAccount> account = env.tx().inTransaction(s -> s.accounts().accountOf(owner,
                        part.connection()));
                if (account.isEmpty()) {
                    throw new IllegalStateException("the Scope Owner has no linked account on connection "
                            + part.connection());
                }
                Connector connector = env.connectors().connector(part.connection());
                Cursor cursor = env.tx().inTransaction(s -> s.cursors().get(box.id(), part.connection()))
                        .orElse(Cursor.beginning());
                Optional<PageToken> token = Optional.empty();
                do {
                    Page<RemoteIssue> page = connector.incremental(part.query(), account.get(), cursor,
                            env.settings().lookback(), token);
                    env.tx().run(s -> applyPage(s, box, part, page.items(), run, counts));
                    token = page.next();
                } while (token.isPresent());
            }
        } catch (ConnectorException | IllegalStateException e) {
            String reason = "incremental read stopped: " + FullSync.describe(e) + "; the pages before it are kept";
            env.tx().run(s -> s.runs().finish(run.id(), SyncRun.Outcome.ABORTED, reason,
                    new SyncRun.Counts(counts[0], counts[1], 0, 0), env.clock().now()));
            return new Result(box.id(), true, reason, counts[0], counts[1]);
        }
        env.tx().run(s -> s.runs().finish(run.id(), SyncRun.Outcome.COMPLETED, "",
                new SyncRun.Counts(counts[0], counts[1], 0, 0), env.clock().now()));
        return new Result(box.id(), true, "", counts[0], counts[1]);
    }

    private void applyPage(Stores s, Box box, BoxScope.Part part, List<RemoteIssue> issues, SyncRun run,
                           int[] counts) {
        if (issues.isEmpty()) {
            return;
        }
        Instant now = env.clock().now();
        String name = s.users().find(box.scopeOwner()).map(User::displayName).orElse("user " + box.scopeOwner());
        ChangeRecorder rec = new ChangeRecorder(now, ChangeOrigin.INCREMENTAL, Author.scopeOwner(box.scopeOwner(),
                name), null, run.id(), "incremental catch-up #" + run.id());
        Map<IssueKey, Task> stored = s.tasks().findByKeys(part.connection(),
                issues.stream().map(RemoteIssue::key).toList());
        Set<io.boxsync.core.domain.TaskId> held = s.contents().taskIds(box.id());
        Cursor cursor = null;
        for (RemoteIssue issue : issues) {
            Cursor seen = new Cursor(issue.updated(), issue.key().value());
            cursor = cursor == null ? seen : cursor.max(seen);
            Task current = stored.get(issue.key());
            Task task;
            if (current == null) {
                task = s.tasks().insertAll(List.of(TaskFields.fromRemote(part.connection(), issue, null,
                        box.defaultTaskMode()))).get(0);
                stored.put(issue.key(), task);
            } else {
                task = current;
                if (current.remoteUpdated() == null || !issue.updated().isBefore(current.remoteUpdated())) {
                    Task incoming = TaskFields.fromRemote(part.connection(), issue, current, current.mode());
                    List<TaskFields.FieldChange> diff = TaskFields.changes(current, incoming);
                    if (!diff.isEmpty()) {
                        s.tasks().updateAll(List.of(incoming));
                        rec.fields(current.id(), diff);
                        counts[1]++;
                    }
                    stored.put(issue.key(), incoming);
                }
            }
            if (!held.contains(task.id())) {
                s.contents().add(box.id(), List.of(task.id()));
                rec.add(ChangeKind.TASK_ADDED, box.id(), task.id(), null, null, "in Box");
                counts[0]++;
                PartialWbs.place(s, env.wbs(), box.id(), task,
                        RemoteEventProcessor.links(part.connection(), Optional.of(issue)));
            }
        }
        s.changes().append(rec.changes());
        s.cursors().advance(box.id(), part.connection(), cursor);
    }
}
