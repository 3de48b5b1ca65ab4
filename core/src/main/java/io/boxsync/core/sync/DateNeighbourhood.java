package io.boxsync.core.sync;

import io.boxsync.connector.IssueKey;
import io.boxsync.core.domain.BoxId;
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
        Map<TaskId, Task> reached = new LinkedHashMap<>();
        Map<Long, Dependency> deps = new LinkedHashMap<>();
        Set<TaskId> frontier = new LinkedHashSet<>(List.of(changed));
        Set<TaskId> seen = new java.util.HashSet<>(frontier);
        while (!frontier.isEmpty()) {
            List<Task> loaded = s.contents().tasksAmong(box, frontier);
            loaded.forEach(t -> reached.put(t.id(), t));
            Set<TaskId> next = new LinkedHashSet<>();
            for (Task task : loaded) {
                WbsNode node = nodeOfTask.get(task.id());
                if (node != null) {
                    WbsNode parent = node.parentId() == null ? null : nodeById.get(node.parentId());
                    if (parent != null && parent.task() != null) {
                        next.add(parent.task());
                    }
                    for (WbsNode child : children.getOrDefault(node.nodeId(), List.of())) {
                        if (child.task() != null) {
                            next.add(child.task());
                        }
                    }
                }
                if (task.key() != null && task.connection() != null) {
                    s.contents().tasksNaming(box, task.connection(), task.key()).forEach(t -> next.add(t.id()));
                    for (IssueKey up : new IssueKey[] {task.parentKey(), task.epicKey()}) {
                        if (up != null) {
                            s.tasks().findByKey(task.connection(), up).ifPresent(t -> next.add(t.id()));
                        }
                    }
                }
            }
            List<TaskId> loadedIds = loaded.stream().map(Task::id).toList();
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
        List<WbsNode> nodes = new ArrayList<>();
        for (WbsNode node : wbs) {
            if (node.task() != null && reached.containsKey(node.task())) {
                nodes.add(node);
            }
        }
        List<Dependency> within = deps.values().stream()
                .filter(d -> reached.containsKey(d.from()) && reached.containsKey(d.to())).toList();
        List<Task> tasks = reached.values().stream().sorted(java.util.Comparator.comparing(Task::id)).toList();
        return new DateNeighbourhood(tasks, nodes, within);
    }
}
