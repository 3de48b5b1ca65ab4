package io.boxsync.core.wbs;

import io.boxsync.connector.IssueKey;
import io.boxsync.connector.IterationRef;
import io.boxsync.core.domain.Task;
import io.boxsync.core.domain.TaskId;
import io.boxsync.core.domain.WbsBuilder;
import io.boxsync.core.domain.WbsBuilder.Kind;
import io.boxsync.core.domain.WbsNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Builds a Box's work breakdown structure from its tasks and its ordered builders.
 *
 * <p>The rules:
 * <ul>
 *   <li><b>Grouping builders</b> (PROJECT, VERSION, COMPONENT, SPRINT) make group nodes, nested in builder order: a
 *       task that is not nested under another task sits in the group of each grouping builder for which it has a
 *       value (a level it has no value for is skipped). A task with several versions goes to the first in natural
 *       order of their ids, one with several components to the first component, one with several sprints to the
 *       last sprint (the one it was carried over to). Group ids: {@code g:PROJECT:PRJ} at the top, nested ones add
 *       segments: {@code g:PROJECT:PRJ/SPRINT:12} ({@code /} and {@code %} in values are percent-encoded).</li>
 *   <li><b>Nesting builders</b> (EPIC, PARENT, LINK) put a task under another task of the Box: the epic, the
 *       parent, or the outward issue of a link of the builder's type (the first in natural key order). The task
 *       nests under the candidate of the earliest nesting builder whose candidate is in the Box and agrees with
 *       every grouping builder placed before that nesting builder (an earlier builder wins a conflict). A task
 *       whose parent is not in the Box, or is overruled, goes to the top of its groups.</li>
 *   <li>A task appears exactly once. A cycle of parents (A under B under A, e.g. through links) is broken at the
 *       task that sorts first, which goes to the top of its groups.</li>
 *   <li>Siblings: groups first (by builder, then label and value in natural order), then issues by key in natural
 *       order ({@code PRJ-2} before {@code PRJ-10}), then basic tasks by summary.</li>
 * </ul>
 * The result does not depend on the order of the input. Stateless and thread-safe.
 */
public final class WbsPlanner {

    private static final Set<Kind> GROUPING = Set.of(Kind.PROJECT, Kind.VERSION, Kind.COMPONENT, Kind.SPRINT);
    private static final Set<Kind> WRITABLE_GROUPS = Set.of(Kind.VERSION, Kind.SPRINT);

    private final List<WbsBuilder> builders;

    /** @param builders the Box's builders, the first making the top level */
    public WbsPlanner(List<WbsBuilder> builders) {
        this.builders = List.copyOf(builders);
    }

    /** The whole WBS of tasks (stored, with ids) and the links among them, parents before children. */
    public List<WbsNode> build(Collection<Task> tasks, Collection<TaskLink> links) {
        BoxTasks box = BoxTasks.of(tasks, links);
        Map<TaskId, Task> parentOf = new HashMap<>();
        for (Task task : tasks) {
            desiredParent(task, box).ifPresent(parent -> parentOf.put(task.id(), parent));
        }
        breakCycles(tasks, parentOf);
        Tree tree = new Tree(box, this::builderIndexOf);
        for (Task task : tasks) {
            Task parent = parentOf.get(task.id());
            String parentId = parent == null ? tree.ensureGroups(groupPath(task)) : WbsNode.taskNodeId(parent.id());
            tree.place(task, parentId);
        }
        tree.sortDirty();
        return tree.toList();
    }

    /**
     * Places one new or changed task into the existing WBS without rebuilding it: the task itself, the tasks that
     * could nest under it and the tasks above it (a cycle of parents it opens) are placed again, so the cost grows
     * with the change, not with the Box. {@code box} must already reflect the change. Siblings after a moved node
     * get new positions and are part of the upserts.
     */
    public Placement placeOne(List<WbsNode> current, Task changed, BoxTasks box) {
        Objects.requireNonNull(changed.id(), "the changed task must be stored");
        return patch(current, changed, null, box);
    }

    /** Removes one task from the existing WBS; its children are placed again. {@code box} no longer holds it. */
    public Placement removeOne(List<WbsNode> current, Task removed, BoxTasks box) {
        Objects.requireNonNull(removed.id(), "the removed task must be stored");
        return patch(current, null, removed, box);
    }

