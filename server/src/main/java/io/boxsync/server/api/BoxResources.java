package io.boxsync.server.api;

import io.boxsync.core.domain.Box;
import io.boxsync.core.domain.BoxId;
import io.boxsync.core.domain.BoxKind;
import io.boxsync.core.domain.BoxRole;
import io.boxsync.core.domain.BoxScope;
import io.boxsync.core.domain.BoxStatus;
import io.boxsync.core.domain.Change;
import io.boxsync.core.domain.ChangeId;
import io.boxsync.core.domain.SyncRun;
import io.boxsync.core.domain.TaskMode;
import io.boxsync.core.domain.UserId;
import io.boxsync.core.domain.WbsBuilder;
import io.boxsync.core.port.Clock;
import io.boxsync.core.port.Stores;
import io.boxsync.core.port.Transactor;
import io.boxsync.server.api.Requests.BoxRequest;
import io.boxsync.server.api.Requests.MemberRequest;
import io.boxsync.server.api.Requests.RoleRequest;
import io.boxsync.server.api.Views.BoxDetail;
import io.boxsync.server.api.Views.BoxSummary;
import io.boxsync.server.api.Views.ChangeView;
import io.boxsync.server.api.Views.Contents;
import io.boxsync.server.api.Views.SyncSummary;
import io.boxsync.server.http.ApiException;
import io.boxsync.server.http.HttpApi;
import io.boxsync.server.http.Problem;
import io.boxsync.server.http.ProblemResponses;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Boxes: the tree, create and configure, members and roles, close, contents, history. Every route checks the
 * caller's Box role; a Box the caller has no role in does not exist for them.
 */
public final class BoxResources implements HttpApi.RouteModule {
    private final Transactor transactor;
    private final Clock clock;
    private final Duration expiry;

    public BoxResources(Transactor transactor, Clock clock, Duration expiry) {
        this.transactor = transactor;
        this.clock = clock;
        this.expiry = expiry;
    }

    @Override
    public void register(RoutesConfig routes, ProblemResponses problems) {
        routes.get("/api/box-types", ctx -> ctx.json(Arrays.stream(BoxKind.values()).map(Enum::name).toList()));
        routes.get("/api/boxes", this::list);
        routes.post("/api/boxes/resync-all", ctx -> {
            Access.caller(ctx);
            throw new ApiException(Problem.ofKind("resync-all-refused", 409, "Re-syncing all Boxes is not offered",
                    io.boxsync.core.sync.SyncService.NO_RESYNC_ALL));
        });
        routes.post("/api/boxes", this::create);
        routes.get("/api/boxes/{boxId}", this::detail);
        routes.put("/api/boxes/{boxId}", this::update);
        routes.post("/api/boxes/{boxId}/close", this::close);
        routes.put("/api/boxes/{boxId}/members/{userId}", this::setMember);
        routes.delete("/api/boxes/{boxId}/members/{userId}", this::removeMember);
        routes.get("/api/boxes/{boxId}/contents", this::contents);
        routes.get("/api/boxes/{boxId}/history", this::boxHistory);
        routes.get("/api/tasks/{taskId}/history", this::taskHistory);
    }

    private void list(Context ctx) {
        Caller caller = Access.caller(ctx);
        ctx.json(transactor.inTransaction(stores -> {
            List<BoxSummary> result = new ArrayList<>();
            for (Box box : stores.boxes().all()) {
                Optional<BoxRole> role = Access.roleIn(stores, caller, box.id());
                if (role.isPresent()) {
                    result.add(summary(stores, box, role.get()));
                }
            }
            return result;
        }));
    }

    BoxSummary summary(Stores stores, Box box, BoxRole role) {
        Optional<SyncRun> latest = stores.runs().recent(box.id(), 1).stream().findFirst();
        boolean running = latest.map(r -> r.outcome() == SyncRun.Outcome.RUNNING).orElse(false);
        String health;
        if (latest.map(r -> r.outcome() == SyncRun.Outcome.HELD).orElse(false)) {
            health = "HELD";
        } else if (latest.map(r -> r.outcome() == SyncRun.Outcome.ABORTED).orElse(false)) {
            health = "ERROR";
        } else if (box.syncState().flagged()) {
            health = "FLAGGED";
        } else if (box.scope().isOwn() && box.syncState().needsFullSync(clock.now(), expiry)) {
            health = "STALE";
        } else {
            health = "OK";
        }
        return new BoxSummary(box.id().value(), box.name(), box.kind().name(),
                box.parent() == null ? null : box.parent().value(), box.status().name(), box.scope().mode().name(),
                role.name(), new SyncSummary(box.syncState().flagged(),
                box.syncState().flagReason() == null ? null : box.syncState().flagReason().name(),
                box.syncState().lastFullSync(), running, health));
    }

