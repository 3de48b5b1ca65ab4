package io.boxsync.core.fakes;

import io.boxsync.connector.ConnectionKind;
import io.boxsync.connector.Cursor;
import io.boxsync.connector.FieldMapping;
import io.boxsync.connector.IssueKey;
import io.boxsync.connector.IterationRef;
import io.boxsync.connector.RemoteAccount;
import io.boxsync.connector.RemoteEvent;
import io.boxsync.connector.RemoteMetadata;
import io.boxsync.connector.Secret;
import io.boxsync.core.domain.Box;
import io.boxsync.core.domain.BoxId;
import io.boxsync.core.domain.BoxKind;
import io.boxsync.core.domain.BoxRole;
import io.boxsync.core.domain.BoxScope;
import io.boxsync.core.domain.BoxStatus;
import io.boxsync.core.domain.Change;
import io.boxsync.core.domain.ChangeId;
import io.boxsync.core.domain.ChangeOrigin;
import io.boxsync.core.domain.Connection;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.core.domain.Dependency;
import io.boxsync.core.domain.DependencyId;
import io.boxsync.core.domain.FlagReason;
import io.boxsync.core.domain.Iteration;
import io.boxsync.core.domain.SyncRun;
import io.boxsync.core.domain.SyncRunId;
import io.boxsync.core.domain.SyncState;
import io.boxsync.core.domain.Task;
import io.boxsync.core.domain.TaskId;
import io.boxsync.core.domain.TaskMode;
import io.boxsync.core.domain.User;
import io.boxsync.core.domain.UserId;
import io.boxsync.core.domain.WbsBuilder;
import io.boxsync.core.domain.WbsNode;
import io.boxsync.core.port.BoxContentStore;
import io.boxsync.core.port.BoxStore;
import io.boxsync.core.port.ChangeLog;
import io.boxsync.core.port.ConnectionStore;
import io.boxsync.core.port.CursorStore;
import io.boxsync.core.port.DependencyStore;
import io.boxsync.core.port.EventBatch;
import io.boxsync.core.port.EventQueue;
import io.boxsync.core.port.IterationStore;
import io.boxsync.core.port.MetadataStore;
import io.boxsync.core.port.OutboxEntry;
import io.boxsync.core.port.OutboxStore;
import io.boxsync.core.port.QueuedEvent;
import io.boxsync.core.port.RemoteAccountStore;
import io.boxsync.core.port.Stores;
import io.boxsync.core.port.SyncRunStore;
import io.boxsync.core.port.SystemStateStore;
import io.boxsync.core.port.TaskStore;
import io.boxsync.core.port.UserStore;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The stores of one in-memory transaction, working on that transaction's private copy of the state. */
public final class InMemoryStores implements Stores {
    private final InMemoryState st;
    private final StoreMeter meter;

    InMemoryStores(InMemoryState state) {
        this(state, new StoreMeter());
    }

    InMemoryStores(InMemoryState state, StoreMeter meter) {
        this.st = state;
        this.meter = meter;
    }

    private Optional<Task> meteredTask(Optional<Task> task) {
        meter.tasks(task.isPresent() ? 1 : 0);
        return task;
    }

    private List<Task> meteredTasks(List<Task> tasks) {
        meter.tasks(tasks.size());
        return tasks;
    }

    private List<Dependency> meteredDependencies(List<Dependency> deps) {
        meter.dependencies(deps.size());
        return deps;
    }

    @Override
    public BoxStore boxes() {
        return new Boxes();
    }

    @Override
    public TaskStore tasks() {
        return new Tasks();
    }

    @Override
    public BoxContentStore contents() {
        return new Contents();
    }

    @Override
    public DependencyStore dependencies() {
        return new Dependencies();
    }

    @Override
    public IterationStore iterations() {
        return new Iterations();
    }

    @Override
    public ChangeLog changes() {
        return new Changes();
    }

    @Override
    public SyncRunStore runs() {
        return new Runs();
    }

    @Override
    public CursorStore cursors() {
        return new Cursors();
    }

    @Override
    public EventQueue events() {
        return new Events();
    }