    private Placement patch(List<WbsNode> current, Task changed, Task removed, BoxTasks box) {
        Tree tree = Tree.of(current, box, this::builderIndexOf);
        Map<TaskId, Task> affected = new LinkedHashMap<>();
        List<TaskId> ancestors = tree.taskAncestors(WbsNode.taskNodeId((changed != null ? changed : removed).id()));
        if (removed != null) {
            String removedId = WbsNode.taskNodeId(removed.id());
            for (String child : tree.childrenOf(removedId)) {
                TaskId childTask = tree.node(child).task;
                if (childTask != null) {
                    Optional<Task> task = box.byId(childTask);
                    if (task.isEmpty()) {
                        return Placement.needsRebuild("the WBS holds task " + childTask + " the Box does not");
                    }
                    affected.put(childTask, task.get());
                }
            }
            tree.remove(removedId);
        }
        if (changed != null) {
            affected.put(changed.id(), changed);
            if (changed.key() != null) {
                box.nestingCandidatesOf(changed.connection(), changed.key()).forEach(t -> affected.putIfAbsent(t.id(), t));
            }
        }
        for (TaskId ancestor : ancestors) {
            Optional<Task> task = box.byId(ancestor);
            if (task.isEmpty()) {
                return Placement.needsRebuild("the WBS holds task " + ancestor + " the Box does not");
            }
            affected.putIfAbsent(ancestor, task.get());
        }
        for (Task task : affected.values()) {
            String nodeId = WbsNode.taskNodeId(task.id());
            if (task != changed && !tree.has(nodeId)) {
                return Placement.needsRebuild("the WBS misses task " + describe(task));
            }
            Optional<Task> parent = desiredParent(task, box);
            String parentId;
            if (parent.isPresent()) {
                parentId = WbsNode.taskNodeId(parent.get().id());
                if (!tree.has(parentId)) {
                    return Placement.needsRebuild("the WBS misses task " + describe(parent.get()));
                }
                if (tree.isWithin(parentId, nodeId)) {
                    return Placement.needsRebuild(describe(task) + " and " + describe(parent.get())
                            + " are each other's ancestors");
                }
            } else {
                parentId = tree.ensureGroups(groupPath(task));
            }
            tree.place(task, parentId);
        }
        tree.sortDirty();
        return tree.delta(current);
    }

    /**
     * Checks whether a person may move a task under {@code newParentId} (a node of {@code current}, or
     * {@code null} for the top level), and which tool fields the move must change. A move is refused when it
     * contradicts a builder: a field the tool cannot change from a move (project, component), an earlier nesting
     * builder that keeps the task elsewhere, a target that is the task itself or one of its descendants.
     */
    public MoveCheck validateManualMove(List<WbsNode> current, TaskId taskId, String newParentId, BoxTasks box) {
        Tree tree = Tree.of(current, box, this::builderIndexOf);
        String nodeId = WbsNode.taskNodeId(taskId);
        Optional<Task> found = box.byId(taskId);
        if (found.isEmpty() || !tree.has(nodeId)) {
            return MoveCheck.refused("task " + taskId + " is not in this Box");
        }
        Task task = found.get();
        if (newParentId != null && !tree.has(newParentId)) {
            return MoveCheck.refused("there is no place " + newParentId + " in this Box's structure");
        }
        if (newParentId != null && tree.isWithin(newParentId, nodeId)) {
            return MoveCheck.refused(describe(task) + " cannot go under itself or one of its own sub-tasks");
        }
        Tree.Node target = newParentId == null ? null : tree.node(newParentId);
        if (target != null && !target.isGroup()) {
            return checkNestUnder(task, box.byId(target.task).orElseThrow(), box);
        }
        return checkTopOfGroups(task, target == null ? Map.of() : tree.groupValues(newParentId), box);
    }

