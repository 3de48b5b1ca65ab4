package io.boxsync.storage;

import io.boxsync.connector.IssueKey;
import io.boxsync.core.domain.BoxId;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.core.domain.Task;
import io.boxsync.core.domain.TaskId;
import io.boxsync.core.domain.WbsBuilder;
import io.boxsync.core.domain.WbsNode;
import io.boxsync.core.port.BoxContentStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

final class JdbiBoxContentStore implements BoxContentStore {
    private static final RowMapper<WbsNode> NODE = (rs, ctx) -> {
        Long task = Rows.nullableLong(rs, "task_id");
        String kind = rs.getString("group_kind");
        return new WbsNode(rs.getString("node_id"), rs.getString("parent_node_id"), rs.getInt("position"),
                task == null ? null : TaskId.of(task), kind == null ? null : WbsBuilder.Kind.valueOf(kind),
                rs.getString("label"));
    };
    private static final String UPSERT_NODE = "INSERT INTO wbs_nodes (box_id, node_id, parent_node_id, position,"
            + " task_id, group_kind, label) VALUES (:box, :node, :parent, :position, :task, :kind, :label)"
            + " ON CONFLICT (box_id, node_id) DO UPDATE SET parent_node_id = excluded.parent_node_id,"
            + " position = excluded.position, task_id = excluded.task_id, group_kind = excluded.group_kind,"
            + " label = excluded.label";

    private final Handle handle;

    JdbiBoxContentStore(Handle handle) {
        this.handle = handle;
    }

    @Override
    public Set<TaskId> taskIds(BoxId box) {
        Set<TaskId> ids = new LinkedHashSet<>();
        handle.createQuery("SELECT task_id FROM box_tasks WHERE box_id = :box ORDER BY task_id")
                .bind("box", box.value()).mapTo(Long.class).forEach(id -> ids.add(TaskId.of(id)));
        return ids;
    }

    @Override
    public List<Task> tasks(BoxId box) {
        return handle.createQuery("SELECT t.* FROM tasks t JOIN box_tasks b ON b.task_id = t.id"
                        + " WHERE b.box_id = :box ORDER BY t.id")
                .bind("box", box.value()).map(JdbiTaskStore.TASK).list();
    }

    @Override
    public void add(BoxId box, Collection<TaskId> tasks) {
        if (tasks.isEmpty()) {
            return;
        }
        handle.createUpdate("INSERT INTO box_tasks (box_id, task_id) SELECT :box, unnest(:ids) ON CONFLICT DO NOTHING")
                .bind("box", box.value()).bindArray("ids", Long.class, ids(tasks)).execute();
    }

    @Override
    public void remove(BoxId box, Collection<TaskId> tasks) {
        if (tasks.isEmpty()) {
            return;
        }
        handle.createUpdate("DELETE FROM wbs_nodes WHERE box_id = :box AND task_id = ANY(:ids)")
                .bind("box", box.value()).bindArray("ids", Long.class, ids(tasks)).execute();
        handle.createUpdate("DELETE FROM box_tasks WHERE box_id = :box AND task_id = ANY(:ids)")
                .bind("box", box.value()).bindArray("ids", Long.class, ids(tasks)).execute();
    }

    @Override
    public boolean holds(BoxId box, TaskId task) {
        return handle.createQuery("SELECT EXISTS (SELECT 1 FROM box_tasks WHERE box_id = :box AND task_id = :task)")
                .bind("box", box.value()).bind("task", task.value()).mapTo(Boolean.class).one();
    }

    @Override
    public List<Task> tasksAmong(BoxId box, Collection<TaskId> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        // ARRAY(...) runs once as an init plan: the Box's membership is checked by primary key for exactly these
        // ids, never by a join the planner could turn into a scan of the whole Box.
        return handle.createQuery("SELECT t.* FROM tasks t WHERE t.id = ANY(ARRAY(SELECT b.task_id FROM box_tasks b"
                        + " WHERE b.box_id = :box AND b.task_id = ANY(:ids))) ORDER BY t.id")
                .bind("box", box.value()).bindArray("ids", Long.class, ids(ids)).map(JdbiTaskStore.TASK).list();
    }

    @Override
    public List<Task> tasksNaming(BoxId box, ConnectionId connection, IssueKey key) {
        return handle.createQuery("SELECT t.* FROM tasks t WHERE t.id = ANY(ARRAY(SELECT b.task_id FROM box_tasks b"
                        + " WHERE b.box_id = :box AND b.task_id = ANY(ARRAY("
                        + "SELECT id FROM tasks WHERE connection_id = :connection AND parent_key = :key"
                        + " UNION SELECT id FROM tasks WHERE connection_id = :connection AND epic_key = :key))))"
                        + " ORDER BY t.id")
                .bind("box", box.value()).bind("connection", connection.value()).bind("key", key.value())
                .map(JdbiTaskStore.TASK).list();
    }

    @Override
    public List<BoxId> boxesHolding(TaskId task) {
        return handle.createQuery("SELECT box_id FROM box_tasks WHERE task_id = :task ORDER BY box_id")
                .bind("task", task.value()).mapTo(Long.class).map(BoxId::of).list();
    }

    @Override
    public List<WbsNode> wbs(BoxId box) {
        List<WbsNode> nodes = handle.createQuery("SELECT * FROM wbs_nodes WHERE box_id = :box")
                .bind("box", box.value()).map(NODE).list();
        return depthFirst(nodes);
    }

