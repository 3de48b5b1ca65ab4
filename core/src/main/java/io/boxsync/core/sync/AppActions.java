package io.boxsync.core.sync;

import io.boxsync.connector.ConnectionKind;
import io.boxsync.connector.Connector;
import io.boxsync.connector.ConnectorException;
import io.boxsync.connector.IssueKey;
import io.boxsync.connector.IterationRef;
import io.boxsync.connector.RemoteAccount;
import io.boxsync.connector.RemotePermission;
import io.boxsync.connector.RemoteWrite;
import io.boxsync.connector.WriteResult;
import io.boxsync.core.domain.Author;
import io.boxsync.core.domain.Box;
import io.boxsync.core.domain.BoxId;
import io.boxsync.core.domain.BoxRole;
import io.boxsync.core.domain.Change;
import io.boxsync.core.domain.ChangeKind;
import io.boxsync.core.domain.ChangeOrigin;
import io.boxsync.core.domain.Connection;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.core.domain.Dependency;
import io.boxsync.core.domain.DependencyId;
import io.boxsync.core.domain.DependencyType;
import io.boxsync.core.domain.Task;
import io.boxsync.core.domain.TaskId;
import io.boxsync.core.domain.TaskMode;
import io.boxsync.core.domain.User;
import io.boxsync.core.domain.UserId;
import io.boxsync.core.port.OutboxEntry;
import io.boxsync.core.port.Stores;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * S5: the three actions that write to the tool (move on the timeline, move to another cadence, link or unlink two
 * tasks). Each checks, in this order and before writing or queueing anything: the Box role (Editor or more), that the
 * Box is not closed, the task mode, the user's linked remote account and the user's own remote permission on the
 * task and on every task its cascade moves. Any failure refuses the action with a reason and changes nothing. Then
 * each write runs with the user's own credentials, recorded in the outbox before it is sent (so its echo is
 * recognized even when it arrives first), and the tool's answer is stored with the changes authored by the user.
 * Basic tasks (no remote issue) change only in Boxsync. Thread-safe.
 */
public final class AppActions {

    /** How long a permission the tool granted a user in a project is relied on for single-task actions. */
    static final Duration PERMISSION_TTL = Duration.ofSeconds(30);

    private final SyncEnvironment env;
    private final Map<Grant, Granted> grants = new ConcurrentHashMap<>();

    /** A user's rights in one project of a connection. */
    private record Grant(UserId user, ConnectionId connection, String project) {
    }

    private record Granted(Set<RemotePermission> permissions, Instant until) {
    }

    public AppActions(SyncEnvironment env) {
        this.env = Objects.requireNonNull(env, "env");
    }

    /** Moves a task on the Gantt timeline; the task-mode cascade is part of the same action and checked the same. */
    public ActionResult moveOnTimeline(UserId user, BoxId box, TaskId task, LocalDate newStart, LocalDate newEnd) {
        Loaded ctx = env.tx().inTransaction(s -> load(s, user, box, List.of(task), true));
        if (ctx.refusal != null) {
            return ActionResult.refused(ctx.refusal);
        }
        Task moved = ctx.tasks.get(0);
        DateRules.MovePlan plan = env.dates().move(moved, newStart, newEnd, ctx.around.tasks(), ctx.around.wbs(),
                ctx.around.dependencies());
        if (plan.refused()) {
            return ActionResult.refused(plan.reason());
        }
        String refusal = checkRemote(user, plan.moved(), EnumSet.of(RemotePermission.SCHEDULE, RemotePermission.EDIT),
                "change the dates of");
        if (refusal != null) {
            return ActionResult.refused(refusal);
        }
        List<Write> writes = new ArrayList<>();
        for (Task t : plan.moved()) {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("start", TaskFields.text(t.start()));
            fields.put("end", TaskFields.text(t.end()));
            String id = writeId();
            writes.add(new Write(t, t.isBasic() ? null : new RemoteWrite.SetDates(id, t.key(), t.start(), t.end()),
                    fields));
        }
        return execute(user, writes);
    }

