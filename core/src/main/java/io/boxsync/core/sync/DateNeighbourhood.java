package io.boxsync.core.sync;

import io.boxsync.connector.IssueKey;
import io.boxsync.core.domain.BoxId;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.core.domain.Dependency;
import io.boxsync.core.domain.Task;
import io.boxsync.core.domain.TaskId;
import io.boxsync.core.domain.WbsNode;
import io.boxsync.core.port.Stores;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The tasks of a Box that a change to one task can move, with the WBS nodes and dependencies among them: the
 * connected component of the changed task through WBS parent and children, parent and epic keys, and dependencies,
 * read by targeted queries. Tasks outside it are unaffected by date rules, so recalculating it alone costs what the
 * change reaches, not the size of the Box.
 *
 * @param tasks        the component's tasks, the changed one included
 * @param wbs          the WBS nodes of those tasks
 * @param dependencies the dependencies with both ends in the component
 */
record DateNeighbourhood(List<Task> tasks, List<WbsNode> wbs, List<Dependency> dependencies) {

    /** The component of {@code changed} in the Box whose WBS is {@code wbs}, read within the caller's transaction. */
    static DateNeighbourhood of(Stores s, BoxId box, TaskId changed, List<WbsNode> wbs) {
        Map<String, WbsNode> nodeById = new HashMap<>();
        Map<TaskId, WbsNode> nodeOfTask = new HashMap<>();
        Map<String, List<WbsNode>> children = new HashMap<>();
        for (WbsNode node : wbs) {
            nodeById.put(node.nodeId(), node);
            if (node.task() != null) {
                nodeOfTask.put(node.task(), node);
            }
            if (node.parentId() != null) {
                children.computeIfAbsent(node.parentId(), p -> new ArrayList<>()).add(node);
            }
        }
        return explore(s, box, changed, loaded -> {
            List<WbsNode> around = new ArrayList<>();
            for (TaskId task : loaded) {
                WbsNode node = nodeOfTask.get(task);
                if (node != null) {
                    around.add(node);
                    if (node.parentId() != null && nodeById.containsKey(node.parentId())) {
                        around.add(nodeById.get(node.parentId()));
                    }
                    around.addAll(children.getOrDefault(node.nodeId(), List.of()));
                }
            }
            return around;
        });
    }

    /**
     * The component of {@code changed}, its WBS read by index level by level (the nodes of the tasks reached, their
     * parents and children): costs what the component holds, whatever the size of the Box. Same result as
     * {@link #of(Stores, BoxId, TaskId, List)} given the whole WBS.
     */
    static DateNeighbourhood of(Stores s, BoxId box, TaskId changed) {
        return explore(s, box, changed, loaded -> {
            List<WbsNode> own = s.contents().wbsNodesOfTasks(box, loaded);
            List<WbsNode> around = new ArrayList<>(own);
            Set<String> parents = new LinkedHashSet<>();
            Set<String> ids = new LinkedHashSet<>();
            for (WbsNode node : own) {
                ids.add(node.nodeId());
                if (node.parentId() != null) {
                    parents.add(node.parentId());
                }
            }
            around.addAll(s.contents().wbsNodes(box, parents));
            around.addAll(s.contents().wbsChildren(box, ids));
            return around;
        });
    }

    /**
     * Breadth-first over the component; {@code wbsAround} gives, for the tasks just loaded, their WBS nodes, the
     * nodes of their parents and of their children.
     */
    private static DateNeighbourhood explore(Stores s, BoxId box, TaskId changed,
                                             Function<List<TaskId>, List<WbsNode>> wbsAround) {
        Map<TaskId, Task> reached = new LinkedHashMap<>();
        Map<String, WbsNode> nodes = new LinkedHashMap<>();
        Map<Long, Dependency> deps = new LinkedHashMap<>();
        Set<TaskId> frontier = new LinkedHashSet<>(List.of(changed));
        Set<TaskId> seen = new java.util.HashSet<>(frontier);
        while (!frontier.isEmpty()) {
            List<Task> loaded = s.contents().tasksAmong(box, frontier);
            loaded.forEach(t -> reached.put(t.id(), t));
            List<TaskId> loadedIds = loaded.stream().map(Task::id).toList();
            Set<TaskId> next = new LinkedHashSet<>();
            if (!loadedIds.isEmpty()) {
                Set<TaskId> loadedSet = Set.copyOf(loadedIds);
                Map<String, WbsNode> byId = new HashMap<>();
                List<WbsNode> around = wbsAround.apply(loadedIds);
                around.forEach(n -> byId.put(n.nodeId(), n));
                for (WbsNode node : around) {
                    if (node.task() == null || !loadedSet.contains(node.task())) {
                        continue;
                    }
                    nodes.put(node.nodeId(), node);
                    WbsNode parent = node.parentId() == null ? null : byId.get(node.parentId());
                    if (parent != null && parent.task() != null) {
                        next.add(parent.task());
                    }
                }
                for (WbsNode node : around) {
                    WbsNode parent = node.parentId() == null ? null : byId.get(node.parentId());
                    if (node.task() != null && parent != null && parent.task() != null
                            && loadedSet.contains(parent.task())) {
                        next.add(node.task());
                    }
                }
            }
            Map<ConnectionId, Set<IssueKey>> named = new LinkedHashMap<>();
            Map<ConnectionId, Set<IssueKey>> above = new LinkedHashMap<>();
            for (Task task : loaded) {
                if (task.key() != null && task.connection() != null) {
                    named.computeIfAbsent(task.connection(), c -> new LinkedHashSet<>()).add(task.key());
                    for (IssueKey up : new IssueKey[] {task.parentKey(), task.epicKey()}) {
                        if (up != null) {
                            above.computeIfAbsent(task.connection(), c -> new LinkedHashSet<>()).add(up);
                        }
                    }
                }
            }
            named.forEach((connection, keys) -> s.contents().tasksNamingAny(box, connection, keys)
                    .forEach(t -> next.add(t.id())));
            above.forEach((connection, keys) -> s.tasks().findByKeys(connection, keys).values()
                    .forEach(t -> next.add(t.id())));
            if (!loadedIds.isEmpty()) {
                for (Dependency dep : s.dependencies().touching(loadedIds)) {
                    deps.putIfAbsent(dep.id() == null ? -1L - deps.size() : dep.id().value(), dep);
                    next.add(dep.from());
                    next.add(dep.to());
                }
            }
            next.removeAll(seen);
            seen.addAll(next);
            frontier = next;
        }
        // Siblings keep their WBS order (by position), which is all the scheduler's parent-child lists depend on.
        List<WbsNode> within = nodes.values().stream().filter(n -> reached.containsKey(n.task()))
                .sorted(java.util.Comparator.comparingInt(WbsNode::position).thenComparing(WbsNode::nodeId)).toList();
        List<Dependency> depsWithin = deps.values().stream()
                .filter(d -> reached.containsKey(d.from()) && reached.containsKey(d.to())).toList();
        List<Task> tasks = reached.values().stream().sorted(java.util.Comparator.comparing(Task::id)).toList();
        return new DateNeighbourhood(tasks, within, depsWithin);
    }
}