    @Override
    public OutboxStore outbox() {
        return new Outbox();
    }

    @Override
    public SystemStateStore system() {
        return new SystemState();
    }

    @Override
    public MetadataStore metadata() {
        return new Metadata();
    }

    @Override
    public UserStore users() {
        return new Users();
    }

    @Override
    public ConnectionStore connections() {
        return new Connections();
    }

    @Override
    public RemoteAccountStore accounts() {
        return new Accounts();
    }

    private final class Boxes implements BoxStore {
        @Override
        public Box create(String name, BoxKind kind, BoxId parent, BoxStatus status, BoxScope scope, UserId scopeOwner,
                          List<WbsBuilder> builders, TaskMode defaultTaskMode) {
            Box box = new Box(BoxId.of(st.next()), name, kind, parent, status, scope, scopeOwner, builders,
                    defaultTaskMode, SyncState.newlyCreated());
            st.boxes.put(box.id(), box);
            return box;
        }

        @Override
        public Optional<Box> find(BoxId id) {
            return Optional.ofNullable(st.boxes.get(id));
        }

        @Override
        public List<Box> all() {
            return List.copyOf(st.boxes.values());
        }

        @Override
        public List<Box> children(BoxId parent) {
            return st.boxes.values().stream().filter(b -> parent.equals(b.parent())).toList();
        }

        @Override
        public void update(Box box) {
            if (!st.boxes.containsKey(box.id())) {
                throw new NoSuchElementException("no Box " + box.id());
            }
            st.boxes.put(box.id(), box);
        }

        @Override
        public int flagOwnScopeBoxes(FlagReason reason) {
            int n = 0;
            for (Box b : List.copyOf(st.boxes.values())) {
                if (b.scope().isOwn() && !b.isClosed()) {
                    st.boxes.put(b.id(), b.withSyncState(b.syncState().flag(reason)));
                    n++;
                }
            }
            return n;
        }

        @Override
        public void setRole(BoxId box, UserId user, BoxRole role) {
            st.roles.computeIfAbsent(box, b -> new HashMap<>()).put(user, role);
        }

        @Override
        public void removeMember(BoxId box, UserId user) {
            st.roles.getOrDefault(box, new HashMap<>()).remove(user);
        }

        @Override
        public Optional<BoxRole> role(BoxId box, UserId user) {
            return Optional.ofNullable(st.roles.getOrDefault(box, Map.of()).get(user));
        }

        @Override
        public Map<UserId, BoxRole> members(BoxId box) {
            return Map.copyOf(st.roles.getOrDefault(box, Map.of()));
        }
    }

    private final class Tasks implements TaskStore {
        @Override
        public List<Task> insertAll(List<Task> tasks) {
            List<Task> out = new ArrayList<>();
            for (Task t : tasks) {
                if (t.id() != null) {
                    throw new IllegalArgumentException("a new task has no id yet");
                }
                if (t.key() != null && findByKey(t.connection(), t.key()).isPresent()) {
                    throw new IllegalStateException("duplicate task for " + t.key() + " (unique constraint)");
                }
                Task stored = t.withId(TaskId.of(st.next()));
                st.tasks.put(stored.id(), stored);
                out.add(stored);
            }
            return out;
        }

        @Override
        public void updateAll(List<Task> tasks) {
            for (Task t : tasks) {
                if (!st.tasks.containsKey(Objects.requireNonNull(t.id(), "id"))) {
                    throw new NoSuchElementException("no task " + t.id());
                }
                st.tasks.put(t.id(), t);
            }
        }

        @Override
        public void deleteAll(Collection<TaskId> ids) {
            for (TaskId id : ids) {
                st.tasks.remove(id);
                st.contents.values().forEach(set -> set.remove(id));
                st.wbs.replaceAll((b, nodes) -> nodes.stream().filter(n -> !id.equals(n.task())).toList());
                st.dependencies.values().removeIf(d -> d.from().equals(id) || d.to().equals(id));
            }
        }

        @Override
        public Optional<Task> find(TaskId id) {
            return meteredTask(Optional.ofNullable(st.tasks.get(id)));
        }

