package io.boxsync.server.api;

import io.boxsync.connector.IssueKey;
import io.boxsync.connector.IterationRef;
import io.boxsync.core.domain.Author;
import io.boxsync.core.domain.Box;
import io.boxsync.core.domain.BoxId;
import io.boxsync.core.domain.BoxRole;
import io.boxsync.core.domain.Change;
import io.boxsync.core.domain.ChangeKind;
import io.boxsync.core.domain.ChangeOrigin;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.core.domain.DependencyType;
import io.boxsync.core.domain.SyncRun;
import io.boxsync.core.domain.Task;
import io.boxsync.core.domain.TaskId;
import io.boxsync.core.domain.TaskMode;
import io.boxsync.core.domain.WbsNode;
import io.boxsync.core.port.EventQueue;
import io.boxsync.core.port.Stores;
import io.boxsync.core.sync.ActionResult;
import io.boxsync.core.sync.BoxModule;
import io.boxsync.core.sync.BoxOpening;
import io.boxsync.core.sync.FullSyncResult;
import io.boxsync.core.sync.SyncService;
import io.boxsync.server.api.Requests.CadenceRequest;
import io.boxsync.server.api.Requests.DatesRequest;
import io.boxsync.server.api.Requests.DependencyRequest;
import io.boxsync.server.api.Requests.ModeRequest;
import io.boxsync.server.api.Requests.OpenRequest;
import io.boxsync.server.api.Requests.ResyncRequest;
import io.boxsync.server.api.Views.Contents;
import io.boxsync.server.api.Views.RunView;
import io.boxsync.server.api.Views.TaskView;
import io.boxsync.server.http.ApiException;
import io.boxsync.server.http.HttpApi;
import io.boxsync.server.http.Problem;
import io.boxsync.server.http.ProblemResponses;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sync triggers and the S5 actions: opening a Box (lazy full sync in the background, with progress to poll),
 * the sync state, a Box admin's re-sync with the corrupted-index override, confirming or discarding a held run,
 * the issue WBS panel, and moving, re-cadencing and linking tasks with the caller's own remote rights.
 */
public final class SyncResources implements HttpApi.RouteModule {
    private static final Logger LOG = LoggerFactory.getLogger(SyncResources.class);
    private static final LocalDate EARLIEST = LocalDate.of(1970, 1, 1);

    private final SyncService sync;
    private final ExecutorService background;

    /**
     * @param background runs the full syncs that opening a Box or a re-sync starts, so requests answer at once
     */
    public SyncResources(SyncService sync, ExecutorService background) {
        this.sync = sync;
        this.background = background;
    }

    /** A Box's sync state as the UI shows it. */
    public record SyncView(boolean flagged, String flagReason, Instant lastFullSync, Long lagSeconds, long queueDepth,
                           RunView running, RunView lastRun, RunView held, boolean indexCorrupted, boolean closed) {
    }

    /** The answer to opening a Box. */
    public record OpenView(SyncView sync, Contents contents) {
    }

    /** An issue's place in one Box. */
    public record PlacementView(long boxId, String boxName, List<String> path, SyncView sync) {
    }

    /** The WBS panel of an issue. */
    public record IssueWbsView(TaskView issue, List<PlacementView> boxes) {
    }

    /** What an action changed. */
    public record ActionView(TaskView task, List<TaskView> cascade) {
    }

    @Override
    public void register(RoutesConfig routes, ProblemResponses problems) {
        routes.post("/api/boxes/{boxId}/open", this::open);
        routes.get("/api/boxes/{boxId}/sync", ctx -> {
            Caller caller = Access.caller(ctx);
            BoxId id = Params.box(ctx);
            ctx.json(tx(s -> {
                Access.box(s, caller, id, BoxRole.VIEWER);
                return syncView(s, id);
            }));
        });
        routes.post("/api/boxes/{boxId}/resync", this::resync);
        routes.post("/api/boxes/{boxId}/runs/{runId}/confirm", ctx -> decideHeld(ctx, true));
        routes.post("/api/boxes/{boxId}/runs/{runId}/discard", ctx -> decideHeld(ctx, false));
        routes.get("/api/issues/{connectionId}/{key}/wbs", this::issueWbs);
        routes.post("/api/boxes/{boxId}/tasks/{taskId}/dates", this::moveDates);
        routes.post("/api/boxes/{boxId}/tasks/{taskId}/cadence", this::moveCadence);
        routes.put("/api/boxes/{boxId}/tasks/{taskId}/mode", this::setMode);
        routes.post("/api/boxes/{boxId}/dependencies", this::link);
        routes.delete("/api/boxes/{boxId}/dependencies/{dependencyId}", this::unlink);
    }

