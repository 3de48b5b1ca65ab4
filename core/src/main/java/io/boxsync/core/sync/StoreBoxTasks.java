package io.boxsync.core.sync;

import io.boxsync.connector.IssueKey;
import io.boxsync.core.domain.BoxId;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.core.domain.Task;
import io.boxsync.core.domain.TaskId;
import io.boxsync.core.domain.WbsNode;
import io.boxsync.core.port.Stores;
import io.boxsync.core.wbs.BoxTasks;
import io.boxsync.core.wbs.TaskLink;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link BoxTasks} answered by targeted store queries within one transaction, so that placing one changed task
 * reads the few tasks around it instead of the whole Box. A task asked for by id is read alone, unless a sibling
 * under the same WBS parent was asked for before: then the planner is ordering that group, and all its tasks are
 * read in one query rather than one query each. Links are those of the changed issue, as given.
 * Not thread-safe: one instance serves one placement.
 */
final class StoreBoxTasks implements BoxTasks {
    private final Stores stores;
    private final BoxId box;
    private final List<WbsNode> current;
    private final List<TaskLink> links;
    private final Map<TaskId, Optional<Task>> byId = new HashMap<>();
    private Map<TaskId, WbsNode> nodeOfTask;
    private Map<String, List<WbsNode>> childrenOf;
    private final Set<String> missedGroups = new java.util.HashSet<>();

    StoreBoxTasks(Stores stores, BoxId box, List<WbsNode> current, List<TaskLink> links) {
        this.stores = stores;
        this.box = box;
        this.current = current;
        this.links = List.copyOf(links);
    }

    @Override
    public Optional<Task> byKey(ConnectionId connection, IssueKey key) {
        Optional<Task> task = stores.tasks().findByKey(connection, key);
        if (task.isEmpty()) {
            return Optional.empty();
        }
        return byId.computeIfAbsent(task.get().id(),
                id -> stores.contents().holds(box, id) ? task : Optional.empty());
    }

    @Override
    public Optional<Task> byId(TaskId id) {
        Optional<Task> known = byId.get(id);
        if (known != null) {
            return known;
        }
        Set<TaskId> wanted = new LinkedHashSet<>();
        wanted.add(id);
        String group = groupOf(id);
        if (group != null && !missedGroups.add(group)) {
            wanted.addAll(siblingsOf(id));
            wanted.removeAll(byId.keySet());
        }
        Map<TaskId, Task> found = new HashMap<>();
        stores.contents().tasksAmong(box, wanted).forEach(t -> found.put(t.id(), t));
        wanted.forEach(w -> byId.put(w, Optional.ofNullable(found.get(w))));
        return byId.get(id);
    }

    @Override
    public List<TaskLink> linksInto(ConnectionId connection, IssueKey inward) {
        return links.stream().filter(l -> l.connection().equals(connection) && l.inward().equals(inward)).toList();
    }

    @Override
    public List<Task> nestingCandidatesOf(ConnectionId connection, IssueKey key) {
        Map<TaskId, Task> out = new java.util.LinkedHashMap<>();
        for (Task t : stores.contents().tasksNaming(box, connection, key)) {
            byId.putIfAbsent(t.id(), Optional.of(t));
            out.put(t.id(), t);
        }
        for (TaskLink link : links) {
            if (link.connection().equals(connection) && link.outward().equals(key)) {
                byKey(connection, link.inward()).ifPresent(t -> out.putIfAbsent(t.id(), t));
            }
        }
        return List.copyOf(out.values());
    }

    private String groupOf(TaskId id) {
        index();
        WbsNode node = nodeOfTask.get(id);
        return node == null ? null : parentKey(node.parentId());
    }

    private void index() {
        if (nodeOfTask == null) {
            nodeOfTask = new HashMap<>();
            childrenOf = new HashMap<>();
            for (WbsNode node : current) {
                if (node.task() != null) {
                    nodeOfTask.put(node.task(), node);
                }
                childrenOf.computeIfAbsent(parentKey(node.parentId()), p -> new ArrayList<>()).add(node);
            }
        }
    }

    private List<TaskId> siblingsOf(TaskId id) {
        index();
        WbsNode node = nodeOfTask.get(id);
        if (node == null) {
            return List.of();
        }
        List<TaskId> out = new ArrayList<>();
        for (WbsNode sibling : childrenOf.getOrDefault(parentKey(node.parentId()), List.of())) {
            if (sibling.task() != null) {
                out.add(sibling.task());
            }
        }
        return out;
    }

    private static String parentKey(String parentId) {
        return parentId == null ? "" : parentId;
    }
}