    /** Moves a task to another cadence (sprint, version, list) on the Roadmap. */
    public ActionResult moveToCadence(UserId user, BoxId box, TaskId task, IterationRef target) {
        Objects.requireNonNull(target, "target");
        Loaded ctx = env.tx().inTransaction(s -> load(s, user, box, List.of(task), false));
        if (ctx.refusal != null) {
            return ActionResult.refused(ctx.refusal);
        }
        Task current = ctx.tasks.get(0);
        if (current.mode() == TaskMode.LOCKED) {
            return ActionResult.refused(name(current) + " is Locked: nobody and nothing moves it");
        }
        List<IterationRef> iterations = new ArrayList<>(current.iterations());
        iterations.removeIf(r -> r.kind() == target.kind());
        iterations.add(target);
        Task moved = withIterations(current, iterations);
        String refusal = checkRemote(user, List.of(moved), EnumSet.of(RemotePermission.EDIT), "move to a cadence");
        if (refusal != null) {
            return ActionResult.refused(refusal);
        }
        String id = writeId();
        return execute(user, List.of(new Write(moved, moved.isBasic() ? null
                : new RemoteWrite.MoveToIteration(id, moved.key(), target),
                Map.of("iterations", TaskFields.iterationsText(iterations)))));
    }

    /** Links two tasks of the Box on the Gantt: a remote issue link where the connection maps the type. */
    public ActionResult link(UserId user, BoxId box, TaskId from, TaskId to, DependencyType type) {
        Objects.requireNonNull(type, "type");
        if (from.equals(to)) {
            return ActionResult.refused("a task cannot depend on itself");
        }
        Loaded ctx = env.tx().inTransaction(s -> load(s, user, box, List.of(from, to), false));
        if (ctx.refusal != null) {
            return ActionResult.refused(ctx.refusal);
        }
        Task a = ctx.tasks.get(0);
        Task b = ctx.tasks.get(1);
        if (ctx.dependencies.stream().anyMatch(d -> d.from().equals(from) && d.to().equals(to) && d.type() == type)) {
            return ActionResult.refused(name(a) + " and " + name(b) + " are already linked " + type);
        }
        boolean remote = !a.isBasic() && !b.isBasic() && a.connection().equals(b.connection());
        if (!remote) {
            return storeDependency(user, new Dependency(null, from, to, type, true, 0, null), null);
        }
        Connection connection = env.tx().inTransaction(s -> s.connections().find(a.connection())).orElseThrow();
        if (connection.kind() == ConnectionKind.TRELLO) {
            return ActionResult.refused("Trello has no issue links, so " + name(a) + " and " + name(b)
                    + " cannot be linked in " + connection.name());
        }
        String linkType = connection.fieldMapping().dependencyTypes().entrySet().stream()
                .filter(e -> type.name().equalsIgnoreCase(e.getValue().strip())).map(Map.Entry::getKey).sorted()
                .findFirst().orElse(null);
        if (linkType == null) {
            return ActionResult.refused(connection.name() + " maps no link type to " + type + " dependencies; an "
                    + "admin must add one to its field mapping");
        }
        String refusal = checkRemote(user, List.of(a, b), EnumSet.of(RemotePermission.LINK), "link");
        if (refusal != null) {
            return ActionResult.refused(refusal);
        }
        String id = writeId();
        String text = RemoteEventProcessor.linkText(linkType, a.key(), b.key());
        RemoteAccount account = accountOf(user, a.connection()).orElseThrow();
        recordOutbox(new OutboxEntry(id, a.connection(), a.key(), user, Map.of("link", text), env.clock().now()));
        WriteResult result;
        try {
            result = connector(a.connection()).apply(new RemoteWrite.CreateLink(id, a.key(), b.key(), linkType, 0),
                    account);
        } catch (ConnectorException e) {
            forgetGrants(user, a.connection(), e);
            return ActionResult.refused("the tool refused the link: " + e.getMessage());
        }
        return storeDependency(user, new Dependency(null, from, to, type, true, 0,
                result.createdId().isBlank() ? null : result.createdId()), id);
    }