    private void create(Context ctx) {
        Caller caller = Access.admin(ctx);
        BoxRequest body = Requests.body(ctx.bodyAsClass(BoxRequest.class));
        Box created = transactor.inTransaction(stores -> {
            Validated v = validate(stores, body, null);
            Box box = stores.boxes().create(v.name, v.kind, v.parent, v.status, v.scope, v.scopeOwner, v.builders,
                    v.mode);
            stores.boxes().setRole(box.id(), caller.id(), BoxRole.ADMIN);
            v.members.forEach((user, role) -> stores.boxes().setRole(box.id(), user, role));
            return box;
        });
        ctx.status(201).json(detailOf(created.id(), caller));
    }

    private void detail(Context ctx) {
        ctx.json(detailOf(Params.box(ctx), Access.caller(ctx)));
    }

    private BoxDetail detailOf(BoxId id, Caller caller) {
        return transactor.inTransaction(stores -> {
            Box box = Access.box(stores, caller, id, BoxRole.VIEWER);
            return BoxDetail.of(box, stores.boxes().members(id), Access.roleIn(stores, caller, id).orElse(null));
        });
    }

    private void update(Context ctx) {
        Caller caller = Access.caller(ctx);
        BoxId id = Params.box(ctx);
        BoxRequest body = Requests.body(ctx.bodyAsClass(BoxRequest.class));
        transactor.run(stores -> {
            Box box = Access.box(stores, caller, id, BoxRole.ADMIN);
            if (box.isClosed() && (body.status() == null || BoxStatus.CLOSED.name().equalsIgnoreCase(body.status()))) {
                throw ApiException.conflict("Box '" + box.name() + "' is closed and read-only; reopen it by setting "
                        + "its status first.");
            }
            Validated v = validate(stores, body, box);
            boolean scopeChanged = !v.scope.equals(box.scope()) || !java.util.Objects.equals(v.scopeOwner, box.scopeOwner())
                    || !v.builders.equals(box.builders());
            var state = scopeChanged ? box.syncState().flag(io.boxsync.core.domain.FlagReason.NEW_SCOPE) : box.syncState();
            stores.boxes().update(new Box(box.id(), v.name, v.kind, v.parent, v.status, v.scope, v.scopeOwner,
                    v.builders, v.mode, state));
            v.members.forEach((user, role) -> stores.boxes().setRole(box.id(), user, role));
        });
        ctx.json(detailOf(id, caller));
    }

    private void close(Context ctx) {
        Caller caller = Access.caller(ctx);
        BoxId id = Params.box(ctx);
        transactor.run(stores -> {
            Box box = Access.box(stores, caller, id, BoxRole.ADMIN);
            stores.boxes().update(box.withStatus(BoxStatus.CLOSED));
        });
        ctx.json(detailOf(id, caller));
    }

    private void setMember(Context ctx) {
        Caller caller = Access.caller(ctx);
        BoxId id = Params.box(ctx);
        UserId user = Params.user(ctx);
        RoleRequest body = Requests.body(ctx.bodyAsClass(RoleRequest.class));
        BoxRole role = Params.enumValue(BoxRole.class, body.role(), "role");
        transactor.run(stores -> {
            Access.box(stores, caller, id, BoxRole.ADMIN);
            stores.users().find(user).orElseThrow(() -> ApiException.notFound("There is no user " + user + "."));
            stores.boxes().setRole(id, user, role);
        });
        ctx.json(detailOf(id, caller));
    }