        @Override
        public List<Task> findAll(Collection<TaskId> ids) {
            return meteredTasks(ids.stream().map(st.tasks::get).filter(Objects::nonNull).toList());
        }

        @Override
        public Optional<Task> findByKey(ConnectionId connection, IssueKey key) {
            return meteredTask(st.tasks.values().stream()
                    .filter(t -> connection.equals(t.connection()) && key.equals(t.key())).findFirst());
        }

        @Override
        public Map<IssueKey, Task> findByKeys(ConnectionId connection, Collection<IssueKey> keys) {
            Set<IssueKey> wanted = Set.copyOf(keys);
            Map<IssueKey, Task> out = new HashMap<>();
            st.tasks.values().stream().filter(t -> connection.equals(t.connection()) && wanted.contains(t.key()))
                    .forEach(t -> out.put(t.key(), t));
            meter.tasks(out.size());
            return out;
        }
    }

    private final class Contents implements BoxContentStore {
        @Override
        public Set<TaskId> taskIds(BoxId box) {
            return Set.copyOf(st.contents.getOrDefault(box, Set.of()));
        }

        @Override
        public List<Task> tasks(BoxId box) {
            return meteredTasks(st.contents.getOrDefault(box, Set.of()).stream().map(st.tasks::get)
                    .filter(Objects::nonNull).sorted(Comparator.comparing(Task::id)).toList());
        }

        @Override
        public void add(BoxId box, Collection<TaskId> tasks) {
            st.contents.computeIfAbsent(box, b -> new LinkedHashSet<>()).addAll(tasks);
        }

        @Override
        public void remove(BoxId box, Collection<TaskId> tasks) {
            st.contents.computeIfAbsent(box, b -> new LinkedHashSet<>()).removeAll(tasks);
            Set<TaskId> gone = Set.copyOf(tasks);
            st.wbs.computeIfPresent(box, (b, nodes) -> nodes.stream()
                    .filter(n -> n.task() == null || !gone.contains(n.task())).toList());
        }

        @Override
        public boolean holds(BoxId box, TaskId task) {
            return st.contents.getOrDefault(box, Set.of()).contains(task);
        }

        @Override
        public List<Task> tasksAmong(BoxId box, Collection<TaskId> ids) {
            Set<TaskId> held = st.contents.getOrDefault(box, Set.of());
            return meteredTasks(ids.stream().distinct().filter(held::contains).map(st.tasks::get)
                    .filter(Objects::nonNull).sorted(Comparator.comparing(Task::id)).toList());
        }

        @Override
        public List<Task> tasksNaming(BoxId box, ConnectionId connection, IssueKey key) {
            return meteredTasks(st.contents.getOrDefault(box, Set.of()).stream().map(st.tasks::get)
                    .filter(t -> t != null && connection.equals(t.connection())
                            && (key.equals(t.parentKey()) || key.equals(t.epicKey())))
                    .sorted(Comparator.comparing(Task::id)).toList());
        }

        @Override
        public List<BoxId> boxesHolding(TaskId task) {
            return st.contents.entrySet().stream().filter(e -> e.getValue().contains(task)).map(Map.Entry::getKey)
                    .sorted().toList();
        }

        @Override
        public List<WbsNode> wbs(BoxId box) {
            List<WbsNode> nodes = List.copyOf(st.wbs.getOrDefault(box, List.of()));
            meter.wbs(nodes.size());
            return nodes;
        }

        @Override
        public void replaceWbs(BoxId box, List<WbsNode> nodes) {
            st.wbs.put(box, new ArrayList<>(nodes));
        }

        @Override
        public void upsertWbsNodes(BoxId box, List<WbsNode> nodes) {
            List<WbsNode> current = new ArrayList<>(st.wbs.getOrDefault(box, List.of()));
            for (WbsNode n : nodes) {
                current.removeIf(c -> c.nodeId().equals(n.nodeId()));
                current.add(n);
            }
            st.wbs.put(box, depthFirst(current));
        }

