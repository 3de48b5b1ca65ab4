package io.boxsync.core.port;

import io.boxsync.connector.IssueKey;
import io.boxsync.core.domain.BoxId;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.core.domain.Task;
import io.boxsync.core.domain.TaskId;
import io.boxsync.core.domain.WbsNode;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/** Which tasks each Box holds, and each Box's WBS. */
public interface BoxContentStore {

    Set<TaskId> taskIds(BoxId box);

    /** The tasks the Box holds. */
    List<Task> tasks(BoxId box);

    void add(BoxId box, Collection<TaskId> tasks);

    /** Removes tasks from the Box (not from other Boxes) and their WBS nodes. */
    void remove(BoxId box, Collection<TaskId> tasks);

    /** The Boxes holding the task, ordered by id. */
    List<BoxId> boxesHolding(TaskId task);

    /** The WBS, parents before children, siblings by position. */
    List<WbsNode> wbs(BoxId box);

    /** Replaces the whole WBS of the Box. */
    void replaceWbs(BoxId box, List<WbsNode> nodes);

    /** Inserts or replaces single nodes (by node id), for partial sync. */
    void upsertWbsNodes(BoxId box, List<WbsNode> nodes);

    void removeWbsNodes(BoxId box, Collection<String> nodeIds);

    /**
     * Whether the Box holds the task. Costs one indexed lookup whatever the size of the Box, for partial sync.
     * Arguments must not be {@code null}; read-only, safe to call concurrently in separate transactions.
     */
    boolean holds(BoxId box, TaskId task);

    /**
     * The Box's tasks among {@code ids}, ordered by id; ids the Box does not hold are absent. Reads only the rows
     * asked for, for partial sync. Arguments must not be {@code null}; an empty collection gives an empty list;
     * read-only, safe to call concurrently in separate transactions.
     */
    List<Task> tasksAmong(BoxId box, Collection<TaskId> ids);

    /**
     * The Box's tasks of that connection naming {@code key} as their parent or their epic, ordered by id: the
     * children of one issue, found by index rather than by reading the Box. Arguments must not be {@code null};
     * read-only, safe to call concurrently in separate transactions.
     */
    List<Task> tasksNaming(BoxId box, ConnectionId connection, IssueKey key);

    /**
     * The Box's WBS nodes of these tasks (one per task the WBS places), in no particular order: for partial sync,
     * read by index whatever the size of the Box. Arguments must not be {@code null}; an empty collection gives an
     * empty list; read-only, safe to call concurrently in separate transactions. The default filters {@link #wbs}.
     */
    default List<WbsNode> wbsNodesOfTasks(BoxId box, Collection<TaskId> tasks) {
        Set<TaskId> wanted = Set.copyOf(tasks);
        return wanted.isEmpty() ? List.of()
                : wbs(box).stream().filter(n -> n.task() != null && wanted.contains(n.task())).toList();
    }

    /**
     * The Box's WBS nodes with these node ids, in no particular order; unknown ids are absent. Same contract as
     * {@link #wbsNodesOfTasks}.
     */
    default List<WbsNode> wbsNodes(BoxId box, Collection<String> nodeIds) {
        Set<String> wanted = Set.copyOf(nodeIds);
        return wanted.isEmpty() ? List.of() : wbs(box).stream().filter(n -> wanted.contains(n.nodeId())).toList();
    }

    /**
     * The Box's WBS nodes whose parent is one of these node ids, in no particular order. Same contract as
     * {@link #wbsNodesOfTasks}.
     */
    default List<WbsNode> wbsChildren(BoxId box, Collection<String> parentNodeIds) {
        Set<String> wanted = Set.copyOf(parentNodeIds);
        return wanted.isEmpty() ? List.of()
                : wbs(box).stream().filter(n -> n.parentId() != null && wanted.contains(n.parentId())).toList();
    }

    /**
     * The Box's tasks of that connection naming any of {@code keys} as their parent or their epic, ordered by id:
     * {@link #tasksNaming} for many keys in one read. Same contract as {@link #tasksNaming}; an empty collection
     * gives an empty list. The default asks key by key.
     */
    default List<Task> tasksNamingAny(BoxId box, ConnectionId connection, Collection<IssueKey> keys) {
        java.util.Map<TaskId, Task> out = new java.util.TreeMap<>();
        for (IssueKey key : Set.copyOf(keys)) {
            tasksNaming(box, connection, key).forEach(t -> out.put(t.id(), t));
        }
        return List.copyOf(out.values());
    }
}