    private MoveCheck checkNestUnder(Task task, Task parent, BoxTasks box) {
        if (task.key() == null || parent.key() == null || !Objects.equals(task.connection(), parent.connection())) {
            return MoveCheck.refused("only issues of the same connection nest under each other; "
                    + describe(task) + " and " + describe(parent) + " cannot");
        }
        String firstConflict = null;
        for (int j = 0; j < builders.size(); j++) {
            WbsBuilder builder = builders.get(j);
            if (GROUPING.contains(builder.kind())) {
                continue;
            }
            Optional<Task> current = validCandidate(task, j, box);
            String conflict = groupConflict(task, parent, j);
            if (conflict == null) {
                if (current.isPresent() && current.get().id().equals(parent.id())) {
                    return MoveCheck.allowed(List.of());
                }
                return MoveCheck.allowed(List.of(new WbsWrite(builder, parent.key().value())));
            }
            if (current.isPresent()) {
                return MoveCheck.refused("the " + builder.kind() + " builder keeps " + describe(task) + " under "
                        + describe(current.get()) + "; change that in the tool first");
            }
            firstConflict = firstConflict == null ? conflict : firstConflict;
        }
        return MoveCheck.refused(firstConflict != null ? firstConflict
                : "this Box's builders do not nest tasks under other tasks");
    }

    private MoveCheck checkTopOfGroups(Task task, Map<Kind, String> targetGroups, BoxTasks box) {
        Optional<Task> parent = desiredParent(task, box);
        if (parent.isPresent()) {
            return MoveCheck.refused("a builder keeps " + describe(task) + " under " + describe(parent.get())
                    + "; change its epic, parent or link in the tool first");
        }
        List<WbsWrite> writes = new ArrayList<>();
        for (WbsBuilder builder : builders) {
            if (!GROUPING.contains(builder.kind())) {
                continue;
            }
            String wanted = targetGroups.get(builder.kind());
            String has = groupValue(task, builder.kind()).orElse(null);
            if (Objects.equals(wanted, has)) {
                continue;
            }
            if (!WRITABLE_GROUPS.contains(builder.kind())) {
                return MoveCheck.refused("the " + builder.kind() + " builder places " + describe(task) + " by its "
                        + builder.kind().name().toLowerCase() + " '" + Objects.toString(has, "none")
                        + "', which a move cannot change; change it in the tool");
            }
            writes.add(new WbsWrite(builder, wanted));
        }
        return MoveCheck.allowed(writes);
    }

    Optional<Task> desiredParent(Task task, BoxTasks box) {
        if (task.key() == null) {
            return Optional.empty();
        }
        for (int j = 0; j < builders.size(); j++) {
            if (!GROUPING.contains(builders.get(j).kind())) {
                Optional<Task> candidate = validCandidate(task, j, box);
                if (candidate.isPresent()) {
                    return candidate;
                }
            }
        }
        return Optional.empty();
    }

    private Optional<Task> validCandidate(Task task, int builderIndex, BoxTasks box) {
        if (task.key() == null) {
            return Optional.empty();
        }
        for (IssueKey key : candidateKeys(task, builders.get(builderIndex), box)) {
            Optional<Task> parent = box.byKey(task.connection(), key);
            if (parent.isPresent() && !parent.get().id().equals(task.id()) && groupConflict(task, parent.get(), builderIndex) == null) {
                return parent;
            }
        }
        return Optional.empty();
    }

    private static List<IssueKey> candidateKeys(Task task, WbsBuilder builder, BoxTasks box) {
        switch (builder.kind()) {
            case EPIC:
                return task.epicKey() == null ? List.of() : List.of(task.epicKey());
            case PARENT:
                return task.parentKey() == null ? List.of() : List.of(task.parentKey());
            case LINK:
                return box.linksInto(task.connection(), task.key()).stream()
                        .filter(link -> link.type().equalsIgnoreCase(builder.linkType()))
                        .map(TaskLink::outward).distinct()
                        .sorted(Comparator.comparing(IssueKey::value, NaturalOrder.INSTANCE)).toList();
            default:
                return List.of();
        }
    }

    /** Why {@code child} cannot nest under {@code parent} by builder {@code builderIndex}, or null when it can. */
    private String groupConflict(Task child, Task parent, int builderIndex) {
        for (int i = 0; i < builderIndex; i++) {
            Kind kind = builders.get(i).kind();
            if (GROUPING.contains(kind) && !groupValue(child, kind).equals(groupValue(parent, kind))) {
                return "the " + kind + " builder comes first and places " + describe(child) + " in "
                        + groupValue(child, kind).orElse("no " + kind.name().toLowerCase()) + " but "
                        + describe(parent) + " in " + groupValue(parent, kind).orElse("no " + kind.name().toLowerCase());
            }
        }
        return null;
    }

