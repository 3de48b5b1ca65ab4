package io.boxsync.core.sync;

import io.boxsync.core.domain.Box;
import io.boxsync.core.domain.BoxId;
import io.boxsync.core.domain.Task;
import io.boxsync.core.domain.WbsBuilder;
import io.boxsync.core.domain.WbsNode;
import io.boxsync.core.port.Stores;
import io.boxsync.core.wbs.Placement;
import io.boxsync.core.wbs.TaskLink;

import java.util.List;
import java.util.Set;

/**
 * Partial sync's WBS writes: one changed task is placed by writing the few nodes its {@link Placement} names, with
 * lookups answered by {@link StoreBoxTasks}; only a placement that needs a rebuild reads every task of the Box and
 * replaces the whole WBS. Stateless and thread-safe; each call works in the caller's transaction.
 */
final class PartialWbs {
    /** The task fields the WBS planner reads: labels, sibling order, groups and nesting. */
    private static final Set<String> PLACEMENT_FIELDS = Set.of("summary", "projectKey", "components", "iterations",
            "parentKey", "epicKey");

    private PartialWbs() {
    }

    /**
     * Whether a change of these fields can move or relabel the task's node: when not (dates, status, estimates...),
     * placing it again would write nothing, so partial sync skips reading the WBS.
     */
    static boolean movesInWbs(List<TaskFields.FieldChange> diff) {
        return diff.stream().anyMatch(c -> PLACEMENT_FIELDS.contains(c.field()));
    }

    /**
     * Whether the change only renames an issue: its node keeps its place (issues sort by key, not by summary) and
     * only its label changes.
     */
    static boolean onlyRelabels(List<TaskFields.FieldChange> diff, Task changed) {
        return changed.key() != null && diff.stream().filter(c -> PLACEMENT_FIELDS.contains(c.field()))
                .allMatch(c -> c.field().equals("summary"));
    }

    /**
     * Writes the task's new summary as the label of its node, read and written alone; false (nothing written) when
     * the Box's WBS has no node for the task, so the caller places it in full.
     */
    static boolean relabel(Stores s, BoxId boxId, Task task) {
        List<WbsNode> nodes = s.contents().wbsNodesOfTasks(boxId, List.of(task.id()));
        if (nodes.size() != 1) {
            return false;
        }
        WbsNode node = nodes.get(0);
        if (!java.util.Objects.equals(node.label(), task.summary())) {
            s.contents().upsertWbsNodes(boxId, List.of(new WbsNode(node.nodeId(), node.parentId(), node.position(),
                    node.task(), node.groupKind(), task.summary())));
        }
        return true;
    }

    /** Whether the Box nests tasks by tool links, which a change of any field may come with. */
    static boolean nestsByLinks(Stores s, BoxId boxId) {
        return s.boxes().find(boxId).map(b -> b.builders().stream().anyMatch(w -> w.kind() == WbsBuilder.Kind.LINK))
                .orElse(true);
    }

    /** Places an added or changed task; returns the Box's WBS afterwards. */
    static List<WbsNode> place(Stores s, WbsLayout layout, BoxId boxId, Task task, List<TaskLink> links) {
        Box box = s.boxes().find(boxId).orElseThrow();
        List<WbsNode> current = s.contents().wbs(boxId);
        Placement p = layout.placeOne(current, task, new StoreBoxTasks(s, boxId, current, links), box.builders());
        return write(s, layout, box, current, p, links);
    }

    /** Takes a task the Box no longer holds out of {@code before}, the WBS read before the task left. */
    static List<WbsNode> unplace(Stores s, WbsLayout layout, BoxId boxId, Task task, List<WbsNode> before,
                                 List<TaskLink> links) {
        Box box = s.boxes().find(boxId).orElseThrow();
        Placement p = layout.removeOne(before, task, new StoreBoxTasks(s, boxId, before, links), box.builders());
        return write(s, layout, box, before, p, links);
    }

    private static List<WbsNode> write(Stores s, WbsLayout layout, Box box, List<WbsNode> current, Placement p,
                                       List<TaskLink> links) {
        if (!p.placed()) {
            List<WbsNode> rebuilt = layout.build(s.contents().tasks(box.id()), links, box.builders());
            s.contents().replaceWbs(box.id(), rebuilt);
            return rebuilt;
        }
        if (!p.removedNodeIds().isEmpty()) {
            s.contents().removeWbsNodes(box.id(), p.removedNodeIds());
        }
        if (!p.upserts().isEmpty()) {
            s.contents().upsertWbsNodes(box.id(), p.upserts());
        }
        return p.applyTo(current);
    }
}