        /** Parents before children, siblings by position then id, as the PostgreSQL store returns the WBS. */
        private List<WbsNode> depthFirst(List<WbsNode> nodes) {
            Set<String> present = new java.util.HashSet<>();
            nodes.forEach(n -> present.add(n.nodeId()));
            Map<String, List<WbsNode>> children = new HashMap<>();
            for (WbsNode n : nodes) {
                String parent = n.parentId() != null && present.contains(n.parentId()) ? n.parentId() : "";
                children.computeIfAbsent(parent, p -> new ArrayList<>()).add(n);
            }
            children.values().forEach(list -> list.sort(Comparator.comparingInt(WbsNode::position)
                    .thenComparing(WbsNode::nodeId)));
            List<WbsNode> out = new ArrayList<>();
            java.util.Deque<WbsNode> stack = new java.util.ArrayDeque<>();
            List<WbsNode> roots = new ArrayList<>(children.getOrDefault("", List.of()));
            java.util.Collections.reverse(roots);
            roots.forEach(stack::push);
            Set<String> visited = new java.util.HashSet<>();
            while (!stack.isEmpty()) {
                WbsNode n = stack.pop();
                if (!visited.add(n.nodeId())) {
                    continue;
                }
                out.add(n);
                List<WbsNode> below = new ArrayList<>(children.getOrDefault(n.nodeId(), List.of()));
                java.util.Collections.reverse(below);
                below.forEach(stack::push);
            }
            return out;
        }

        @Override
        public void removeWbsNodes(BoxId box, Collection<String> nodeIds) {
            Set<String> gone = Set.copyOf(nodeIds);
            st.wbs.computeIfPresent(box, (b, nodes) -> nodes.stream().filter(n -> !gone.contains(n.nodeId())).toList());
        }

        @Override
        public List<WbsNode> wbsNodesOfTasks(BoxId box, Collection<TaskId> tasks) {
            Set<TaskId> wanted = Set.copyOf(tasks);
            return meteredWbs(box, n -> n.task() != null && wanted.contains(n.task()));
        }

        @Override
        public List<WbsNode> wbsNodes(BoxId box, Collection<String> nodeIds) {
            Set<String> wanted = Set.copyOf(nodeIds);
            return meteredWbs(box, n -> wanted.contains(n.nodeId()));
        }

        @Override
        public List<WbsNode> wbsChildren(BoxId box, Collection<String> parentNodeIds) {
            Set<String> wanted = Set.copyOf(parentNodeIds);
            return meteredWbs(box, n -> n.parentId() != null && wanted.contains(n.parentId()));
        }

        @Override
        public List<Task> tasksNamingAny(BoxId box, ConnectionId connection, Collection<IssueKey> keys) {
            Set<IssueKey> wanted = Set.copyOf(keys);
            return meteredTasks(st.contents.getOrDefault(box, Set.of()).stream().map(st.tasks::get)
                    .filter(t -> t != null && connection.equals(t.connection())
                            && ((t.parentKey() != null && wanted.contains(t.parentKey()))
                            || (t.epicKey() != null && wanted.contains(t.epicKey()))))
                    .sorted(Comparator.comparing(Task::id)).toList());
        }

        /** An indexed read: the meter counts only the rows it returns. */
        private List<WbsNode> meteredWbs(BoxId box, java.util.function.Predicate<WbsNode> wanted) {
            List<WbsNode> nodes = st.wbs.getOrDefault(box, List.of()).stream().filter(wanted).toList();
            meter.wbs(nodes.size());
            return nodes;
        }
    }

    private final class Dependencies implements DependencyStore {
        @Override
        public Dependency insert(Dependency d) {
            if (d.remoteLinkId() != null && findByRemoteLink(d.remoteLinkId()).isPresent()) {
                throw new IllegalStateException("duplicate remote link " + d.remoteLinkId() + " (unique constraint)");
            }
            Dependency stored = new Dependency(DependencyId.of(st.next()), d.from(), d.to(), d.type(), d.strong(),
                    d.lagDays(), d.remoteLinkId());
            st.dependencies.put(stored.id(), stored);
            return stored;
        }