    private List<Tree.Segment> groupPath(Task task) {
        List<Tree.Segment> path = new ArrayList<>();
        for (int i = 0; i < builders.size(); i++) {
            Kind kind = builders.get(i).kind();
            if (GROUPING.contains(kind)) {
                int index = i;
                groupValue(task, kind).ifPresent(value -> path.add(new Tree.Segment(kind, index, value, groupLabel(task, kind, value))));
            }
        }
        return path;
    }

    private int builderIndexOf(Kind kind) {
        for (int i = 0; i < builders.size(); i++) {
            if (builders.get(i).kind() == kind) {
                return i;
            }
        }
        return builders.size() + kind.ordinal();
    }

    static Optional<String> groupValue(Task task, Kind kind) {
        switch (kind) {
            case PROJECT:
                return Optional.ofNullable(task.projectKey()).filter(p -> !p.isBlank());
            case COMPONENT:
                return task.components().stream().filter(c -> !c.isBlank()).min(NaturalOrder.INSTANCE);
            case VERSION:
                return iterations(task, IterationRef.Kind.VERSION).min(NaturalOrder.INSTANCE);
            case SPRINT:
                return iterations(task, IterationRef.Kind.SPRINT).max(NaturalOrder.INSTANCE);
            default:
                return Optional.empty();
        }
    }

    private static java.util.stream.Stream<String> iterations(Task task, IterationRef.Kind kind) {
        return task.iterations().stream().filter(i -> i.kind() == kind).map(IterationRef::id);
    }

    private static String groupLabel(Task task, Kind kind, String value) {
        if (kind == Kind.VERSION || kind == Kind.SPRINT) {
            IterationRef.Kind iterationKind = kind == Kind.VERSION ? IterationRef.Kind.VERSION : IterationRef.Kind.SPRINT;
            return task.iterations().stream().filter(i -> i.kind() == iterationKind && i.id().equals(value))
                    .map(IterationRef::name).filter(name -> !name.isBlank()).findFirst().orElse(value);
        }
        return value;
    }

    private static void breakCycles(Collection<Task> tasks, Map<TaskId, Task> parentOf) {
        Map<TaskId, Integer> state = new HashMap<>();
        for (Task start : tasks) {
            List<Task> chain = new ArrayList<>();
            Task at = start;
            while (at != null && !state.containsKey(at.id())) {
                state.put(at.id(), 1);
                chain.add(at);
                at = parentOf.get(at.id());
            }
            if (at != null && state.get(at.id()) == 1) {
                List<Task> cycle = chain.subList(indexOf(chain, at.id()), chain.size());
                Task first = cycle.stream().min(TASK_ORDER).orElseThrow();
                parentOf.remove(first.id());
            }
            chain.forEach(t -> state.put(t.id(), 2));
        }
    }

    private static int indexOf(List<Task> chain, TaskId id) {
        for (int i = 0; i < chain.size(); i++) {
            if (chain.get(i).id().equals(id)) {
                return i;
            }
        }
        throw new IllegalStateException("not in chain: " + id);
    }

    /** Issues by key in natural order, then basic tasks by summary; ties by connection and id. */
    static final Comparator<Task> TASK_ORDER = Comparator
            .comparing((Task t) -> t.key() == null)
            .thenComparing(t -> t.key() == null ? t.summary() : t.key().value(), NaturalOrder.INSTANCE)
            .thenComparing(t -> t.connection() == null ? 0L : t.connection().value())
            .thenComparing(Task::id);

    static String describe(Task task) {
        return task.key() != null ? task.key().value() : "'" + task.summary() + "'";
    }

    /** A mutable WBS: nodes by id, children by parent. */
    static final class Tree {

        record Segment(Kind kind, int builderIndex, String value, String label) {
        }

        static final class Node {
            final String id;
            String parentId;
            int position;
            final TaskId task;
            final Kind groupKind;
            String label;
            int builderIndex;
            String groupValue;

