package io.boxsync.core.sync;

import io.boxsync.core.domain.Task;
import io.boxsync.core.domain.WbsBuilder;
import io.boxsync.core.domain.WbsNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Builds a Box's WBS from its tasks and ordered builders. The engine's seam to the WBS algorithm
 * ({@code io.boxsync.core.wbs}); {@link #flat()} is a stand-in that lists tasks at the top level by key.
 * Implementations are pure and thread-safe.
 */
@FunctionalInterface
public interface WbsLayout {

    /** The whole WBS of a Box holding these tasks (ids set), parents before children; a task appears once. */
    List<WbsNode> build(List<Task> tasks, List<WbsBuilder> builders);

    /** Every task at the top level, ordered by key then id. */
    static WbsLayout flat() {
        return (tasks, builders) -> {
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