        @Override
        public void delete(DependencyId id) {
            st.dependencies.remove(id);
        }

        @Override
        public Optional<Dependency> find(DependencyId id) {
            return Optional.ofNullable(st.dependencies.get(id));
        }

        @Override
        public Optional<Dependency> findByRemoteLink(String remoteLinkId) {
            return st.dependencies.values().stream().filter(d -> remoteLinkId.equals(d.remoteLinkId())).findFirst();
        }

        @Override
        public List<Dependency> touching(Collection<TaskId> tasks) {
            Set<TaskId> ids = Set.copyOf(tasks);
            return meteredDependencies(st.dependencies.values().stream()
                    .filter(d -> ids.contains(d.from()) || ids.contains(d.to())).toList());
        }

        @Override
        public List<Dependency> ofBox(BoxId box) {
            Set<TaskId> ids = st.contents.getOrDefault(box, Set.of());
            return meteredDependencies(st.dependencies.values().stream()
                    .filter(d -> ids.contains(d.from()) && ids.contains(d.to())).toList());
        }
    }

    private final class Iterations implements IterationStore {
        @Override
        public void upsert(Iteration iteration) {
            st.iterations.put(key(iteration.connection(), iteration.ref().kind(), iteration.ref().id()), iteration);
        }

        @Override
        public List<Iteration> of(ConnectionId connection) {
            return st.iterations.values().stream().filter(i -> i.connection().equals(connection)).toList();
        }

        @Override
        public Optional<Iteration> find(ConnectionId connection, IterationRef.Kind kind, String id) {
            return Optional.ofNullable(st.iterations.get(key(connection, kind, id)));
        }

        private String key(ConnectionId c, IterationRef.Kind kind, String id) {
            return c + "|" + kind + "|" + id;
        }
    }

    private final class Changes implements ChangeLog {
        @Override
        public void append(List<Change> changes) {
            for (Change c : changes) {
                st.changes.add(new Change(ChangeId.of(st.next()), c.at(), c.origin(), c.kind(), c.box(), c.task(),
                        c.field(), c.oldValue(), c.newValue(), c.author(), c.requester(), c.run(), c.cause()));
            }
        }

        @Override
        public List<Change> ofBox(BoxId box, int limit, Optional<ChangeId> before) {
            Set<TaskId> held = st.contents.getOrDefault(box, Set.of());
            return page(c -> box.equals(c.box()) || (c.box() == null && c.task() != null && held.contains(c.task())),
                    limit, before);
        }

        @Override
        public List<Change> ofTask(TaskId task, int limit, Optional<ChangeId> before) {
            return page(c -> task.equals(c.task()), limit, before);
        }

        private List<Change> page(java.util.function.Predicate<Change> filter, int limit, Optional<ChangeId> before) {
            List<Change> out = new ArrayList<>();
            for (int i = st.changes.size() - 1; i >= 0 && out.size() < limit; i--) {
                Change c = st.changes.get(i);
                if (before.isPresent() && c.id().compareTo(before.get()) >= 0) {
                    continue;
                }
                if (filter.test(c)) {
                    out.add(c);
                }
            }
            return out;
        }
    }

    private final class Runs implements SyncRunStore {
        @Override
        public SyncRun start(BoxId box, ChangeOrigin origin, UserId requester, Instant at, boolean indexOverride) {
            SyncRun run = new SyncRun(SyncRunId.of(st.next()), box, origin, requester, at, null,
                    SyncRun.Outcome.RUNNING, "", SyncRun.Counts.NONE, 0, -1, indexOverride);
            st.runs.put(run.id(), run);
            return run;
        }

        @Override
        public void progress(SyncRunId id, int pagesRead, int pagesTotal) {
            SyncRun r = st.runs.get(id);
            st.runs.put(id, new SyncRun(r.id(), r.box(), r.origin(), r.requester(), r.startedAt(), r.finishedAt(),
                    r.outcome(), r.reason(), r.counts(), pagesRead, pagesTotal, r.indexOverride()));
        }