            Node(String id, String parentId, int position, TaskId task, Kind groupKind, String label) {
                this.id = id;
                this.parentId = parentId;
                this.position = position;
                this.task = task;
                this.groupKind = groupKind;
                this.label = label;
            }

            boolean isGroup() {
                return task == null;
            }

            WbsNode toNode() {
                return new WbsNode(id, parentId, position, task, groupKind, label);
            }
        }

        private static final String TOP = "";
        private final BoxTasks box;
        private final java.util.function.ToIntFunction<Kind> builderIndexOf;
        private final Map<String, Node> nodes = new HashMap<>();
        private final Map<String, Set<String>> children = new HashMap<>();
        private final Set<String> dirty = new HashSet<>();
        private final Set<String> removed = new HashSet<>();

        Tree(BoxTasks box, java.util.function.ToIntFunction<Kind> builderIndexOf) {
            this.box = box;
            this.builderIndexOf = builderIndexOf;
        }

        static Tree of(List<WbsNode> current, BoxTasks box, java.util.function.ToIntFunction<Kind> builderIndexOf) {
            Tree tree = new Tree(box, builderIndexOf);
            for (WbsNode node : current) {
                Node mutable = new Node(node.nodeId(), node.parentId(), node.position(), node.task(), node.groupKind(),
                        node.label());
                if (mutable.isGroup()) {
                    decodeGroup(mutable);
                    mutable.builderIndex = builderIndexOf.applyAsInt(mutable.groupKind);
                }
                tree.nodes.put(mutable.id, mutable);
                tree.children.computeIfAbsent(key(node.parentId()), k -> new LinkedHashSet<>()).add(node.nodeId());
            }
            return tree;
        }

        private static String key(String parentId) {
            return parentId == null ? TOP : parentId;
        }

        boolean has(String id) {
            return nodes.containsKey(id);
        }

        Node node(String id) {
            return nodes.get(id);
        }

        List<String> childrenOf(String id) {
            return List.copyOf(children.getOrDefault(id, Set.of()));
        }

        /** Whether {@code id} is {@code ancestor} or below it. */
        boolean isWithin(String id, String ancestor) {
            Set<String> seen = new HashSet<>();
            for (String at = id; at != null && seen.add(at); at = nodes.containsKey(at) ? nodes.get(at).parentId : null) {
                if (at.equals(ancestor)) {
                    return true;
                }
            }
            return false;
        }

        /**
         * The tasks above a node, nearest first. A cycle of parents is broken at one of its tasks, which then sits
         * above the others; when a change opens the cycle, that task must be placed again.
         */
        List<TaskId> taskAncestors(String id) {
            List<TaskId> result = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            Node node = nodes.get(id);
            while (node != null && node.parentId != null && seen.add(node.parentId)) {
                node = nodes.get(node.parentId);
                if (node != null && !node.isGroup()) {
                    result.add(node.task);
                }
            }
            return result;
        }

        Map<Kind, String> groupValues(String id) {
            Map<Kind, String> values = new HashMap<>();
            for (String at = id; at != null; at = nodes.get(at).parentId) {
                Node node = nodes.get(at);
                if (node.isGroup()) {
                    values.putIfAbsent(node.groupKind, node.groupValue);
                }
            }
            return values;
        }

        String ensureGroups(List<Segment> path) {
            String parentId = null;
            StringBuilder id = new StringBuilder("g:");
            for (Segment segment : path) {
                if (parentId != null) {
                    id.append('/');
                }
                id.append(segment.kind().name()).append(':').append(encode(segment.value()));
                String groupId = id.toString();
                if (!nodes.containsKey(groupId)) {
                    Node group = new Node(groupId, parentId, 0, null, segment.kind(), segment.label());
                    group.builderIndex = segment.builderIndex();
                    group.groupValue = segment.value();
                    attach(group, parentId);
                    nodes.put(groupId, group);
                }
                parentId = groupId;
            }
            return parentId;
        }