    private void open(Context ctx) {
        Caller caller = Access.caller(ctx);
        BoxId id = Params.box(ctx);
        OpenRequest body = ctx.body().isBlank() ? new OpenRequest("gantt") : ctx.bodyAsClass(OpenRequest.class);
        BoxModule module = Params.enumValue(BoxModule.class, body.module() == null ? "gantt" : body.module(), "module");
        Box box = tx(s -> Access.box(s, caller, id, BoxRole.VIEWER));
        Instant now = sync.environment().clock().now();
        boolean needsSync = !box.isClosed() && box.scope().isOwn()
                && box.syncState().needsFullSync(now, sync.environment().settings().fullSyncExpiry());
        if (needsSync) {
            inBackground("open Box " + id, () -> sync.openBox(id, caller.id(), module));
            ctx.status(202).json(new OpenView(tx(s -> syncView(s, id)), null));
            return;
        }
        BoxOpening.OpenResult result = sync.openBox(id, caller.id(), module);
        if (!result.allowed()) {
            throw ApiException.forbidden(capitalized(result.reason()));
        }
        ctx.json(tx(s -> new OpenView(syncView(s, id), BoxResources.contentsOf(s, id))));
    }

    private void resync(Context ctx) {
        Caller caller = Access.caller(ctx);
        BoxId id = Params.box(ctx);
        ResyncRequest body = ctx.body().isBlank() ? new ResyncRequest(false) : ctx.bodyAsClass(ResyncRequest.class);
        Box box = tx(s -> Access.box(s, caller, id, BoxRole.ADMIN));
        if (box.isClosed()) {
            throw ApiException.conflict("Box '" + box.name() + "' is closed: closed Boxes are never synchronized.");
        }
        if (!box.scope().isOwn()) {
            throw ApiException.conflict("Box '" + box.name() + "' has no scope of its own; re-sync the Box whose "
                    + "scope it draws from.");
        }
        boolean override = Boolean.TRUE.equals(body.continueWithoutReindex());
        inBackground("re-sync Box " + id, () -> report(sync.resync(id, caller.id(), override)));
        ctx.status(202).json(tx(s -> syncView(s, id)));
    }

    private void decideHeld(Context ctx, boolean confirm) {
        Caller caller = Access.caller(ctx);
        BoxId id = Params.box(ctx);
        var runId = Params.run(ctx);
        tx(s -> {
            Access.box(s, caller, id, BoxRole.ADMIN);
            SyncRun held = s.runs().held(id).orElseThrow(() -> ApiException.conflict(
                    "No run of this Box is held by the blast-radius guard."));
            if (!held.id().equals(runId)) {
                throw ApiException.conflict("Run " + runId + " is not the held run of this Box (run " + held.id()
                        + " is).");
            }
            return held;
        });
        FullSyncResult result = confirm ? sync.confirmHeld(id, caller.id()) : sync.discardHeld(id, caller.id());
        if (result.status() == FullSyncResult.Status.REFUSED) {
            throw ApiException.conflict(capitalized(result.reason()));
        }
        ctx.json(tx(s -> syncView(s, id)));
    }

    private void issueWbs(Context ctx) {
        Caller caller = Access.caller(ctx);
        ConnectionId connection = Params.connection(ctx);
        IssueKey key = IssueKey.of(Requests.required(ctx.pathParam("key"), "key", 200));
        List<BoxOpening.IssuePlacement> placements = sync.openIssue(connection, key, caller.id());
        ctx.json(tx(s -> {
            Optional<Task> task = s.tasks().findByKey(connection, key);
            if (task.isEmpty() || placements.isEmpty()) {
                throw ApiException.notFound("Issue " + key + " is in no Box you are a member of.");
            }
            List<PlacementView> boxes = placements.stream().map(p -> new PlacementView(p.box().value(),
                    s.boxes().find(p.box()).map(Box::name).orElse(""),
                    p.path().stream().map(n -> label(s, n)).toList(), syncView(s, p.box()))).toList();
            return new IssueWbsView(TaskView.of(task.get()), boxes);
        }));
    }