    /** Removes a dependency of the Box; a mirrored one is deleted in the tool first, as the user. */
    public ActionResult unlink(UserId user, BoxId box, DependencyId dependency) {
        Optional<Dependency> found = env.tx().inTransaction(s -> s.dependencies().find(dependency));
        if (found.isEmpty()) {
            return ActionResult.refused("there is no dependency " + dependency);
        }
        Dependency dep = found.get();
        Loaded ctx = env.tx().inTransaction(s -> load(s, user, box, List.of(dep.from(), dep.to()), false));
        if (ctx.refusal != null) {
            return ActionResult.refused(ctx.refusal);
        }
        Task a = ctx.tasks.get(0);
        String id = writeId();
        if (dep.remoteLinkId() != null && !a.isBasic()) {
            String refusal = checkRemote(user, ctx.tasks, EnumSet.of(RemotePermission.LINK), "unlink");
            if (refusal != null) {
                return ActionResult.refused(refusal);
            }
            RemoteAccount account = accountOf(user, a.connection()).orElseThrow();
            recordOutbox(new OutboxEntry(id, a.connection(), a.key(), user, Map.of("unlink", dep.remoteLinkId()),
                    env.clock().now()));
            try {
                connector(a.connection()).apply(new RemoteWrite.DeleteLink(id, a.key(), dep.remoteLinkId()), account);
            } catch (ConnectorException e) {
                forgetGrants(user, a.connection(), e);
                return ActionResult.refused("the tool refused to remove the link: " + e.getMessage());
            }
        }
        return env.tx().inTransaction(s -> {
            List<Change> changes = new ArrayList<>();
            if (s.dependencies().find(dependency).isPresent()) {
                s.dependencies().delete(dependency);
                changes.add(change(s, user, id, ChangeKind.DEPENDENCY_REMOVED, dep.from(), "dependency",
                        dep.type() + (dep.remoteLinkId() == null ? "" : " " + dep.remoteLinkId()), null));
                s.changes().append(changes);
            }
            return ActionResult.applied(changes);
        });
    }

    /**
     * The checked tasks, the dependencies touching them, and (for a move) the tasks the move can reach with their
     * WBS nodes and dependencies.
     */
    private record Loaded(String refusal, List<Task> tasks, List<Dependency> dependencies, DateNeighbourhood around) {
        static Loaded refused(String reason) {
            return new Loaded(reason, List.of(), List.of(), null);
        }
    }

    private record Write(Task task, RemoteWrite remote, Map<String, String> fields) {
    }

    /** The Box checks and the tasks, read by index: costs the same whatever the size of the Box. */
    private Loaded load(Stores s, UserId user, BoxId boxId, List<TaskId> ids, boolean neighbourhood) {
        Optional<Box> box = s.boxes().find(boxId);
        Optional<BoxRole> role = s.boxes().role(boxId, user);
        if (box.isEmpty() || role.isEmpty() || !role.get().includes(BoxRole.EDITOR)) {
            return Loaded.refused("you need the Editor or Admin role in Box " + boxId + " to change its tasks");
        }
        if (box.get().isClosed()) {
            return Loaded.refused("Box " + box.get().name() + " is closed: closed Boxes are read-only");
        }
        List<Task> tasks = new ArrayList<>();
        for (TaskId id : ids) {
            Optional<Task> t = s.contents().holds(boxId, id) ? s.tasks().find(id) : Optional.empty();
            if (t.isEmpty()) {
                return Loaded.refused("Box " + box.get().name() + " holds no task " + id);
            }
            tasks.add(t.get());
        }
        List<Dependency> touching = s.dependencies().touching(ids);
        return new Loaded(null, tasks, touching, neighbourhood ? DateNeighbourhood.of(s, boxId, ids.get(0)) : null);
    }

