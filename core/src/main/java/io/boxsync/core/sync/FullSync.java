package io.boxsync.core.sync;

import io.boxsync.connector.ConnectorException;
import io.boxsync.connector.Connector;
import io.boxsync.connector.Cursor;
import io.boxsync.connector.IndexHealth;
import io.boxsync.connector.IssueKey;
import io.boxsync.connector.IterationRef;
import io.boxsync.connector.Page;
import io.boxsync.connector.PageToken;
import io.boxsync.connector.RemoteAccount;
import io.boxsync.connector.RemoteIssue;
import io.boxsync.connector.RemoteLink;
import io.boxsync.connector.ScopeQuery;
import io.boxsync.core.domain.Author;
import io.boxsync.core.domain.Box;
import io.boxsync.core.domain.BoxId;
import io.boxsync.core.domain.BoxRole;
import io.boxsync.core.domain.BoxScope;
import io.boxsync.core.domain.Change;
import io.boxsync.core.domain.ChangeKind;
import io.boxsync.core.domain.ChangeOrigin;
import io.boxsync.core.domain.Connection;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.core.domain.Dependency;
import io.boxsync.core.domain.DependencyType;
import io.boxsync.core.domain.Iteration;
import io.boxsync.core.domain.SyncRun;
import io.boxsync.core.domain.SyncRunId;
import io.boxsync.core.domain.Task;
import io.boxsync.core.domain.TaskId;
import io.boxsync.core.domain.User;
import io.boxsync.core.domain.UserId;
import io.boxsync.core.domain.WbsNode;
import io.boxsync.core.port.BoxLocks;
import io.boxsync.core.port.Stores;
import io.boxsync.core.wbs.TaskLink;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * S2: the full sync of one Box, read as its Scope Owner.
 *
 * <p>At most one runs per Box: in this process a second request joins the running one and gets its result (a
 * request overriding a guard the running one does not override waits for it, then runs); across
 * nodes the Box's {@link BoxLocks lock} decides, and a request finding it held waits for the other node's run and
 * returns that run's result. Guards: a corrupted tool index aborts the run unless a Box admin chose to continue
 * without re-indexing (for that run only); a failed page aborts it with nothing applied; a run that would remove
 * more than the blast-radius share of the Box's tasks is held until a Box admin confirms or discards it. Everything
 * a run applies, its changes, its cursor and its outcome commit in one transaction; progress commits for the first
 * page and then at most every 500 ms. A repeated run writes only the net effect: a task whose read state, with the
 * dates its mode then gives it, equals the stored one is not written and records no change. Each run logs one INFO
 * line with its time per phase (also in {@link FullSyncResult#phases()}).
 *
 * <p>Thread-safe: one instance serves the whole process.
 */
public final class FullSync {

    private static final int MEMBERSHIP_BATCH = 100;
    /** New tasks are stored in batches of this size, so the run holds at most one batch of stored copies. */
    private static final int INSERT_BATCH = 5000;
    /** Progress is recorded for the first page, then at most this often (each record is a commit), and at the end. */
    private static final long PROGRESS_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final System.Logger LOG = System.getLogger(FullSync.class.getName());

    private final SyncEnvironment env;
    private final ConcurrentHashMap<BoxId, InFlight> inFlight = new ConcurrentHashMap<>();

    public FullSync(SyncEnvironment env) {
        this.env = Objects.requireNonNull(env, "env");
    }

    /**
     * Runs (or joins) a full sync of the Box. Blocks until it ends. Never throws for tool failures: they end the run
     * as ABORTED with the reason.
     */
    public FullSyncResult run(FullSyncRequest request) {
        SyncPhases phases = new SyncPhases();
        long t = System.nanoTime();
        Optional<FullSyncResult> refusal = env.tx().inTransaction(s -> precheck(s, request));
        if (refusal.isPresent()) {
            return refusal.get();
        }
        phases.add("precheck", t);
        while (true) {
            InFlight mine = new InFlight(request, new CompletableFuture<>());
            InFlight running = inFlight.putIfAbsent(request.box(), mine);
            if (running != null) {
                if (running.sameGuards(request)) {
                    return running.result().join();
                }
                running.result().handle((result, failure) -> result).join();
                continue;
            }
            try {
                FullSyncResult result = runExclusive(request, phases).withPhases(phases.millis());
                LOG.log(System.Logger.Level.INFO, () -> "Full sync of Box " + request.box().value() + " "
                        + result.status() + result.run().map(r -> " run #" + r.id().value() + " " + r.counts())
                        .orElse("") + ": " + phases.summary());
                mine.result().complete(result);
                return result;
            } catch (RuntimeException | Error e) {
                mine.result().completeExceptionally(e);
                throw e;
            } finally {
                inFlight.remove(request.box(), mine);
            }
        }
    }

    /** A run in this process; a request joins it only when it asks for the same guard overrides. */
    private record InFlight(FullSyncRequest request, CompletableFuture<FullSyncResult> result) {
        boolean sameGuards(FullSyncRequest other) {
            return request.continueWithoutReindex() == other.continueWithoutReindex()
                    && request.confirmRemovals() == other.confirmRemovals();
        }
    }

    /** A Box admin confirms the Box's held run: a new run applies it with the blast-radius guard overridden. */
    public FullSyncResult confirmHeld(BoxId box, UserId admin) {
        Optional<SyncRun> held = env.tx().inTransaction(s -> s.runs().held(box));
        if (held.isEmpty()) {
            return FullSyncResult.refused("Box " + box + " has no held sync run to confirm");
        }
        if (!isAdmin(box, admin)) {
            return FullSyncResult.refused("only a Box admin may confirm a held sync run");
        }
        return run(new FullSyncRequest(box, admin, held.get().indexOverride(), true,
                "confirmation of held run #" + held.get().id()));
    }

    /** A Box admin discards the Box's held run: nothing of it is applied; the run is recorded as DISCARDED. */
    public FullSyncResult discardHeld(BoxId box, UserId admin) {
        if (!isAdmin(box, admin)) {
            return FullSyncResult.refused("only a Box admin may discard a held sync run");
        }
        return env.tx().inTransaction(s -> {
            Optional<SyncRun> held = s.runs().held(box);
            if (held.isEmpty()) {
                return FullSyncResult.refused("Box " + box + " has no held sync run to discard");
            }
            SyncRun run = held.get();
            s.runs().finish(run.id(), SyncRun.Outcome.DISCARDED, "discarded by user " + admin + "; was: "
                    + run.reason(), run.counts(), env.clock().now());
            return FullSyncResult.of(s.runs().find(run.id()).orElseThrow());
        });
    }

    private boolean isAdmin(BoxId box, UserId user) {
        return user != null && env.tx().inTransaction(s -> s.boxes().role(box, user))
                .map(r -> r.includes(BoxRole.ADMIN)).orElse(false);
    }

    private Optional<FullSyncResult> precheck(Stores s, FullSyncRequest request) {
        Optional<Box> found = s.boxes().find(request.box());
        if (found.isEmpty()) {
            return Optional.of(FullSyncResult.refused("there is no Box " + request.box()));
        }
        Box box = found.get();
        if (box.isClosed()) {
            return Optional.of(FullSyncResult.skipped("Box " + box.id() + " is closed: closed Boxes are read-only "
                    + "and never synchronized"));
        }
        if (request.continueWithoutReindex() || request.confirmRemovals()) {
            boolean admin = request.requester() != null && s.boxes().role(box.id(), request.requester())
                    .map(r -> r.includes(BoxRole.ADMIN)).orElse(false);
            if (!admin) {
                return Optional.of(FullSyncResult.refused("only a Box admin may override a sync guard "
                        + "(continue without re-indexing, confirm removals)"));
            }
        }
        if (box.scope().mode() == BoxScope.Mode.NONE) {
            return Optional.empty();
        }
        Optional<Box> root = Scopes.ownScopeRoot(s.boxes(), box);
        if (root.isEmpty()) {
            return Optional.of(FullSyncResult.refused("sub-scope Box " + box.id() + " has no own-scope ancestor "
                    + "to take its tasks from; give it an own scope or move it under one"));
        }
        UserId owner = Scopes.scopeOwner(s.boxes(), box).orElseThrow();
        for (BoxScope.Part part : root.get().scope().parts()) {
            if (s.accounts().accountOf(owner, part.connection()).isEmpty()) {
                String name = s.users().find(owner).map(User::displayName).orElse("user " + owner);
                String connection = s.connections().find(part.connection()).map(Connection::name)
                        .orElse("connection " + part.connection());
                return Optional.of(FullSyncResult.refused("the Scope Owner " + name + " has no linked account on "
                        + connection + ": they must link one, or a Box admin must choose another Scope Owner"));
            }
        }
        return Optional.empty();
    }

    private FullSyncResult runExclusive(FullSyncRequest request, SyncPhases phases) {
        long t = System.nanoTime();
        Optional<BoxLocks.Held> lock = env.locks().tryLock(request.box());
        if (lock.isPresent()) {
            phases.add("lock", t);
            try (BoxLocks.Held held = lock.get()) {
                return syncLocked(request, phases);
            }
        }
        return awaitOtherNode(request, phases);
    }

    /** The lock is held by another node: wait for its run and take its result, or run once the lock frees. */
    private FullSyncResult awaitOtherNode(FullSyncRequest request, SyncPhases phases) {
        long t = System.nanoTime();
        long deadline = System.nanoTime() + env.settings().lockWait().toNanos();
        Optional<SyncRun> seen = Optional.empty();
        while (true) {
            Optional<SyncRun> running = env.tx().inTransaction(s -> s.runs().running(request.box()));
            if (running.isPresent()) {
                seen = running;
            } else {
                Optional<SyncRun> finished = finishedVersionOf(seen);
                if (finished.isPresent()) {
                    return FullSyncResult.of(finished.get());
                }
            }
            Optional<BoxLocks.Held> lock = env.locks().tryLock(request.box());
            if (lock.isPresent()) {
                phases.add("lockWait", t);
                try (BoxLocks.Held held = lock.get()) {
                    Optional<SyncRun> finished = finishedVersionOf(seen);
                    return finished.isPresent() ? FullSyncResult.of(finished.get()) : syncLocked(request, phases);
                }
            }
            if (System.nanoTime() > deadline) {
                return FullSyncResult.refused("another node has been running a full sync of Box " + request.box()
                        + " for longer than " + env.settings().lockWait() + "; try again later");
            }
            sleep();
        }
    }

    private Optional<SyncRun> finishedVersionOf(Optional<SyncRun> seen) {
        if (seen.isEmpty()) {
            return Optional.empty();
        }
        SyncRunId id = seen.get().id();
        return env.tx().inTransaction(s -> s.runs().find(id)).filter(SyncRun::isFinished);
    }

    private void sleep() {
        try {
            TimeUnit.MILLISECONDS.sleep(env.settings().lockPoll().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for another node's full sync", e);
        }
    }

    private FullSyncResult syncLocked(FullSyncRequest request, SyncPhases phases) {
        long t = System.nanoTime();
        Instant now = env.clock().now();
        SyncRun run = env.tx().inTransaction(s -> {
            s.runs().running(request.box()).ifPresent(stale -> s.runs().finish(stale.id(), SyncRun.Outcome.ABORTED,
                    "interrupted: the node running it stopped", stale.counts(), now));
            return s.runs().start(request.box(), ChangeOrigin.FULL, request.requester(), now,
                    request.continueWithoutReindex());
        });
        phases.add("startRecord", t);
        try {
            return execute(run, request, phases);
        } catch (RuntimeException e) {
            return finish(run, SyncRun.Outcome.ABORTED, "the sync failed and changed nothing: " + describe(e),
                    SyncRun.Counts.NONE);
        }
    }

    private FullSyncResult execute(SyncRun run, FullSyncRequest request, SyncPhases phases) {
        long t = System.nanoTime();
        Context ctx = env.tx().inTransaction(s -> context(s, request));
        t = phases.add("context", t);
        if (ctx.box.isClosed()) {
            return finish(run, SyncRun.Outcome.ABORTED, "the Box was closed", SyncRun.Counts.NONE);
        }
        Plan plan = new Plan(ctx, phases);
        if (ctx.box.scope().mode() != BoxScope.Mode.NONE) {
            for (BoxScope.Part part : ctx.root.scope().parts()) {
                Connector connector = env.connectors().connector(part.connection());
                IndexHealth health = connector.indexHealth();
                if (health.isCorrupted() && !request.continueWithoutReindex()) {
                    return finish(run, SyncRun.Outcome.ABORTED, "the tool of " + ctx.connectionName(part.connection())
                            + " reports a corrupted search index" + (health.detail().isBlank() ? "" : " ("
                            + health.detail() + ")") + ": nothing was synchronized. Ask a tool admin to re-index; a "
                            + "Box admin may continue without re-indexing for one run, which can cause irreversible, "
                            + "unintended changes of the Box's scope", SyncRun.Counts.NONE);
                }
            }
        }
        phases.add("indexHealth", t);
        String failure = switch (ctx.box.scope().mode()) {
            case OWN -> readOwnScope(run, ctx, plan);
            case SUB -> readSubScope(ctx, plan);
            case NONE -> readAggregate(ctx, plan);
        };
        if (failure != null) {
            return finish(run, SyncRun.Outcome.ABORTED, failure, SyncRun.Counts.NONE);
        }
        plan.computeRemovals();
        int held = ctx.boxTasks.size();
        plan.releaseStoredTasks();
        int removing = plan.removeFromBox.size();
        if (!request.confirmRemovals() && held > 0 && removing > env.settings().blastRadius() * held) {
            return finish(run, SyncRun.Outcome.HELD, "this run would remove " + removing + " of the Box's " + held
                    + " tasks (" + Math.round(100.0 * removing / held) + "%), more than the "
                    + Math.round(100 * env.settings().blastRadius()) + "% allowed: nothing was applied. A Box admin "
                    + "must confirm or discard it", plan.counts());
        }
        long applyStart = System.nanoTime();
        FullSyncResult applied = env.tx().inTransaction(s -> apply(s, run, request, ctx, plan, phases));
        phases.add("commit", plan.applyEnd == 0 ? applyStart : plan.applyEnd);
        return applied;
    }

    private Context context(Stores s, FullSyncRequest request) {
        Box box = s.boxes().find(request.box()).orElseThrow();
        Box root = box.scope().mode() == BoxScope.Mode.NONE ? box : Scopes.ownScopeRoot(s.boxes(), box).orElseThrow();
        UserId owner = Scopes.scopeOwner(s.boxes(), box).orElse(null);
        Author author = owner == null ? Author.technicalUser()
                : Author.scopeOwner(owner, s.users().find(owner).map(User::displayName).orElse("user " + owner));
        Map<ConnectionId, RemoteAccount> accounts = new HashMap<>();
        Map<ConnectionId, Connection> connections = new HashMap<>();
        if (box.scope().mode() != BoxScope.Mode.NONE) {
            for (BoxScope.Part part : root.scope().parts()) {
                accounts.put(part.connection(), s.accounts().accountOf(owner, part.connection()).orElseThrow(
                        () -> new IllegalStateException("the Scope Owner unlinked their account")));
                s.connections().find(part.connection()).ifPresent(c -> connections.put(c.id(), c));
            }
        }
        List<Task> boxTasks = new ArrayList<>(s.contents().tasks(box.id()));
        return new Context(box, root, author, accounts, connections, boxTasks);
    }

    private String readOwnScope(SyncRun run, Context ctx, Plan plan) {
        long lastProgress = 0;
        int pagesRead = 0;
        int pagesExpected = 0;
        boolean totalKnown = true;
        int partsLeft = ctx.root.scope().parts().size();
        for (BoxScope.Part part : ctx.root.scope().parts()) {
            partsLeft--;
            Connector connector = env.connectors().connector(part.connection());
            RemoteAccount account = ctx.accounts.get(part.connection());
            Optional<PageToken> token = Optional.empty();
            int partPage = 0;
            do {
                Page<RemoteIssue> page;
                long t = System.nanoTime();
                try {
                    page = connector.snapshot(part.query(), account, token);
                    t = plan.phases.add("remoteRead", t);
                } catch (ConnectorException e) {
                    return "page " + (partPage + 1) + " of " + ctx.connectionName(part.connection())
                            + " could not be read (" + e.kind() + ": " + e.getMessage() + "): nothing was changed; "
                            + "tasks are removed only after a complete read";
                }
                partPage++;
                pagesRead++;
                if (partPage == 1) {
                    if (page.total().isPresent()) {
                        long size = Math.max(1, page.items().size());
                        pagesExpected += (int) Math.max(1, (page.total().getAsLong() + size - 1) / size);
                    } else {
                        totalKnown = false;
                    }
                }
                plan.read(part.connection(), page.items());
                t = plan.phases.add("diff", t);
                int read = pagesRead;
                int total = totalKnown && partsLeft == 0 ? Math.max(pagesExpected, pagesRead) : -1;
                token = page.next();
                if (pagesRead == 1 || t - lastProgress >= PROGRESS_EVERY_NANOS || (token.isEmpty() && partsLeft == 0)) {
                    env.tx().run(s -> s.runs().progress(run.id(), read, total));
                    lastProgress = plan.phases.add("progress", t);
                }
            } while (token.isPresent());
        }
        return null;
    }

    private String readSubScope(Context ctx, Plan plan) {
        Map<ConnectionId, List<Task>> candidates = env.tx().inTransaction(s -> {
            Map<ConnectionId, List<Task>> byConnection = new LinkedHashMap<>();
            for (Task t : s.contents().tasks(ctx.root.id())) {
                if (!t.isBasic()) {
                    byConnection.computeIfAbsent(t.connection(), c -> new ArrayList<>()).add(t);
                }
            }
            return byConnection;
        });
        for (BoxScope.Part part : ctx.root.scope().parts()) {
            List<Task> tasks = candidates.getOrDefault(part.connection(), List.of());
            ScopeQuery query = Scopes.narrowed(part.query(), ctx.box.scope().subFilter());
            Connector connector = env.connectors().connector(part.connection());
            for (int from = 0; from < tasks.size(); from += MEMBERSHIP_BATCH) {
                List<Task> chunk = tasks.subList(from, Math.min(tasks.size(), from + MEMBERSHIP_BATCH));
                Set<IssueKey> members;
                try {
                    members = connector.membership(query, chunk.stream().map(Task::key).toList(),
                            ctx.accounts.get(part.connection()));
                } catch (ConnectorException e) {
                    return "the membership check on " + ctx.connectionName(part.connection()) + " failed ("
                            + e.kind() + ": " + e.getMessage() + "): nothing was changed";
                }
                for (Task t : chunk) {
                    if (members.contains(t.key())) {
                        plan.keep(t);
                    }
                }
            }
        }
        return null;
    }

    private String readAggregate(Context ctx, Plan plan) {
        env.tx().run(s -> {
            Set<TaskId> ids = new LinkedHashSet<>();
            for (Box sub : Scopes.descendants(s.boxes(), ctx.box.id())) {
                ids.addAll(s.contents().taskIds(sub.id()));
            }
            s.tasks().findAll(ids).forEach(plan::keep);
        });
        return null;
    }

    private FullSyncResult apply(Stores s, SyncRun run, FullSyncRequest request, Context ctx, Plan plan,
                                 SyncPhases phases) {
        long t = System.nanoTime();
        Instant now = env.clock().now();
        Box box = s.boxes().find(ctx.box.id()).orElseThrow();
        if (box.isClosed()) {
            s.runs().finish(run.id(), SyncRun.Outcome.ABORTED, "the Box was closed during the run",
                    SyncRun.Counts.NONE, now);
            plan.applyEnd = System.nanoTime();
            return FullSyncResult.of(s.runs().find(run.id()).orElseThrow());
        }
        ChangeRecorder rec = new ChangeRecorder(now, ChangeOrigin.FULL, ctx.author, request.requester(), run.id(),
                "full sync #" + run.id() + " (" + request.cause() + ")");
        Set<TaskId> inBox = new HashSet<>(s.contents().taskIds(box.id()));
        Set<TaskId> addToBox = new LinkedHashSet<>(plan.keepIds);
        Map<TaskId, Task> storedBefore = new HashMap<>();
        Map<TaskId, Task> remoteState = new LinkedHashMap<>();
        for (Map.Entry<ConnectionId, Map<IssueKey, Task>> entry : plan.incoming.entrySet()) {
            ConnectionId connection = entry.getKey();
            Map<IssueKey, Task> stored = s.tasks().findByKeys(connection, entry.getValue().keySet());
            List<Task> inserts = new ArrayList<>();
            for (Task incoming : entry.getValue().values()) {
                Task current = stored.get(incoming.key());
                if (current == null) {
                    inserts.add(incoming.id() == null ? incoming : incoming.withId(null));
                    if (inserts.size() == INSERT_BATCH) {
                        s.tasks().insertAll(inserts).forEach(inserted -> addToBox.add(inserted.id()));
                        inserts.clear();
                    }
                } else {
                    if (current.remoteUpdated() == null || incoming.remoteUpdated() == null
                            || !incoming.remoteUpdated().isBefore(current.remoteUpdated())) {
                        storedBefore.put(current.id(), current);
                        remoteState.put(current.id(), TaskFields.fromRemoteTask(incoming, current));
                    }
                    addToBox.add(current.id());
                }
            }
            s.tasks().insertAll(inserts).forEach(inserted -> addToBox.add(inserted.id()));
        }
        t = phases.add("taskInserts", t);
        addToBox.removeAll(inBox);
        s.contents().add(box.id(), addToBox);
        addToBox.forEach(id -> rec.add(ChangeKind.TASK_ADDED, box.id(), id, null, null, "in Box"));
        List<TaskId> removing = plan.removeFromBox.stream().map(Task::id).toList();
        s.contents().remove(box.id(), removing);
        removing.forEach(id -> rec.add(ChangeKind.TASK_REMOVED, box.id(), id, null, "in Box", null));
        t = phases.add("membership", t);

        List<Task> boxTasks = new ArrayList<>(s.contents().tasks(box.id()));
        List<WbsNode> oldWbs = s.contents().wbs(box.id());
        t = phases.add("boxLoad", t);
        syncDependencies(s, box.id(), ctx, plan, rec, boxTasks);
        t = phases.add("dependencies", t);
        for (Map.Entry<ConnectionId, Set<IterationRef>> entry : plan.iterations.entrySet()) {
            for (IterationRef ref : entry.getValue()) {
                if (s.iterations().find(entry.getKey(), ref.kind(), ref.id()).isEmpty()) {
                    s.iterations().upsert(new Iteration(entry.getKey(), ref, null, null, ""));
                }
            }
        }
        t = phases.add("iterations", t);
        boxTasks.replaceAll(task -> remoteState.getOrDefault(task.id(), task));
        List<WbsNode> newWbs = env.wbs().build(boxTasks, plan.taskLinks, box.builders());
        t = phases.add("wbsBuild", t);
        List<Task> moved = env.dates().recalculate(boxTasks, newWbs, s.dependencies().ofBox(box.id()));
        t = phases.add("dates", t);
        writeNetChanges(s, boxTasks, remoteState, storedBefore, moved, plan, rec);
        t = phases.add("taskUpdates", t);
        if (!oldWbs.equals(newWbs)) {
            s.contents().replaceWbs(box.id(), newWbs);
            rec.add(ChangeKind.WBS_CHANGED, box.id(), null, "wbs", oldWbs.size() + " nodes", newWbs.size() + " nodes");
        }
        t = phases.add("wbsWrite", t);
        plan.cursors.forEach((connection, cursor) -> s.cursors().advance(box.id(), connection, cursor));
        s.changes().append(rec.changes());
        t = phases.add("history", t);
        SyncRun.Counts counts = plan.counts();
        s.runs().finish(run.id(), SyncRun.Outcome.COMPLETED, "", counts, env.clock().now());
        s.boxes().update(box.withSyncState(box.syncState().synced(now)));
        FullSyncResult result = FullSyncResult.of(s.runs().find(run.id()).orElseThrow());
        plan.applyEnd = phases.add("finish", t);
        return result;
    }

    /**
     * Writes each task whose new state differs from its stored one: the remote state read, with the dates the task
     * modes then give it. A task whose remote value differs only because automation had moved it, and that
     * automation moves back to the same place, writes nothing and records no change (a repeated sync is a no-op).
     */
    private static void writeNetChanges(Stores s, List<Task> boxTasks, Map<TaskId, Task> remoteState,
                                        Map<TaskId, Task> storedBefore, List<Task> moved, Plan plan,
                                        ChangeRecorder rec) {
        Map<TaskId, Task> next = new LinkedHashMap<>(remoteState);
        moved.forEach(m -> next.put(m.id(), m));
        Map<TaskId, Task> before = new HashMap<>(storedBefore);
        if (!moved.isEmpty()) {
            Set<TaskId> movedIds = new HashSet<>();
            moved.forEach(m -> movedIds.add(m.id()));
            for (Task stored : boxTasks) {
                if (movedIds.contains(stored.id())) {
                    before.putIfAbsent(stored.id(), stored);
                }
            }
        }
        List<Task> writes = new ArrayList<>();
        for (Task after : next.values()) {
            Task was = before.get(after.id());
            if (was == null) {
                continue;
            }
            List<TaskFields.FieldChange> diff = TaskFields.changes(was, after);
            Task remote = remoteState.get(after.id());
            if (diff.isEmpty() && remote != null && plan.boxIds.contains(after.id())
                    && !TaskFields.changes(was, remote).isEmpty()) {
                plan.updated = Math.max(0, plan.updated - 1);
                plan.unchanged++;
            }
            if (!diff.isEmpty() || !Objects.equals(was.remoteUpdated(), after.remoteUpdated())) {
                writes.add(after);
                rec.fields(after.id(), diff);
            }
        }
        s.tasks().updateAll(writes);
    }

    /**
     * Adds a dependency for each mapped link not stored yet and, for an own scope, removes the stored remote
     * dependencies of the tasks read whose link is gone. The tasks come from the Box's tasks at hand (every task
     * read is in the Box by now); the stored dependencies of those tasks are read in one query.
     */
    private void syncDependencies(Stores s, BoxId box, Context ctx, Plan plan, ChangeRecorder rec,
                                  List<Task> boxTasks) {
        Map<ConnectionId, Map<IssueKey, Task>> byKey = new HashMap<>();
        for (Task t : boxTasks) {
            if (!t.isBasic()) {
                byKey.computeIfAbsent(t.connection(), c -> new HashMap<>()).put(t.key(), t);
            }
        }
        Set<TaskId> readTasks = new HashSet<>();
        Set<TaskId> endpoints = new HashSet<>();
        for (Map.Entry<ConnectionId, Set<IssueKey>> entry : plan.seen.entrySet()) {
            Map<IssueKey, Task> tasks = byKey.getOrDefault(entry.getKey(), Map.of());
            List<IssueKey> elsewhere = new ArrayList<>();
            for (IssueKey key : entry.getValue()) {
                Task t = tasks.get(key);
                if (t != null) {
                    readTasks.add(t.id());
                } else {
                    elsewhere.add(key);
                }
            }
            if (!elsewhere.isEmpty()) {
                s.tasks().findByKeys(entry.getKey(), elsewhere).values().forEach(t -> readTasks.add(t.id()));
            }
        }
        Map<String, Optional<Task>> outside = new HashMap<>();
        java.util.function.BiFunction<ConnectionId, IssueKey, Optional<Task>> resolve = (connection, key) -> {
            Task t = byKey.getOrDefault(connection, Map.of()).get(key);
            return t != null ? Optional.of(t) : outside.computeIfAbsent(connection.value() + "/" + key.value(),
                    k -> s.tasks().findByKey(connection, key));
        };
        for (Map.Entry<ConnectionId, List<RemoteLink>> entry : plan.links.entrySet()) {
            for (RemoteLink link : entry.getValue()) {
                resolve.apply(entry.getKey(), link.from()).ifPresent(t -> endpoints.add(t.id()));
                resolve.apply(entry.getKey(), link.to()).ifPresent(t -> endpoints.add(t.id()));
            }
        }
        Set<TaskId> touched = new HashSet<>(readTasks);
        touched.addAll(endpoints);
        List<Dependency> stored = s.dependencies().touching(touched);
        Set<String> storedLinks = new HashSet<>();
        stored.forEach(d -> {
            if (d.remoteLinkId() != null) {
                storedLinks.add(d.remoteLinkId());
            }
        });
        Set<String> seenLinks = new HashSet<>();
        for (Map.Entry<ConnectionId, List<RemoteLink>> entry : plan.links.entrySet()) {
            ConnectionId connection = entry.getKey();
            Connection conn = ctx.connections.get(connection);
            for (RemoteLink link : entry.getValue()) {
                seenLinks.add(link.linkId());
                if (storedLinks.contains(link.linkId())) {
                    continue;
                }
                DependencyType type = dependencyType(conn, link.type());
                Optional<Task> from = resolve.apply(connection, link.from());
                Optional<Task> to = resolve.apply(connection, link.to());
                if (type == null || from.isEmpty() || to.isEmpty() || from.get().id().equals(to.get().id())
                        || s.dependencies().findByRemoteLink(link.linkId()).isPresent()) {
                    continue;
                }
                Dependency added = s.dependencies().insert(new Dependency(null, from.get().id(), to.get().id(), type,
                        true, link.lagDays(), link.linkId()));
                storedLinks.add(link.linkId());
                rec.add(ChangeKind.DEPENDENCY_ADDED, box, from.get().id(), "dependency", null,
                        type + " " + link.from() + " -> " + link.to() + " #" + added.id());
            }
        }
        if (ctx.box.scope().mode() != BoxScope.Mode.OWN) {
            return;
        }
        for (Dependency dep : stored) {
            if (dep.remoteLinkId() != null && readTasks.contains(dep.from()) && !seenLinks.contains(dep.remoteLinkId())) {
                s.dependencies().delete(dep.id());
                rec.add(ChangeKind.DEPENDENCY_REMOVED, box, dep.from(), "dependency",
                        dep.type() + " #" + dep.id(), null);
            }
        }
    }

    static DependencyType dependencyType(Connection connection, String linkType) {
        if (connection == null) {
            return null;
        }
        String mapped = connection.fieldMapping().dependencyTypes().get(linkType);
        if (mapped == null) {
            return null;
        }
        try {
            return DependencyType.valueOf(mapped.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private FullSyncResult finish(SyncRun run, SyncRun.Outcome outcome, String reason, SyncRun.Counts counts) {
        return env.tx().inTransaction(s -> {
            s.runs().finish(run.id(), outcome, reason, counts, env.clock().now());
            return FullSyncResult.of(s.runs().find(run.id()).orElseThrow());
        });
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    private record Context(Box box, Box root, Author author, Map<ConnectionId, RemoteAccount> accounts,
                           Map<ConnectionId, Connection> connections, List<Task> boxTasks) {
        String connectionName(ConnectionId id) {
            Connection c = connections.get(id);
            return c == null ? "connection " + id : c.name();
        }
    }

    /**
     * What a run will apply, gathered page by page: only the issues that are new or changed are kept whole; the
     * others count as unchanged and leave only their key.
     */
    private final class Plan {
        final Context ctx;
        final Map<ConnectionId, Map<IssueKey, Task>> incoming = new LinkedHashMap<>();
        final Map<ConnectionId, Set<IssueKey>> seen = new HashMap<>();
        final Set<TaskId> keepIds = new LinkedHashSet<>();
        final Map<ConnectionId, List<RemoteLink>> links = new HashMap<>();
        final List<TaskLink> taskLinks = new ArrayList<>();
        final Map<ConnectionId, Set<IterationRef>> iterations = new HashMap<>();
        final Map<ConnectionId, Cursor> cursors = new HashMap<>();
        final Set<TaskId> boxIds = new HashSet<>();
        final Map<ConnectionId, Map<IssueKey, Task>> boxByKey = new HashMap<>();
        final List<Task> removeFromBox = new ArrayList<>();
        final SyncPhases phases;
        long applyEnd;
        int added;
        int updated;
        int unchanged;

        Plan(Context ctx, SyncPhases phases) {
            this.ctx = ctx;
            this.phases = phases;
            for (Task t : ctx.boxTasks) {
                boxIds.add(t.id());
                if (!t.isBasic()) {
                    boxByKey.computeIfAbsent(t.connection(), c -> new HashMap<>()).put(t.key(), t);
                }
            }
        }

        void read(ConnectionId connection, List<RemoteIssue> issues) {
            if (issues.isEmpty()) {
                return;
            }
            Set<IssueKey> keys = seen.computeIfAbsent(connection, c -> new HashSet<>());
            Map<IssueKey, Task> stored = boxByKey.getOrDefault(connection, Map.of());
            // an issue stored but not in the Box counts as added here; the apply step finds and updates its task
            Connection conn = ctx.connections.get(connection);
            for (RemoteIssue issue : issues) {
                if (!keys.add(issue.key())) {
                    continue;
                }
                Task current = stored.get(issue.key());
                Task incomingTask = TaskFields.fromRemote(connection, issue, current, ctx.box.defaultTaskMode());
                boolean changed = current == null || !TaskFields.changes(current, incomingTask).isEmpty();
                boolean held = current != null && boxIds.contains(current.id());
                if (!held) {
                    added++;
                } else if (changed) {
                    updated++;
                } else {
                    unchanged++;
                }
                if (changed || !held) {
                    incoming.computeIfAbsent(connection, c -> new LinkedHashMap<>()).put(issue.key(), incomingTask);
                }
                for (RemoteLink link : issue.links()) {
                    if (link.from().equals(issue.key())) {
                        taskLinks.add(TaskLink.of(connection, link));
                    }
                    if (dependencyType(conn, link.type()) != null) {
                        links.computeIfAbsent(connection, c -> new ArrayList<>()).add(link);
                    }
                }
                iterations.computeIfAbsent(connection, c -> new HashSet<>()).addAll(issue.iterations());
                Cursor cursor = new Cursor(issue.updated(), issue.key().value());
                cursors.merge(connection, cursor, Cursor::max);
            }
        }

        void keep(Task task) {
            if (keepIds.add(task.id())) {
                if (boxIds.contains(task.id())) {
                    unchanged++;
                } else {
                    added++;
                }
            }
        }

        /** The Box's tasks as read at the start are no longer needed: the apply step reads them afresh. */
        void releaseStoredTasks() {
            ctx.boxTasks.clear();
            boxByKey.clear();
        }

        void computeRemovals() {
            for (Task t : ctx.boxTasks) {
                if (t.isBasic()) {
                    continue;
                }
                boolean stays = ctx.box.scope().mode() == BoxScope.Mode.OWN
                        ? seen.getOrDefault(t.connection(), Set.of()).contains(t.key())
                        : keepIds.contains(t.id());
                if (!stays) {
                    removeFromBox.add(t);
                }
            }
        }

        SyncRun.Counts counts() {
            return new SyncRun.Counts(added, updated, removeFromBox.size(), unchanged);
        }
    }
}