    private void moveDates(Context ctx) {
        Caller caller = Access.caller(ctx);
        BoxId box = Params.box(ctx);
        TaskId task = Params.task(ctx);
        DatesRequest body = Requests.body(ctx.bodyAsClass(DatesRequest.class));
        if (body.start() == null || body.end() == null) {
            throw ApiException.invalid("Both 'start' and 'end' are required (yyyy-MM-dd).",
                    new Problem.FieldError(body.start() == null ? "start" : "end", "required"));
        }
        if (body.end().isBefore(body.start())) {
            throw ApiException.invalid("'end' is before 'start'.", new Problem.FieldError("end", "before start"));
        }
        if (body.start().isBefore(EARLIEST) || body.end().isAfter(LocalDate.now().plusYears(50))) {
            throw ApiException.invalid("The dates are outside the plannable range (1970 to 50 years ahead).",
                    new Problem.FieldError("start", "out of range"));
        }
        memberTask(caller, box, task);
        answer(ctx, box, task, sync.moveOnTimeline(caller.id(), box, task, body.start(), body.end()));
    }

    private void moveCadence(Context ctx) {
        Caller caller = Access.caller(ctx);
        BoxId box = Params.box(ctx);
        TaskId task = Params.task(ctx);
        CadenceRequest body = Requests.body(ctx.bodyAsClass(CadenceRequest.class));
        IterationRef.Kind kind = Params.enumValue(IterationRef.Kind.class, body.kind(), "kind");
        String id = Requests.required(body.id(), "id", 200);
        memberTask(caller, box, task);
        answer(ctx, box, task, sync.moveToCadence(caller.id(), box, task, new IterationRef(kind, id, body.name())));
    }

    private void setMode(Context ctx) {
        Caller caller = Access.caller(ctx);
        BoxId boxId = Params.box(ctx);
        TaskId taskId = Params.task(ctx);
        TaskMode mode = Params.enumValue(TaskMode.class, Requests.body(ctx.bodyAsClass(ModeRequest.class)).mode(), "mode");
        Task updated = tx(s -> {
            Box box = Access.box(s, caller, boxId, BoxRole.EDITOR);
            if (box.isClosed()) {
                throw ApiException.conflict("Box '" + box.name() + "' is closed and read-only.");
            }
            Task task = taskIn(s, boxId, taskId);
            if (task.mode() == mode) {
                return task;
            }
            Task changed = task.withMode(mode);
            s.tasks().updateAll(List.of(changed));
            String name = s.users().find(caller.id()).map(u -> u.displayName()).orElse(caller.login());
            s.changes().append(List.of(new Change(null, sync.environment().clock().now(), ChangeOrigin.PARTIAL_APP,
                    ChangeKind.TASK_UPDATED, boxId, taskId, "mode", task.mode().name(), mode.name(),
                    Author.currentUser(caller.id(), name), caller.id(), null, "task mode set in Boxsync")));
            return changed;
        });
        ctx.json(new ActionView(TaskView.of(updated), List.of()));
    }

    private void link(Context ctx) {
        Caller caller = Access.caller(ctx);
        BoxId box = Params.box(ctx);
        DependencyRequest body = Requests.body(ctx.bodyAsClass(DependencyRequest.class));
        if (body.from() == null || body.from() <= 0 || body.to() == null || body.to() <= 0) {
            throw ApiException.invalid("'from' and 'to' name two tasks of the Box.",
                    new Problem.FieldError(body.from() == null ? "from" : "to", "required"));
        }
        DependencyType type = body.type() == null ? DependencyType.FS
                : Params.enumValue(DependencyType.class, body.type(), "type");
        TaskId from = TaskId.of(body.from());
        TaskId to = TaskId.of(body.to());
        if (from.equals(to)) {
            throw ApiException.invalid("A task cannot depend on itself.", new Problem.FieldError("to", "same as from"));
        }
        memberTask(caller, box, from);
        memberTask(caller, box, to);
        ActionResult result = sync.link(caller.id(), box, from, to, type);
        refuseIfRefused(result);
        ctx.status(201).json(tx(s -> s.dependencies().touching(List.of(from)).stream()
                .filter(d -> d.from().equals(from) && d.to().equals(to) && d.type() == type)
                .map(Views.DependencyView::of).reduce((a, b) -> b.id() > a.id() ? b : a)
                .orElseThrow(() -> new IllegalStateException("the dependency just linked is not stored"))));
    }