    /**
     * Checks the user's linked account and own permission on every remote task; the refusal, or null. An action
     * that writes one remote task may rely on the user's permission in its project seen within the last
     * {@link #PERMISSION_TTL}: the write itself still runs with the user's own rights, so a permission withdrawn
     * since makes the tool refuse it cleanly (and forgets what was cached). A cascade is always checked in the tool,
     * so that it is refused before any of its writes.
     */
    private String checkRemote(UserId user, List<Task> tasks, Set<RemotePermission> anyOf, String verb) {
        Map<ConnectionId, List<Task>> byConnection = new LinkedHashMap<>();
        tasks.stream().filter(t -> !t.isBasic())
                .forEach(t -> byConnection.computeIfAbsent(t.connection(), c -> new ArrayList<>()).add(t));
        boolean single = byConnection.values().stream().mapToInt(List::size).sum() == 1;
        Instant now = env.clock().now();
        for (Map.Entry<ConnectionId, List<Task>> entry : byConnection.entrySet()) {
            ConnectionId connectionId = entry.getKey();
            Optional<RemoteAccount> account = accountOf(user, connectionId);
            String connectionName = env.tx().inTransaction(s -> s.connections().find(connectionId))
                    .map(Connection::name).orElse("connection " + connectionId);
            if (account.isEmpty()) {
                return "link your own " + connectionName + " account first: Boxsync writes to the tool with your "
                        + "own rights";
            }
            List<Task> toCheck = entry.getValue().stream()
                    .filter(t -> !(single && grantedRecently(user, connectionId, t.projectKey(), anyOf, now)))
                    .toList();
            if (toCheck.isEmpty()) {
                continue;
            }
            Map<IssueKey, Set<RemotePermission>> granted;
            try {
                granted = connector(connectionId).permissions(account.get(), toCheck.stream().map(Task::key).toList());
            } catch (ConnectorException e) {
                return "your permissions in " + connectionName + " could not be checked (" + e.getMessage()
                        + "); nothing was changed, try again";
            }
            for (Task task : toCheck) {
                Set<RemotePermission> has = granted.getOrDefault(task.key(), Set.of());
                Grant grant = task.projectKey() == null ? null : new Grant(user, connectionId, task.projectKey());
                if (has.stream().noneMatch(anyOf::contains)) {
                    if (grant != null) {
                        grants.remove(grant);
                    }
                    return "you may not " + verb + " " + task.key() + " in " + connectionName + " (your own "
                            + "permission in the tool; needs " + anyOf + "); nothing was changed";
                }
                if (grant != null) {
                    grants.put(grant, new Granted(Set.copyOf(has), now.plus(PERMISSION_TTL)));
                }
            }
        }
        return null;
    }

    private boolean grantedRecently(UserId user, ConnectionId connection, String project,
                                    Set<RemotePermission> anyOf, Instant now) {
        if (project == null) {
            return false;
        }
        Granted granted = grants.get(new Grant(user, connection, project));
        return granted != null && granted.until().isAfter(now)
                && granted.permissions().stream().anyMatch(anyOf::contains);
    }

    /** After the tool refused the user, nothing cached about the user's rights there is trusted any more. */
    private void forgetGrants(UserId user, ConnectionId connection, ConnectorException refusal) {
        if (refusal.kind() == ConnectorException.Kind.PERMISSION || refusal.kind() == ConnectorException.Kind.AUTH
                || refusal.kind() == ConnectorException.Kind.NOT_FOUND) {
            grants.keySet().removeIf(g -> g.user().equals(user) && g.connection().equals(connection));
        }
    }

