package io.boxsync.core.schedule;

import io.boxsync.core.domain.Dependency;
import io.boxsync.core.domain.Task;
import io.boxsync.core.domain.TaskId;
import io.boxsync.core.domain.WbsNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tasks scheduling works on, their parent/child structure and their dependencies (soft ones are ignored).
 * Tasks must be stored (have ids). A task with several parents (it sits in several Boxes) must fit all of them.
 */
public record TaskGraph(Map<TaskId, Task> tasks, List<ParentChild> structure, List<Dependency> dependencies) {

    public TaskGraph {
        tasks = Map.copyOf(tasks);
        structure = List.copyOf(structure);
        dependencies = List.copyOf(dependencies);
    }

    /** A graph of the given tasks, relations and dependencies. */
    public static TaskGraph of(Collection<Task> tasks, Collection<ParentChild> structure,
                               Collection<Dependency> dependencies) {
        Map<TaskId, Task> byId = new LinkedHashMap<>();
        for (Task task : tasks) {
            if (task.id() == null) {
                throw new IllegalArgumentException("scheduling needs stored tasks; " + task.key() + " has no id");
            }
            byId.put(task.id(), task);
        }
        return new TaskGraph(byId, List.copyOf(structure), List.copyOf(dependencies));
    }

    /** A graph whose structure is the nesting of task nodes under task nodes in a WBS. */
    public static TaskGraph fromWbs(Collection<Task> tasks, List<WbsNode> wbs, Collection<Dependency> dependencies) {
        Map<String, WbsNode> byId = new HashMap<>();
        wbs.forEach(node -> byId.put(node.nodeId(), node));
        List<ParentChild> structure = new ArrayList<>();
        for (WbsNode node : wbs) {
            WbsNode parent = node.parentId() == null ? null : byId.get(node.parentId());
            if (!node.isGroup() && parent != null && !parent.isGroup()) {
                structure.add(new ParentChild(parent.task(), node.task()));
            }
        }
        return of(tasks, structure, dependencies);
    }

    /** The graph with the changes' new dates. */
    public TaskGraph apply(Collection<DateChange> changes) {
        Map<TaskId, Task> updated = new HashMap<>(tasks);
        for (DateChange change : changes) {
            updated.computeIfPresent(change.task(), (id, task) -> task.withDates(change.newStart(), change.newEnd()));
        }
        return new TaskGraph(updated, structure, dependencies);
    }
}
