package io.boxsync.core.sync;

import io.boxsync.core.domain.Task;
import io.boxsync.core.domain.WbsBuilder;
import io.boxsync.core.domain.WbsNode;
import io.boxsync.core.wbs.BoxTasks;
import io.boxsync.core.wbs.Placement;
import io.boxsync.core.wbs.TaskLink;
import io.boxsync.core.wbs.WbsPlanner;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Builds a Box's WBS from its tasks, the tool links among them and the Box's ordered builders. The engine's seam to
 * the WBS algorithm: {@link #planner()} is {@link WbsPlanner}; {@link #flat()} lists tasks at the top level by key.
 * Implementations are pure and thread-safe.
 */
public interface WbsLayout {

    /** The whole WBS of a Box holding these tasks (ids set), parents before children; a task appears once. */
    List<WbsNode> build(List<Task> tasks, List<TaskLink> links, List<WbsBuilder> builders);

    /**
     * The WBS after one task of the Box was added or changed ({@code tasks} already reflect it; {@code links} hold at
     * least the changed issue's links). Defaults to a rebuild.
     */
    default List<WbsNode> place(List<WbsNode> current, List<Task> tasks, Task changed, List<TaskLink> links,
                                List<WbsBuilder> builders) {
        return build(tasks, links, builders);
    }

    /** The WBS after one task left the Box ({@code tasks} no longer hold it). Defaults to a rebuild. */
    default List<WbsNode> unplace(List<WbsNode> current, List<Task> tasks, Task removed, List<TaskLink> links,
                                  List<WbsBuilder> builders) {
        return build(tasks, links, builders);
    }

    /**
     * The few node writes that place one added or changed task of the Box, or {@link Placement#needsRebuild} when
     * only {@link #build} can place it. {@code box} answers lookups about the Box after the change. Defaults to a
     * rebuild.
     */
    default Placement placeOne(List<WbsNode> current, Task changed, BoxTasks box, List<WbsBuilder> builders) {
        return Placement.needsRebuild("this layout places by rebuilding");
    }

    /** The few node writes that take one task out of the WBS ({@code box} no longer holds it); see {@link #placeOne}. */
    default Placement removeOne(List<WbsNode> current, Task removed, BoxTasks box, List<WbsBuilder> builders) {
        return Placement.needsRebuild("this layout places by rebuilding");
    }

    /** The WBS planner of {@code io.boxsync.core.wbs}: builders in order, local placement for partial sync. */
    static WbsLayout planner() {
        return new WbsLayout() {
            @Override
            public List<WbsNode> build(List<Task> tasks, List<TaskLink> links, List<WbsBuilder> builders) {
                return new WbsPlanner(builders).build(tasks, links);
            }

            @Override
            public Placement placeOne(List<WbsNode> current, Task changed, BoxTasks box, List<WbsBuilder> builders) {
                return new WbsPlanner(builders).placeOne(current, changed, box);
            }

            @Override
            public Placement removeOne(List<WbsNode> current, Task removed, BoxTasks box, List<WbsBuilder> builders) {
                return new WbsPlanner(builders).removeOne(current, removed, box);
            }

            @Override
            public List<WbsNode> place(List<WbsNode> current, List<Task> tasks, Task changed, List<TaskLink> links,
                                       List<WbsBuilder> builders) {
                Placement p = new WbsPlanner(builders).placeOne(current, changed, BoxTasks.of(tasks, links));
                return p.placed() ? p.applyTo(current) : build(tasks, links, builders);
            }

            @Override
            public List<WbsNode> unplace(List<WbsNode> current, List<Task> tasks, Task removed, List<TaskLink> links,
                                         List<WbsBuilder> builders) {
                Placement p = new WbsPlanner(builders).removeOne(current, removed, BoxTasks.of(tasks, links));
                return p.placed() ? p.applyTo(current) : build(tasks, links, builders);
            }
        };
    }

    /** Every task at the top level, ordered by key then id. */
    static WbsLayout flat() {
        return (tasks, links, builders) -> {
            List<Task> sorted = new ArrayList<>(tasks);
            sorted.sort(Comparator.comparing((Task t) -> t.key() == null ? "~" : t.key().value())
                    .thenComparing(t -> t.id().value()));
            List<WbsNode> nodes = new ArrayList<>();
            for (Task t : sorted) {
                nodes.add(new WbsNode(WbsNode.taskNodeId(t.id()), null, nodes.size(), t.id(), null, t.summary()));
            }
            return nodes;
        };
    }
}