    private ActionResult execute(UserId user, List<Write> writes) {
        Map<TaskId, WriteResult> results = new LinkedHashMap<>();
        Map<TaskId, String> writeIds = new LinkedHashMap<>();
        String failure = null;
        for (Write w : writes) {
            if (w.remote() == null) {
                continue;
            }
            Task t = w.task();
            RemoteAccount account = accountOf(user, t.connection()).orElseThrow();
            recordOutbox(new OutboxEntry(w.remote().writeId(), t.connection(), t.key(), user, w.fields(),
                    env.clock().now()));
            try {
                results.put(t.id(), connector(t.connection()).apply(w.remote(), account));
                writeIds.put(t.id(), w.remote().writeId());
            } catch (ConnectorException e) {
                forgetGrants(user, t.connection(), e);
                failure = "the tool refused to change " + t.key() + ": " + e.getMessage();
                break;
            }
        }
        if (failure != null && results.isEmpty()) {
            return ActionResult.refused(failure);
        }
        String refusal = failure;
        return env.tx().inTransaction(s -> {
            List<Change> changes = new ArrayList<>();
            List<Task> updates = new ArrayList<>();
            for (Write w : writes) {
                Task current = s.tasks().find(w.task().id()).orElse(null);
                if (current == null) {
                    continue;
                }
                Task next;
                String id;
                if (w.remote() == null) {
                    if (refusal != null) {
                        continue;
                    }
                    next = TaskFields.withFields(current, w.task(), w.fields().keySet());
                    id = "local-" + current.id();
                } else {
                    WriteResult result = results.get(current.id());
                    if (result == null) {
                        continue;
                    }
                    next = TaskFields.fromRemote(current.connection(), result.issue(), current, current.mode());
                    id = writeIds.get(current.id());
                }
                updates.add(next);
                for (TaskFields.FieldChange c : TaskFields.changes(current, next)) {
                    changes.add(change(s, user, id, ChangeKind.TASK_UPDATED, current.id(), c.field(), c.oldValue(),
                            c.newValue()));
                }
            }
            s.tasks().updateAll(updates);
            s.changes().append(changes);
            return refusal == null ? ActionResult.applied(changes)
                    : new ActionResult(false, refusal + "; the writes the tool accepted before were stored", changes);
        });
    }

    private ActionResult storeDependency(UserId user, Dependency dependency, String writeId) {
        return env.tx().inTransaction(s -> {
            if (dependency.remoteLinkId() != null
                    && s.dependencies().findByRemoteLink(dependency.remoteLinkId()).isPresent()) {
                return ActionResult.applied(List.of());
            }
            Dependency stored = s.dependencies().insert(dependency);
            List<Change> changes = List.of(change(s, user, writeId == null ? "local-" + stored.id() : writeId,
                    ChangeKind.DEPENDENCY_ADDED, stored.from(), "dependency", null,
                    stored.type() + " #" + stored.id()));
            s.changes().append(changes);
            return ActionResult.applied(changes);
        });
    }

    private Change change(Stores s, UserId user, String actionId, ChangeKind kind, TaskId task, String field,
                          String oldValue, String newValue) {
        String name = s.users().find(user).map(User::displayName).orElse("user " + user);
        return new Change(null, env.clock().now(), ChangeOrigin.PARTIAL_APP, kind, null, task, field, oldValue,
                newValue, Author.currentUser(user, name), user, null, "action " + actionId);
    }

    private void recordOutbox(OutboxEntry entry) {
        env.tx().run(s -> s.outbox().record(entry));
    }

    private Optional<RemoteAccount> accountOf(UserId user, ConnectionId connection) {
        return env.tx().inTransaction(s -> s.accounts().accountOf(user, connection));
    }

    private Connector connector(ConnectionId connection) {
        return env.connectors().connector(connection);
    }

    private static String writeId() {
        return "bx-" + UUID.randomUUID();
    }

    private static String name(Task task) {
        return task.key() == null ? "\"" + task.summary() + "\"" : task.key().value();
    }

    private static Task withIterations(Task t, List<IterationRef> iterations) {
        return new Task(t.id(), t.connection(), t.key(), t.summary(), t.projectKey(), t.issueType(), t.status(),
                t.statusCategory(), t.assigneeId(), t.assigneeName(), t.start(), t.end(), t.estimateSeconds(),
                t.storyPoints(), iterations, t.components(), t.labels(), t.parentKey(), t.epicKey(), t.mode(),
                t.remoteUpdated());
    }
}