        @Override
        public void finish(SyncRunId id, SyncRun.Outcome outcome, String reason, SyncRun.Counts counts, Instant at) {
            SyncRun r = st.runs.get(id);
            st.runs.put(id, new SyncRun(r.id(), r.box(), r.origin(), r.requester(), r.startedAt(), at, outcome,
                    reason, counts, r.pagesRead(), r.pagesTotal(), r.indexOverride()));
        }

        @Override
        public Optional<SyncRun> find(SyncRunId id) {
            return Optional.ofNullable(st.runs.get(id));
        }

        @Override
        public List<SyncRun> recent(BoxId box, int limit) {
            List<SyncRun> all = st.runs.values().stream().filter(r -> r.box().equals(box))
                    .collect(Collectors.toCollection(ArrayList::new));
            java.util.Collections.reverse(all);
            return all.stream().limit(limit).toList();
        }

        @Override
        public Optional<SyncRun> running(BoxId box) {
            return st.runs.values().stream()
                    .filter(r -> r.box().equals(box) && r.outcome() == SyncRun.Outcome.RUNNING
                            && r.origin() == ChangeOrigin.FULL)
                    .reduce((a, b) -> b);
        }

        @Override
        public Optional<SyncRun> held(BoxId box) {
            return st.runs.values().stream().filter(r -> r.box().equals(box) && r.origin() == ChangeOrigin.FULL)
                    .reduce((a, b) -> b).filter(r -> r.outcome() == SyncRun.Outcome.HELD);
        }
    }

    private final class Cursors implements CursorStore {
        @Override
        public Optional<Cursor> get(BoxId box, ConnectionId connection) {
            return Optional.ofNullable(st.cursors.get(box + "|" + connection));
        }

        @Override
        public void advance(BoxId box, ConnectionId connection, Cursor cursor) {
            st.cursors.merge(box + "|" + connection, cursor, Cursor::max);
        }
    }

    private final class Events implements EventQueue {
        private String issue(ConnectionId c, IssueKey key) {
            return c + "|" + key.value();
        }

        @Override
        public boolean offer(ConnectionId connection, RemoteEvent event, Instant receivedAt) {
            String delivery = connection + "|" + event.deliveryId();
            if (st.deliveries.containsKey(delivery)) {
                return false;
            }
            st.deliveries.put(delivery, receivedAt);
            st.pendingEvents.add(new QueuedEvent(st.next(), connection, event, receivedAt));
            return true;
        }

        @Override
        public List<EventBatch> lease(Instant now, Duration interval, Duration leaseFor, int max, String owner) {
            Map<String, List<QueuedEvent>> byIssue = new LinkedHashMap<>();
            for (QueuedEvent e : st.pendingEvents) {
                byIssue.computeIfAbsent(issue(e.connection(), e.event().key()), k -> new ArrayList<>()).add(e);
            }
            List<Map.Entry<String, List<QueuedEvent>>> due = new ArrayList<>();
            for (Map.Entry<String, List<QueuedEvent>> entry : byIssue.entrySet()) {
                InMemoryState.IssueState state = st.issueStates.getOrDefault(entry.getKey(),
                        InMemoryState.IssueState.FRESH);
                Instant dueAt = entry.getValue().get(0).receivedAt().plus(interval);
                boolean leased = state.leaseUntil() != null && state.leaseUntil().isAfter(now);
                boolean waiting = state.retryAt() != null && state.retryAt().isAfter(now);
                if (!dueAt.isAfter(now) && !leased && !waiting && !state.parked()) {
                    due.add(entry);
                }
            }
            due.sort(Comparator.comparing(e -> e.getValue().get(0).receivedAt()));
            List<EventBatch> out = new ArrayList<>();
            for (Map.Entry<String, List<QueuedEvent>> entry : due.subList(0, Math.min(max, due.size()))) {
                InMemoryState.IssueState state = st.issueStates.getOrDefault(entry.getKey(),
                        InMemoryState.IssueState.FRESH);
                Instant until = now.plus(leaseFor);
                st.issueStates.put(entry.getKey(), new InMemoryState.IssueState(state.attempts(), state.retryAt(),
                        owner, until, null, null));
                QueuedEvent first = entry.getValue().get(0);
                out.add(new EventBatch(first.connection(), first.event().key(), entry.getValue(), state.attempts(),
                        owner, until));
            }
            return out;
        }