    private void removeMember(Context ctx) {
        Caller caller = Access.caller(ctx);
        BoxId id = Params.box(ctx);
        UserId user = Params.user(ctx);
        transactor.run(stores -> {
            Access.box(stores, caller, id, BoxRole.ADMIN);
            Map<UserId, BoxRole> members = stores.boxes().members(id);
            if (!members.containsKey(user)) {
                throw ApiException.notFound("User " + user + " is not a member of this Box.");
            }
            boolean lastAdmin = members.get(user) == BoxRole.ADMIN
                    && members.values().stream().filter(r -> r == BoxRole.ADMIN).count() == 1;
            if (lastAdmin) {
                throw ApiException.conflict("A Box keeps at least one Box admin; name another one first.");
            }
            stores.boxes().removeMember(id, user);
        });
        ctx.status(204);
    }

    /**
     * The contents, written straight from the rows, tagged with the contents version: a client that sends that tag
     * back in {@code If-None-Match} gets 304 without the contents being read. The version is read before the rows,
     * so a tag is never newer than the contents it came with.
     */
    private void contents(Context ctx) {
        Caller caller = Access.caller(ctx);
        BoxId id = Params.box(ctx);
        String ifNoneMatch = ctx.header("If-None-Match");
        Optional<byte[]> body = transactor.inTransaction(stores -> {
            Access.box(stores, caller, id, BoxRole.VIEWER);
            String etag = contentsTag(stores.contentsReader().version(id));
            ctx.header("ETag", etag);
            ctx.header("Cache-Control", "private, no-cache");
            return matches(ifNoneMatch, etag) ? Optional.<byte[]>empty() : Optional.of(ContentsJson.write(stores, id));
        });
        if (body.isEmpty()) {
            ctx.status(304);
            return;
        }
        ctx.contentType("application/json").result(body.get());
    }

    /** The version's strong entity tag; the prefix changes when the document's shape does. */
    static String contentsTag(String version) {
        return "\"c1-" + version + "\"";
    }

    /** Whether an {@code If-None-Match} header names the tag (weak comparison, as RFC 9110 asks for GET). */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.strip();
            if (tag.equals("*")) {
                return true;
            }
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    /** Everything a module shows of a Box, rendered from the rows (the document {@code GET contents} answers). */
    public static Contents contentsOf(Stores stores, BoxId id) {
        return new Contents(ContentsJson.write(stores, id));
    }

    private void boxHistory(Context ctx) {
        Caller caller = Access.caller(ctx);
        BoxId id = Params.box(ctx);
        int limit = Params.intQuery(ctx, "limit", 50, 1, 500);
        Optional<ChangeId> before = before(ctx);
        ctx.json(transactor.inTransaction(stores -> {
            Access.box(stores, caller, id, BoxRole.VIEWER);
            return views(stores, stores.changes().ofBox(id, limit, before));
        }));
    }

    private void taskHistory(Context ctx) {
        Caller caller = Access.caller(ctx);
        var taskId = Params.task(ctx);
        int limit = Params.intQuery(ctx, "limit", 50, 1, 500);
        Optional<ChangeId> before = before(ctx);
        ctx.json(transactor.inTransaction(stores -> {
            stores.tasks().find(taskId).orElseThrow(() -> ApiException.notFound("There is no task " + taskId + "."));
            boolean visible = stores.contents().boxesHolding(taskId).stream()
                    .anyMatch(box -> stores.boxes().role(box, caller.id()).isPresent());
            if (!visible) {
                throw ApiException.notFound("There is no task " + taskId + ".");
            }
            return views(stores, stores.changes().ofTask(taskId, limit, before));
        }));
    }