    /** Parents before children, siblings by position; nodes whose parent is missing are treated as roots. */
    static List<WbsNode> depthFirst(List<WbsNode> nodes) {
        Set<String> present = new HashSet<>();
        nodes.forEach(n -> present.add(n.nodeId()));
        Map<String, List<WbsNode>> children = new HashMap<>();
        List<WbsNode> roots = new ArrayList<>();
        for (WbsNode node : nodes) {
            if (node.parentId() == null || !present.contains(node.parentId()) || node.parentId().equals(node.nodeId())) {
                roots.add(node);
            } else {
                children.computeIfAbsent(node.parentId(), k -> new ArrayList<>()).add(node);
            }
        }
        Comparator<WbsNode> order = Comparator.comparingInt(WbsNode::position).thenComparing(WbsNode::nodeId);
        List<WbsNode> ordered = new ArrayList<>(nodes.size());
        Set<String> visited = new HashSet<>();
        roots.sort(order);
        visit(roots, children, order, visited, ordered);
        // nodes caught in a parent cycle are unreachable from any root: show them at the top rather than lose them
        List<WbsNode> unreached = new ArrayList<>(nodes.stream().filter(n -> !visited.contains(n.nodeId())).toList());
        unreached.sort(order);
        visit(unreached, children, order, visited, ordered);
        return ordered;
    }

    private static void visit(List<WbsNode> tops, Map<String, List<WbsNode>> children, Comparator<WbsNode> order,
                              Set<String> visited, List<WbsNode> ordered) {
        java.util.Deque<WbsNode> stack = new java.util.ArrayDeque<>();
        for (int i = tops.size() - 1; i >= 0; i--) {
            stack.push(tops.get(i));
        }
        while (!stack.isEmpty()) {
            WbsNode node = stack.pop();
            if (!visited.add(node.nodeId())) {
                continue;
            }
            ordered.add(node);
            List<WbsNode> kids = new ArrayList<>(children.getOrDefault(node.nodeId(), List.of()));
            kids.sort(order.reversed());
            kids.forEach(stack::push);
        }
    }

    @Override
    public void replaceWbs(BoxId box, List<WbsNode> nodes) {
        handle.createUpdate("DELETE FROM wbs_nodes WHERE box_id = :box").bind("box", box.value()).execute();
        upsertWbsNodes(box, nodes);
    }

    @Override
    public void upsertWbsNodes(BoxId box, List<WbsNode> nodes) {
        for (int from = 0; from < nodes.size(); from += 1000) {
            PreparedBatch batch = handle.prepareBatch(UPSERT_NODE);
            for (WbsNode node : nodes.subList(from, Math.min(nodes.size(), from + 1000))) {
                batch.bind("box", box.value()).bind("node", node.nodeId()).bind("parent", node.parentId())
                        .bind("position", node.position())
                        .bind("task", node.task() == null ? null : node.task().value())
                        .bind("kind", node.groupKind() == null ? null : node.groupKind().name())
                        .bind("label", node.label()).add();
            }
            batch.execute();
        }
    }

    @Override
    public void removeWbsNodes(BoxId box, Collection<String> nodeIds) {
        if (nodeIds.isEmpty()) {
            return;
        }
        handle.createUpdate("DELETE FROM wbs_nodes WHERE box_id = :box AND node_id = ANY(:ids)")
                .bind("box", box.value()).bindArray("ids", String.class, List.copyOf(nodeIds)).execute();
    }

    @Override
    public List<Task> tasksNamingAny(BoxId box, ConnectionId connection, Collection<IssueKey> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        List<String> values = keys.stream().map(IssueKey::value).distinct().toList();
        return handle.createQuery("SELECT t.* FROM tasks t WHERE t.id = ANY(ARRAY(SELECT b.task_id FROM box_tasks b"
                        + " WHERE b.box_id = :box AND b.task_id = ANY(ARRAY("
                        + "SELECT id FROM tasks WHERE connection_id = :connection AND parent_key = ANY(:keys)"
                        + " UNION SELECT id FROM tasks WHERE connection_id = :connection AND epic_key = ANY(:keys)))))"
                        + " ORDER BY t.id")
                .bind("box", box.value()).bind("connection", connection.value())
                .bindArray("keys", String.class, values).map(JdbiTaskStore.TASK).list();
    }

    @Override
    public List<WbsNode> wbsNodesOfTasks(BoxId box, Collection<TaskId> tasks) {
        if (tasks.isEmpty()) {
            return List.of();
        }
        return handle.createQuery("SELECT * FROM wbs_nodes WHERE task_id = ANY(:tasks) AND box_id = :box")
                .bind("box", box.value()).bindArray("tasks", Long.class, ids(tasks)).map(NODE).list();
    }

    @Override
    public List<WbsNode> wbsNodes(BoxId box, Collection<String> nodeIds) {
        if (nodeIds.isEmpty()) {
            return List.of();
        }
        // One primary-key lookup per id: "node_id = ANY(...)" on the key's second column may be read as a filter
        // over every node of the Box.
        return handle.createQuery("SELECT w.* FROM unnest(:ids) AS wanted(id)"
                        + " JOIN wbs_nodes w ON w.box_id = :box AND w.node_id = wanted.id")
                .bind("box", box.value()).bindArray("ids", String.class, List.copyOf(Set.copyOf(nodeIds)))
                .map(NODE).list();
    }

    @Override
    public List<WbsNode> wbsChildren(BoxId box, Collection<String> parentNodeIds) {
        if (parentNodeIds.isEmpty()) {
            return List.of();
        }
        return handle.createQuery("SELECT * FROM wbs_nodes WHERE box_id = :box AND parent_node_id = ANY(:ids)")
                .bind("box", box.value()).bindArray("ids", String.class, List.copyOf(parentNodeIds)).map(NODE)
                .list();
    }

    private static List<Long> ids(Collection<TaskId> tasks) {
        return tasks.stream().map(TaskId::value).toList();
    }
}