        @Override
        public void complete(EventBatch batch) {
            String issue = issue(batch.connection(), batch.key());
            long last = batch.lastEventId();
            st.pendingEvents.removeIf(e -> issue(e.connection(), e.event().key()).equals(issue) && e.id() <= last);
            st.issueStates.remove(issue);
        }

        @Override
        public void fail(EventBatch batch, String error, Instant retryAt, int maxAttempts) {
            String issue = issue(batch.connection(), batch.key());
            InMemoryState.IssueState state = st.issueStates.getOrDefault(issue, InMemoryState.IssueState.FRESH);
            int attempts = state.attempts() + 1;
            boolean park = attempts >= maxAttempts;
            st.issueStates.put(issue, new InMemoryState.IssueState(attempts, retryAt, null, null,
                    park ? error : null, park ? retryAt : null));
        }

        @Override
        public List<Parked> parked(int limit) {
            List<Parked> out = new ArrayList<>();
            st.issueStates.forEach((issue, state) -> {
                if (state.parked()) {
                    List<QueuedEvent> events = st.pendingEvents.stream()
                            .filter(e -> issue(e.connection(), e.event().key()).equals(issue)).toList();
                    if (!events.isEmpty()) {
                        out.add(new Parked(events.get(0).connection(), events.get(0).event().key(), events.size(),
                                state.attempts(), state.parkedError(), state.parkedAt()));
                    }
                }
            });
            out.sort(Comparator.comparing(Parked::parkedAt));
            return out.stream().limit(limit).toList();
        }

        @Override
        public boolean retryParked(ConnectionId connection, IssueKey key) {
            String issue = issue(connection, key);
            InMemoryState.IssueState state = st.issueStates.get(issue);
            if (state == null || !state.parked()) {
                return false;
            }
            st.issueStates.put(issue, InMemoryState.IssueState.FRESH);
            return true;
        }

        @Override
        public Stats stats(Instant now) {
            Set<String> parked = st.issueStates.entrySet().stream().filter(e -> e.getValue().parked())
                    .map(Map.Entry::getKey).collect(Collectors.toSet());
            List<QueuedEvent> pending = st.pendingEvents.stream()
                    .filter(e -> !parked.contains(issue(e.connection(), e.event().key()))).toList();
            long issues = pending.stream().map(e -> issue(e.connection(), e.event().key())).distinct().count();
            return new Stats(issues, pending.size(), parked.size(),
                    pending.stream().map(QueuedEvent::receivedAt).min(Comparator.naturalOrder()));
        }

        @Override
        public boolean knows(ConnectionId connection, String deliveryId) {
            return st.deliveries.containsKey(connection + "|" + deliveryId);
        }

        @Override
        public int forgetDeliveriesBefore(Instant before) {
            int n = st.deliveries.size();
            st.deliveries.values().removeIf(at -> at.isBefore(before));
            return n - st.deliveries.size();
        }
    }

    private final class Outbox implements OutboxStore {
        @Override
        public void record(OutboxEntry entry) {
            st.outbox.put(entry.writeId(), entry);
        }

        @Override
        public Optional<OutboxEntry> find(String writeId) {
            return Optional.ofNullable(st.outbox.get(writeId));
        }

        @Override
        public List<OutboxEntry> recent(ConnectionId connection, IssueKey key, Instant since) {
            return st.outbox.values().stream().filter(e -> e.connection().equals(connection) && e.key().equals(key)
                    && !e.at().isBefore(since)).sorted(Comparator.comparing(OutboxEntry::at)).toList();
        }

        @Override
        public int purgeBefore(Instant before) {
            int n = st.outbox.size();
            st.outbox.values().removeIf(e -> e.at().isBefore(before));
            return n - st.outbox.size();
        }
    }