    private static Optional<ChangeId> before(Context ctx) {
        String raw = ctx.queryParam("before");
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ChangeId.of(Long.parseLong(raw)));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("'before' must be a change id.", new Problem.FieldError("before", "not a change id"));
        }
    }

    private static List<ChangeView> views(Stores stores, List<Change> changes) {
        Map<io.boxsync.core.domain.TaskId, String> keys = new HashMap<>();
        List<io.boxsync.core.domain.TaskId> ids = changes.stream().map(Change::task)
                .filter(java.util.Objects::nonNull).distinct().toList();
        stores.tasks().findAll(ids).forEach(t -> keys.put(t.id(), t.key() == null ? null : t.key().value()));
        return changes.stream().map(c -> ChangeView.of(c, c.task() == null ? null : keys.get(c.task()))).toList();
    }

    private record Validated(String name, BoxKind kind, BoxId parent, BoxStatus status, BoxScope scope,
                             UserId scopeOwner, List<WbsBuilder> builders, TaskMode mode, Map<UserId, BoxRole> members) {
    }

    private Validated validate(Stores stores, BoxRequest body, Box existing) {
        String name = Requests.required(body.name(), "name", Requests.MAX_NAME);
        BoxKind kind = Params.enumValue(BoxKind.class, body.kind(), "kind");
        BoxId parent = null;
        if (body.parentId() != null) {
            if (body.parentId() <= 0 || stores.boxes().find(BoxId.of(body.parentId())).isEmpty()) {
                throw ApiException.invalid("The parent Box does not exist.", new Problem.FieldError("parentId", "unknown Box"));
            }
            parent = BoxId.of(body.parentId());
            if (existing != null && createsCycle(stores, existing.id(), parent)) {
                throw ApiException.invalid("A Box cannot be moved under itself or one of its sub-Boxes.",
                        new Problem.FieldError("parentId", "would make a cycle"));
            }
        }
        BoxStatus status = body.status() == null ? BoxStatus.NOT_STARTED
                : Params.enumValue(BoxStatus.class, body.status(), "status");
        BoxScope scope = body.scope() == null ? BoxScope.none() : body.scope().toScope();
        for (int i = 0; i < scope.parts().size(); i++) {
            if (stores.connections().find(scope.parts().get(i).connection()).isEmpty()) {
                throw ApiException.invalid("The scope names a connection that does not exist.",
                        new Problem.FieldError("scope.parts[" + i + "].connectionId", "unknown connection"));
            }
        }
        if (scope.mode() == BoxScope.Mode.SUB && parent == null) {
            throw ApiException.invalid("A sub-scope Box needs a parent Box whose scope it narrows.",
                    new Problem.FieldError("parentId", "required for a sub scope"));
        }
        UserId owner = null;
        if (body.scopeOwnerId() != null) {
            if (body.scopeOwnerId() <= 0 || stores.users().find(UserId.of(body.scopeOwnerId())).isEmpty()) {
                throw ApiException.invalid("The Scope Owner does not exist.", new Problem.FieldError("scopeOwnerId", "unknown user"));
            }
            owner = UserId.of(body.scopeOwnerId());
        }
        if (scope.isOwn() && owner == null) {
            throw ApiException.invalid("An own-scope Box needs a Scope Owner: full sync reads as that user.",
                    new Problem.FieldError("scopeOwnerId", "required for an own scope"));
        }
        if (scope.isOwn()) {
            for (BoxScope.Part part : scope.parts()) {
                if (stores.accounts().accountOf(owner, part.connection()).isEmpty()) {
                    throw ApiException.invalid("The Scope Owner has not linked an account on connection "
                            + part.connection() + "; full sync reads as that account.",
                            new Problem.FieldError("scopeOwnerId", "no linked account on connection " + part.connection()));
                }
            }
        }
        TaskMode mode = body.defaultTaskMode() == null ? TaskMode.AUTO_BASIC
                : Params.enumValue(TaskMode.class, body.defaultTaskMode(), "defaultTaskMode");
        Map<UserId, BoxRole> members = new HashMap<>();
        List<MemberRequest> given = body.members() == null ? List.of() : body.members();
        for (int i = 0; i < given.size(); i++) {
            MemberRequest m = given.get(i);
            if (m == null || m.userId() == null || m.userId() <= 0 || stores.users().find(UserId.of(m.userId())).isEmpty()) {
                throw ApiException.invalid("A member names an existing user.",
                        new Problem.FieldError("members[" + i + "].userId", "unknown user"));
            }
            members.put(UserId.of(m.userId()), Params.enumValue(BoxRole.class, m.role(), "members[" + i + "].role"));
        }
        return new Validated(name, kind, parent, status, scope, owner, body.builderList(), mode, members);
    }

    private static boolean createsCycle(Stores stores, BoxId box, BoxId newParent) {
        BoxId at = newParent;
        int guard = 0;
        while (at != null && guard++ < 10_000) {
            if (at.equals(box)) {
                return true;
            }
            at = stores.boxes().find(at).map(Box::parent).orElse(null);
        }
        return false;
    }
}