    private void unlink(Context ctx) {
        Caller caller = Access.caller(ctx);
        BoxId box = Params.box(ctx);
        var dependency = Params.dependency(ctx);
        tx(s -> {
            Access.box(s, caller, box, BoxRole.VIEWER);
            var dep = s.dependencies().find(dependency)
                    .orElseThrow(() -> ApiException.notFound("There is no dependency " + dependency + "."));
            if (!s.contents().holds(box, dep.from())) {
                throw ApiException.notFound("There is no dependency " + dependency + " in this Box.");
            }
            return dep;
        });
        refuseIfRefused(sync.unlink(caller.id(), box, dependency));
        ctx.status(204);
    }

    private void memberTask(Caller caller, BoxId box, TaskId task) {
        tx(s -> {
            Access.box(s, caller, box, BoxRole.VIEWER);
            return taskIn(s, box, task);
        });
    }

    private static Task taskIn(Stores s, BoxId box, TaskId task) {
        if (!s.contents().holds(box, task)) {
            throw ApiException.notFound("There is no task " + task + " in this Box.");
        }
        return s.tasks().find(task).orElseThrow(() -> ApiException.notFound("There is no task " + task + "."));
    }

    private void answer(Context ctx, BoxId box, TaskId task, ActionResult result) {
        refuseIfRefused(result);
        ctx.json(tx(s -> {
            Task moved = s.tasks().find(task).orElseThrow();
            List<TaskId> others = result.changes().stream().map(Change::task).filter(Objects::nonNull)
                    .filter(t -> !t.equals(task)).distinct().toList();
            return new ActionView(TaskView.of(moved), s.tasks().findAll(others).stream().map(TaskView::of).toList());
        }));
    }

    private static void refuseIfRefused(ActionResult result) {
        if (result.isRefused()) {
            throw new ApiException(Problem.ofKind("action-refused", 403, "Action refused",
                    capitalized(result.reason()) + (result.reason().endsWith(".") ? "" : ".")
                            + " Nothing was written."));
        }
    }

    private SyncView syncView(Stores s, BoxId id) {
        Box box = s.boxes().find(id).orElseThrow(() -> ApiException.notFound("There is no Box " + id + "."));
        Instant now = sync.environment().clock().now();
        EventQueue.Stats stats = s.events().stats(now);
        Optional<SyncRun> last = s.runs().recent(id, 1).stream().findFirst();
        Optional<SyncRun> running = s.runs().running(id);
        boolean corrupted = last.filter(r -> r.outcome() == SyncRun.Outcome.ABORTED)
                .map(r -> r.reason().toLowerCase(Locale.ROOT).contains("index")).orElse(false);
        return new SyncView(box.syncState().flagged(),
                box.syncState().flagReason() == null ? null : box.syncState().flagReason().name(),
                box.syncState().lastFullSync(),
                stats.oldestPending().map(t -> Duration.between(t, now).toSeconds()).orElse(0L),
                stats.pendingEvents(), running.map(RunView::of).orElse(null), last.map(RunView::of).orElse(null),
                s.runs().held(id).map(RunView::of).orElse(null), corrupted, box.isClosed());
    }

    private static String label(Stores s, WbsNode node) {
        if (node.task() == null) {
            return node.label();
        }
        return s.tasks().find(node.task()).map(t -> (t.key() == null ? "" : t.key().value() + " ") + t.summary())
                .orElse(node.label());
    }

    private void inBackground(String what, Runnable work) {
        try {
            background.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    LOG.warn("Background {} failed: {}", what, e.toString(), e);
                }
            });
        } catch (RejectedExecutionException e) {
            throw new ApiException(Problem.of(503, "Service Unavailable", "Boxsync is shutting down."));
        }
    }

    private static void report(FullSyncResult result) {
        if (result.status() != FullSyncResult.Status.COMPLETED) {
            LOG.info("Full sync ended {}: {}", result.status(), result.reason());
        }
    }

    private <T> T tx(java.util.function.Function<Stores, T> work) {
        return sync.environment().tx().inTransaction(work);
    }

    private static String capitalized(String text) {
        if (text == null || text.isEmpty()) {
            return "Refused";
        }
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