    private final class SystemState implements SystemStateStore {
        @Override
        public Optional<Installation> installation() {
            return Optional.ofNullable(st.installation);
        }

        @Override
        public void recordInstallation(Instant at, String version) {
            if (st.installation != null) {
                throw new IllegalStateException("the installation is recorded already");
            }
            st.installation = new Installation(at, version);
        }

        @Override
        public void setInstalledVersion(String version) {
            st.installation = new Installation(st.installation.installedAt(), version);
        }
    }

    private final class Metadata implements MetadataStore {
        @Override
        public void save(ConnectionId connection, RemoteMetadata metadata, Instant loadedAt) {
            st.metadata.put(connection, metadata);
        }

        @Override
        public Optional<RemoteMetadata> load(ConnectionId connection) {
            return Optional.ofNullable(st.metadata.get(connection));
        }
    }

    private final class Users implements UserStore {
        @Override
        public User create(String login, String displayName, boolean admin) {
            if (findByLogin(login).isPresent()) {
                throw new IllegalArgumentException("login taken: " + login);
            }
            User user = new User(UserId.of(st.next()), login, displayName, admin);
            st.users.put(user.id(), user);
            return user;
        }

        @Override
        public Optional<User> find(UserId id) {
            return Optional.ofNullable(st.users.get(id));
        }

        @Override
        public Optional<User> findByLogin(String login) {
            return st.users.values().stream().filter(u -> u.login().equals(login)).findFirst();
        }

        @Override
        public List<User> all() {
            return List.copyOf(st.users.values());
        }
    }

    private final class Connections implements ConnectionStore {
        @Override
        public Connection create(String name, ConnectionKind kind, URI baseUrl, FieldMapping mapping,
                                 RemoteAccount technicalUser, Secret webhookSecret) {
            Connection c = new Connection(ConnectionId.of(st.next()), name, kind, baseUrl, mapping);
            st.connections.put(c.id(), c);
            st.technicalUsers.put(c.id(), technicalUser);
            if (webhookSecret != null) {
                st.webhookSecrets.put(c.id(), webhookSecret);
            }
            return c;
        }

        @Override
        public Optional<Connection> find(ConnectionId id) {
            return Optional.ofNullable(st.connections.get(id));
        }

        @Override
        public List<Connection> all() {
            return List.copyOf(st.connections.values());
        }

        @Override
        public void updateMapping(ConnectionId id, FieldMapping mapping) {
            Connection c = st.connections.get(id);
            st.connections.put(id, new Connection(c.id(), c.name(), c.kind(), c.baseUrl(), mapping));
        }

        @Override
        public RemoteAccount technicalUser(ConnectionId id) {
            return Objects.requireNonNull(st.technicalUsers.get(id), "no connection " + id);
        }

        @Override
        public Optional<Secret> webhookSecret(ConnectionId id) {
            return Optional.ofNullable(st.webhookSecrets.get(id));
        }
    }

    private final class Accounts implements RemoteAccountStore {
        @Override
        public void link(UserId user, ConnectionId connection, RemoteAccount account) {
            st.accounts.computeIfAbsent(user, u -> new HashMap<>()).put(connection, account);
        }

        @Override
        public void unlink(UserId user, ConnectionId connection) {
            st.accounts.getOrDefault(user, new HashMap<>()).remove(connection);
        }

        @Override
        public Optional<RemoteAccount> accountOf(UserId user, ConnectionId connection) {
            return Optional.ofNullable(st.accounts.getOrDefault(user, Map.of()).get(connection));
        }

        @Override
        public Optional<UserId> userOf(ConnectionId connection, String remoteAccountId) {
            return st.accounts.entrySet().stream()
                    .filter(e -> {
                        RemoteAccount a = e.getValue().get(connection);
                        return a != null && a.accountId().equals(remoteAccountId);
                    })
                    .map(Map.Entry::getKey).findFirst();
        }

        @Override
        public Map<ConnectionId, RemoteAccount> accountsOf(UserId user) {
            return Map.copyOf(st.accounts.getOrDefault(user, Map.of()));
        }
    }
}