        void place(Task task, String parentId) {
            String id = WbsNode.taskNodeId(task.id());
            Node node = nodes.get(id);
            if (node == null) {
                node = new Node(id, parentId, 0, task.id(), null, task.summary());
                nodes.put(id, node);
                attach(node, parentId);
                return;
            }
            if (!Objects.equals(node.label, task.summary())) {
                node.label = task.summary();
                if (task.key() == null) {
                    dirty.add(key(node.parentId)); // only basic tasks sort by summary; issues keep their place
                }
            }
            if (!Objects.equals(node.parentId, parentId)) {
                String oldParent = node.parentId;
                detach(node);
                attach(node, parentId);
                pruneEmptyGroups(oldParent);
            }
        }

        void remove(String id) {
            Node node = nodes.remove(id);
            if (node == null) {
                return;
            }
            detach(node);
            for (String child : childrenOf(id)) {
                nodes.get(child).parentId = null;
                children.computeIfAbsent(TOP, k -> new LinkedHashSet<>()).add(child);
                dirty.add(TOP);
            }
            children.remove(id);
            removed.add(id);
            pruneEmptyGroups(node.parentId);
        }

        private void attach(Node node, String parentId) {
            node.parentId = parentId;
            children.computeIfAbsent(key(parentId), k -> new LinkedHashSet<>()).add(node.id);
            dirty.add(key(parentId));
        }

        private void detach(Node node) {
            Set<String> siblings = children.get(key(node.parentId));
            if (siblings != null) {
                siblings.remove(node.id);
            }
            dirty.add(key(node.parentId));
        }

        private void pruneEmptyGroups(String id) {
            while (id != null && nodes.containsKey(id) && nodes.get(id).isGroup()
                    && children.getOrDefault(id, Set.of()).isEmpty()) {
                Node group = nodes.remove(id);
                detach(group);
                children.remove(id);
                removed.add(id);
                dirty.remove(id);
                id = group.parentId;
            }
        }

        void sortDirty() {
            Map<TaskId, Task> tasks = new HashMap<>();
            Comparator<Node> order = (a, b) -> {
                if (a.isGroup() != b.isGroup()) {
                    return a.isGroup() ? -1 : 1;
                }
                if (a.isGroup()) {
                    int c = Integer.compare(a.builderIndex, b.builderIndex);
                    c = c != 0 ? c : NaturalOrder.INSTANCE.compare(a.label, b.label);
                    c = c != 0 ? c : NaturalOrder.INSTANCE.compare(a.groupValue, b.groupValue);
                    return c != 0 ? c : a.id.compareTo(b.id);
                }
                return TASK_ORDER.compare(task(tasks, a.task), task(tasks, b.task));
            };
            for (String parent : dirty) {
                Set<String> ids = children.get(parent);
                if (ids == null || (!parent.equals(TOP) && !nodes.containsKey(parent))) {
                    continue;
                }
                List<Node> sorted = ids.stream().map(nodes::get).sorted(order).toList();
                for (int i = 0; i < sorted.size(); i++) {
                    sorted.get(i).position = i;
                }
            }
            dirty.clear();
        }

        private Task task(Map<TaskId, Task> cache, TaskId id) {
            return cache.computeIfAbsent(id, i -> box.byId(i).orElseThrow(
                    () -> new IllegalStateException("the WBS holds task " + i + " the Box does not")));
        }

        List<WbsNode> toList() {
            return Placement.canonicalOrder(nodes.values().stream().map(Node::toNode).toList());
        }

        Placement delta(List<WbsNode> before) {
            Map<String, WbsNode> old = new HashMap<>();
            before.forEach(node -> old.put(node.nodeId(), node));
            List<WbsNode> upserts = new ArrayList<>();
            for (Node node : nodes.values()) {
                WbsNode now = node.toNode();
                if (!now.equals(old.get(node.id))) {
                    upserts.add(now);
                }
            }
            upserts.sort(Comparator.comparing(WbsNode::nodeId));
            List<String> gone = removed.stream().filter(old::containsKey).filter(id -> !nodes.containsKey(id)).sorted().toList();
            return Placement.placed(upserts, gone);
        }

        private static String encode(String value) {
            return value.replace("%", "%25").replace("/", "%2F");
        }

        private static void decodeGroup(Node group) {
            String last = group.id.substring(group.id.lastIndexOf('/') + 1);
            if (last.startsWith("g:")) {
                last = last.substring(2);
            }
            group.groupValue = last.substring(last.indexOf(':') + 1).replace("%2F", "/").replace("%25", "%");
        }
    }
}
