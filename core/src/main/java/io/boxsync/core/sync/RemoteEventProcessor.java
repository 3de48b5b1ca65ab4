package io.boxsync.core.sync;

import io.boxsync.connector.Connector;
import io.boxsync.connector.IssueKey;
import io.boxsync.connector.RemoteAccount;
import io.boxsync.connector.RemoteEvent;
import io.boxsync.connector.RemoteIssue;
import io.boxsync.connector.RemoteLink;
import io.boxsync.connector.ScopeQuery;
import io.boxsync.core.domain.Author;
import io.boxsync.core.domain.Box;
import io.boxsync.core.domain.BoxId;
import io.boxsync.core.domain.BoxScope;
import io.boxsync.core.domain.Change;
import io.boxsync.core.domain.ChangeKind;
import io.boxsync.core.domain.ChangeOrigin;
import io.boxsync.core.domain.Connection;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.core.domain.Dependency;
import io.boxsync.core.domain.DependencyType;
import io.boxsync.core.domain.SyncState;
import io.boxsync.core.domain.Task;
import io.boxsync.core.domain.User;
import io.boxsync.core.domain.UserId;
import io.boxsync.core.domain.WbsNode;
import io.boxsync.core.port.EventBatch;
import io.boxsync.core.port.OutboxEntry;
import io.boxsync.core.port.QueuedEvent;
import io.boxsync.core.port.Stores;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * S4: applies queued tool events. {@link #processDue()} is one step of a worker loop: it leases the issues whose
 * coalescing interval has passed and, per issue, fetches it once as the technical user, checks its membership in
 * each candidate Box with one call per Box scope, and applies it to the recently visited Boxes at once; Boxes not
 * visited recently are only marked, and {@link #lowPriorityCatchUp()} serves them later. Closed Boxes and Boxes
 * waiting for a full sync are skipped. The author is the person of the latest event by the tool's time (a linked
 * Boxsync user when there is one), the technical user when the event names nobody; the echo of Boxsync's own write
 * is recognized through the outbox and attributed to the person who acted in Boxsync, never to anyone else. The
 * batch completes in the transaction of its changes; a failure retries with backoff and parks after the maximum
 * attempts, never blocking other issues.
 *
 * <p>Thread-safe; several workers (threads or nodes) may call {@link #processDue()} at once: the queue's leases
 * keep an issue with one worker at a time. The low-priority marks live in memory: a restart flags every own-scope
 * Box for a full sync anyway.
 */
public final class RemoteEventProcessor {

    private final SyncEnvironment env;
    private final String workerId;
    private final Map<BoxId, Map<IssueRef, Mark>> lowPriority = new ConcurrentHashMap<>();
    private final ConcurrentLinkedDeque<Failure> unrecordedFailures = new ConcurrentLinkedDeque<>();

    private record IssueRef(ConnectionId connection, IssueKey key) {
    }

    private record Mark(Author author, String cause) {
    }

    private record Failure(EventBatch batch, String error, Instant retryAt) {
    }

    /** A Box that may hold the issue, with the query and account its membership is checked with. */
    private record Target(Box box, ScopeQuery query, RemoteAccount account) {
    }

    public RemoteEventProcessor(SyncEnvironment env, String workerId) {
        this.env = Objects.requireNonNull(env, "env");
        this.workerId = Objects.requireNonNull(workerId, "workerId");
    }

    /** Leases due issues and processes each; returns how many issues were processed successfully. */
    public int processDue() {
        recordFailuresTheStoreMissed();
        Instant now = env.clock().now();
        List<EventBatch> batches = env.tx().inTransaction(s -> s.events().lease(now,
                env.settings().coalescingInterval(), env.settings().leaseDuration(), env.settings().leaseBatchSize(),
                workerId));
        int done = 0;
        for (int i = 0; i < batches.size(); i++) {
            EventBatch batch = batches.get(i);
            try {
                process(batch);
                done++;
            } catch (RuntimeException e) {
                Failure failure = new Failure(batch, FullSync.describe(e),
                        env.clock().now().plus(env.settings().backoffAfter(batch.attempts() + 1)));
                try {
                    record(failure);
                } catch (RuntimeException storeDown) {
                    unrecordedFailures.add(failure);
                    batches.subList(i + 1, batches.size()).forEach(rest -> unrecordedFailures.add(
                            new Failure(rest, "not tried: the database failed", failure.retryAt())));
                    throw storeDown;
                }
            }
        }
        return done;
    }

    /**
     * Failures that could not be written because the database itself was failing (e.g. restarting) are written as
     * soon as it answers again, so their issues are retried after the usual backoff instead of waiting for the
     * lease to expire.
     */
    private void recordFailuresTheStoreMissed() {
        for (Failure failure; (failure = unrecordedFailures.pollFirst()) != null; ) {
            try {
                record(failure);
            } catch (RuntimeException stillDown) {
                unrecordedFailures.addFirst(failure);
                throw stillDown;
            }
        }
    }

    private void record(Failure failure) {
        env.tx().run(s -> s.events().fail(failure.batch(), failure.error(), failure.retryAt(),
                env.settings().maxAttempts()));
    }

    /** Serves the Boxes not visited recently that events marked; returns how many (Box, issue) pairs it applied. */
    public int lowPriorityCatchUp() {
        int applied = 0;
        for (BoxId boxId : List.copyOf(lowPriority.keySet())) {
            Map<IssueRef, Mark> marks = lowPriority.remove(boxId);
            if (marks == null) {
                continue;
            }
            for (Map.Entry<IssueRef, Mark> entry : marks.entrySet()) {
                IssueRef ref = entry.getKey();
                Connector connector = env.connectors().connector(ref.connection());
                RemoteAccount technical = env.tx().inTransaction(s -> s.connections().technicalUser(ref.connection()));
                Optional<RemoteIssue> fetched = connector.fetch(ref.key(), technical);
                List<Target> targets = env.tx().inTransaction(s -> s.boxes().find(boxId)
                        .filter(b -> servable(b)).flatMap(b -> target(s, b, ref.connection())).stream().toList());
                if (targets.isEmpty()) {
                    continue;
                }
                Map<BoxId, Boolean> membership = membership(connector, targets, ref.key(), fetched);
                env.tx().run(s -> apply(s, ref, fetched, membership, Echo.NONE, entry.getValue().author(),
                        entry.getValue().cause(), null));
                applied++;
            }
        }
        return applied;
    }

    /** How many (Box, issue) pairs wait for the low-priority catch-up. */
    public int pendingLowPriority() {
        return lowPriority.values().stream().mapToInt(Map::size).sum();
    }

    private void process(EventBatch batch) {
        IssueRef ref = new IssueRef(batch.connection(), batch.key());
        Instant now = env.clock().now();
        Connector connector = env.connectors().connector(ref.connection());
        RemoteAccount technical = env.tx().inTransaction(s -> s.connections().technicalUser(ref.connection()));
        RemoteEvent latest = batch.latest();
        Optional<RemoteIssue> fetched = latest.type() == RemoteEvent.Type.DELETED
                ? Optional.empty() : connector.fetch(ref.key(), technical);
        Prepared prep = env.tx().inTransaction(s -> prepare(s, ref, batch, fetched, now));
        Map<BoxId, Boolean> membership = membership(connector, prep.targets, ref.key(), fetched);
        Map<BoxId, Boolean> applyNow = new LinkedHashMap<>();
        Set<BoxId> holding = prep.holding;
        for (Target t : prep.targets) {
            boolean member = membership.get(t.box().id());
            boolean changesMembership = member != holding.contains(t.box().id());
            if (!changesMembership || recentlyVisited(t.box(), now)) {
                applyNow.put(t.box().id(), member);
            } else {
                lowPriority.computeIfAbsent(t.box().id(), b -> new ConcurrentHashMap<>())
                        .put(ref, new Mark(prep.author, prep.cause));
            }
        }
        env.tx().run(s -> apply(s, ref, fetched, applyNow, prep.echo, prep.author, prep.cause, batch));
    }

    private record Prepared(List<Target> targets, Set<BoxId> holding, Echo echo, Author author, String cause) {
    }

    /** Boxsync's own writes to the issue that this batch echoes, by field. */
    private record Echo(Map<String, OutboxEntry> byFieldValue) {
        static final Echo NONE = new Echo(Map.of());

        Optional<OutboxEntry> of(String field, String value) {
            return Optional.ofNullable(byFieldValue.get(field + "=" + value));
        }
    }

    private Prepared prepare(Stores s, IssueRef ref, EventBatch batch, Optional<RemoteIssue> fetched, Instant now) {
        Optional<Task> task = s.tasks().findByKey(ref.connection(), ref.key());
        Set<BoxId> holding = new HashSet<>(task.map(t -> s.contents().boxesHolding(t.id())).orElse(List.of()));
        List<Target> targets = new ArrayList<>();
        for (Box box : s.boxes().all()) {
            if (!servable(box)) {
                continue;
            }
            if (box.scope().mode() == BoxScope.Mode.NONE) {
                if (holding.contains(box.id()) && fetched.isEmpty()) {
                    targets.add(new Target(box, null, null));
                }
                continue;
            }
            target(s, box, ref.connection()).ifPresent(targets::add);
        }
        List<OutboxEntry> ours = new ArrayList<>(s.outbox().recent(ref.connection(), ref.key(),
                now.minus(env.settings().echoWindow())));
        Set<String> echoedDeliveries = new HashSet<>();
        for (QueuedEvent q : batch.events()) {
            String writeId = q.event().writeId();
            if (writeId != null) {
                Optional<OutboxEntry> entry = s.outbox().find(writeId);
                if (entry.isPresent()) {
                    echoedDeliveries.add(q.event().deliveryId());
                    if (ours.stream().noneMatch(o -> o.writeId().equals(writeId))) {
                        ours.add(entry.get());
                    }
                }
            }
        }
        Map<String, OutboxEntry> byFieldValue = new LinkedHashMap<>();
        for (OutboxEntry entry : ours) {
            entry.fields().forEach((field, value) -> byFieldValue.put(field + "=" + value, entry));
        }
        for (QueuedEvent q : batch.events()) {
            if (q.event().writeId() == null && fetched.isPresent() && isEchoByContent(s, ref, q.event(), ours,
                    fetched.get())) {
                echoedDeliveries.add(q.event().deliveryId());
            }
        }
        // Tools stamp events to the millisecond; between equal stamps the later arrival is the later change.
        Optional<RemoteEvent> latestForeign = batch.events().stream()
                .filter(q -> !echoedDeliveries.contains(q.event().deliveryId()))
                .max(Comparator.comparing((QueuedEvent q) -> q.event().occurredAt()).thenComparingLong(QueuedEvent::id))
                .map(QueuedEvent::event);
        Author author = latestForeign.map(e -> authorOf(s, ref.connection(), e)).orElse(Author.technicalUser());
        String cause = "event " + latestForeign.orElse(batch.latest()).deliveryId()
                + (batch.events().size() > 1 ? " (+" + (batch.events().size() - 1) + " coalesced)" : "");
        return new Prepared(targets, holding, new Echo(byFieldValue), author, cause);
    }

    private boolean isEchoByContent(Stores s, IssueRef ref, RemoteEvent event, List<OutboxEntry> ours,
                                    RemoteIssue fetched) {
        Task now = TaskFields.fromRemote(ref.connection(), fetched, null, io.boxsync.core.domain.TaskMode.AUTO_BASIC);
        for (OutboxEntry entry : ours) {
            boolean sameFields = !entry.fields().isEmpty() && entry.fields().entrySet().stream()
                    .filter(f -> !f.getKey().startsWith("link"))
                    .allMatch(f -> Objects.equals(f.getValue(), TaskFields.valueOf(now, f.getKey())));
            boolean sameActor = event.actorAccountId() == null || s.accounts().userOf(ref.connection(),
                    event.actorAccountId()).map(u -> u.equals(entry.user())).orElse(false);
            if (sameFields && sameActor) {
                return true;
            }
        }
        return false;
    }

    private Author authorOf(Stores s, ConnectionId connection, RemoteEvent event) {
        if (event.actorAccountId() == null) {
            return Author.technicalUser();
        }
        UserId linked = s.accounts().userOf(connection, event.actorAccountId()).orElse(null);
        String name = event.actorName() != null ? event.actorName()
                : linked != null ? s.users().find(linked).map(User::displayName).orElse(event.actorAccountId())
                : event.actorAccountId();
        return Author.remote(event.actorAccountId(), name, linked);
    }

    private Optional<Target> target(Stores s, Box box, ConnectionId connection) {
        Optional<Box> root = Scopes.ownScopeRoot(s.boxes(), box);
        Optional<UserId> owner = Scopes.scopeOwner(s.boxes(), box);
        if (root.isEmpty() || owner.isEmpty()) {
            return Optional.empty();
        }
        for (BoxScope.Part part : root.get().scope().parts()) {
            if (part.connection().equals(connection)) {
                Optional<RemoteAccount> account = s.accounts().accountOf(owner.get(), connection);
                if (account.isEmpty()) {
                    return Optional.empty();
                }
                ScopeQuery query = box.scope().isOwn() ? part.query()
                        : Scopes.narrowed(part.query(), box.scope().subFilter());
                return Optional.of(new Target(box, query, account.get()));
            }
        }
        return Optional.empty();
    }

    private Map<BoxId, Boolean> membership(Connector connector, List<Target> targets, IssueKey key,
                                           Optional<RemoteIssue> fetched) {
        Map<BoxId, Boolean> out = new LinkedHashMap<>();
        for (Target t : targets) {
            boolean member = fetched.isPresent() && t.query() != null
                    && connector.membership(t.query(), List.of(key), t.account()).contains(key);
            out.put(t.box().id(), member);
        }
        return out;
    }

    private boolean servable(Box box) {
        SyncState state = box.syncState();
        return !box.isClosed() && !state.flagged() && state.lastFullSync() != null;
    }

    private boolean recentlyVisited(Box box, Instant now) {
        Instant visited = box.syncState().lastVisited();
        return visited != null && visited.plus(env.settings().recentlyVisited()).isAfter(now);
    }

    private void apply(Stores s, IssueRef ref, Optional<RemoteIssue> fetched, Map<BoxId, Boolean> membership,
                       Echo echo, Author author, String cause, EventBatch batch) {
        Instant now = env.clock().now();
        ChangeRecorder remote = new ChangeRecorder(now, ChangeOrigin.PARTIAL_REMOTE, author, null, null, cause);
        List<Change> echoChanges = new ArrayList<>();
        Optional<Task> stored = s.tasks().findByKey(ref.connection(), ref.key());
        boolean wanted = membership.values().stream().anyMatch(Boolean::booleanValue);
        Task task = stored.orElse(null);
        boolean fieldsChanged = false;
        boolean datesChanged = false;
        boolean placementChanged = false;
        boolean onlyRelabelled = false;
        if (fetched.isPresent() && (task != null || wanted)) {
            RemoteIssue issue = fetched.get();
            if (task == null) {
                Box first = s.boxes().find(membership.entrySet().stream().filter(Map.Entry::getValue).findFirst()
                        .orElseThrow().getKey()).orElseThrow();
                task = s.tasks().insertAll(List.of(TaskFields.fromRemote(ref.connection(), issue, null,
                        first.defaultTaskMode()))).get(0);
            } else if (task.remoteUpdated() == null || !issue.updated().isBefore(task.remoteUpdated())) {
                Task incoming = TaskFields.fromRemote(ref.connection(), issue, task, task.mode());
                List<TaskFields.FieldChange> diff = TaskFields.changes(task, incoming);
                if (!diff.isEmpty() || !Objects.equals(task.remoteUpdated(), incoming.remoteUpdated())) {
                    s.tasks().updateAll(List.of(incoming));
                }
                fieldsChanged = !diff.isEmpty();
                datesChanged = diff.stream().anyMatch(c -> c.field().equals("start") || c.field().equals("end"));
                placementChanged = PartialWbs.movesInWbs(diff);
                onlyRelabelled = PartialWbs.onlyRelabels(diff, incoming);
                for (TaskFields.FieldChange c : diff) {
                    Optional<OutboxEntry> ours = echo.of(c.field(), c.newValue());
                    if (ours.isPresent()) {
                        echoChanges.add(actionChange(s, ours.get(), now, ChangeKind.TASK_UPDATED, task, c.field(),
                                c.oldValue(), c.newValue()));
                    } else {
                        remote.fields(task.id(), List.of(c));
                    }
                }
                task = incoming;
            }
            syncLinks(s, ref, issue, task, echo, remote, echoChanges, now);
        }
        Map<BoxId, List<WbsNode>> wbsAfter = new LinkedHashMap<>();
        if (task != null) {
            Set<BoxId> holding = new HashSet<>(s.contents().boxesHolding(task.id()));
            for (Map.Entry<BoxId, Boolean> entry : membership.entrySet()) {
                BoxId box = entry.getKey();
                if (entry.getValue() && !holding.contains(box)) {
                    s.contents().add(box, List.of(task.id()));
                    remote.add(ChangeKind.TASK_ADDED, box, task.id(), null, null, "in Box");
                    wbsAfter.put(box, place(s, box, task, fetched));
                } else if (!entry.getValue() && holding.contains(box)) {
                    List<WbsNode> before = s.contents().wbs(box);
                    s.contents().remove(box, List.of(task.id()));
                    remote.add(ChangeKind.TASK_REMOVED, box, task.id(), null, "in Box", null);
                    unplace(s, box, task, before, fetched);
                } else if (entry.getValue() && fieldsChanged
                        && (placementChanged || PartialWbs.nestsByLinks(s, box))) {
                    if (!onlyRelabelled || PartialWbs.nestsByLinks(s, box) || !PartialWbs.relabel(s, box, task)) {
                        wbsAfter.put(box, place(s, box, task, fetched));
                    }
                }
            }
        }
        if (task != null && (datesChanged || fieldsChanged)) {
            for (Map.Entry<BoxId, Boolean> entry : membership.entrySet()) {
                if (entry.getValue()) {
                    recalculate(s, entry.getKey(), task.id(), wbsAfter.get(entry.getKey()), remote);
                }
            }
        }
        List<Change> all = new ArrayList<>(remote.changes());
        all.addAll(echoChanges);
        s.changes().append(all);
        if (batch != null) {
            s.events().complete(batch);
        }
    }

    private void syncLinks(Stores s, IssueRef ref, RemoteIssue issue, Task task, Echo echo, ChangeRecorder remote,
                           List<Change> echoChanges, Instant now) {
        Connection connection = s.connections().find(ref.connection()).orElse(null);
        Set<String> present = new HashSet<>();
        for (RemoteLink link : issue.links()) {
            DependencyType type = FullSync.dependencyType(connection, link.type());
            if (type == null) {
                continue;
            }
            present.add(link.linkId());
            if (s.dependencies().findByRemoteLink(link.linkId()).isPresent()) {
                continue;
            }
            Optional<Task> from = s.tasks().findByKey(ref.connection(), link.from());
            Optional<Task> to = s.tasks().findByKey(ref.connection(), link.to());
            if (from.isEmpty() || to.isEmpty() || from.get().id().equals(to.get().id())) {
                continue;
            }
            s.dependencies().insert(new Dependency(null, from.get().id(), to.get().id(), type, true, link.lagDays(),
                    link.linkId()));
            String value = linkText(link.type(), link.from(), link.to());
            Optional<OutboxEntry> ours = echo.of("link", value);
            if (ours.isPresent()) {
                echoChanges.add(actionChange(s, ours.get(), now, ChangeKind.DEPENDENCY_ADDED, from.get(),
                        "dependency", null, value));
            } else {
                remote.add(ChangeKind.DEPENDENCY_ADDED, null, from.get().id(), "dependency", null, value);
            }
        }
        for (Dependency dep : s.dependencies().touching(List.of(task.id()))) {
            if (dep.remoteLinkId() != null && dep.from().equals(task.id()) && !present.contains(dep.remoteLinkId())) {
                s.dependencies().delete(dep.id());
                Optional<OutboxEntry> ours = echo.of("unlink", dep.remoteLinkId());
                if (ours.isPresent()) {
                    echoChanges.add(actionChange(s, ours.get(), now, ChangeKind.DEPENDENCY_REMOVED, task,
                            "dependency", dep.remoteLinkId(), null));
                } else {
                    remote.add(ChangeKind.DEPENDENCY_REMOVED, null, task.id(), "dependency", dep.remoteLinkId(), null);
                }
            }
        }
    }

    static String linkText(String type, IssueKey from, IssueKey to) {
        return type + " " + from + " -> " + to;
    }

    private Change actionChange(Stores s, OutboxEntry entry, Instant now, ChangeKind kind, Task task, String field,
                                String oldValue, String newValue) {
        String name = s.users().find(entry.user()).map(User::displayName).orElse("user " + entry.user());
        return new Change(null, now, ChangeOrigin.PARTIAL_APP, kind, null, task.id(), field, oldValue, newValue,
                Author.currentUser(entry.user(), name), entry.user(), null, "action " + entry.writeId());
    }

    /**
     * Task modes apply to partial sync too: automation follows the new dates (bottom-up parents...), within the
     * tasks the change can move: those connected to it through the WBS, parent or epic keys and dependencies.
     */
    private void recalculate(Stores s, BoxId box, io.boxsync.core.domain.TaskId changed, List<WbsNode> wbs,
                             ChangeRecorder rec) {
        DateNeighbourhood around = wbs != null ? DateNeighbourhood.of(s, box, changed, wbs)
                : DateNeighbourhood.of(s, box, changed);
        List<Task> moved = env.dates().recalculate(around.tasks(), around.wbs(), around.dependencies());
        if (moved.isEmpty()) {
            return;
        }
        Map<io.boxsync.core.domain.TaskId, Task> before = new LinkedHashMap<>();
        around.tasks().forEach(t -> before.put(t.id(), t));
        s.tasks().updateAll(moved);
        moved.forEach(t -> rec.fields(t.id(), TaskFields.changes(before.get(t.id()), t)));
    }

    private List<WbsNode> place(Stores s, BoxId box, Task task, Optional<RemoteIssue> fetched) {
        return PartialWbs.place(s, env.wbs(), box, task, links(task.connection(), fetched));
    }

    private List<WbsNode> unplace(Stores s, BoxId box, Task task, List<WbsNode> before,
                                  Optional<RemoteIssue> fetched) {
        return PartialWbs.unplace(s, env.wbs(), box, task, before, links(task.connection(), fetched));
    }

    static List<io.boxsync.core.wbs.TaskLink> links(ConnectionId connection, Optional<RemoteIssue> issue) {
        return issue.map(i -> i.links().stream().map(l -> io.boxsync.core.wbs.TaskLink.of(connection, l)).toList())
                .orElse(List.of());
    }
}
