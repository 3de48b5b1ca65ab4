package io.boxsync.core.wbs;

import io.boxsync.core.domain.WbsNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The outcome of placing one changed task into an existing WBS: either the few nodes to write, or the instruction
 * to rebuild the whole WBS because the change touches a cycle of parents that only a rebuild resolves consistently.
 *
 * @param placed         whether the change was placed locally
 * @param upserts        nodes that are new or whose parent, position or label changed
 * @param removedNodeIds nodes to delete (the removed task, groups left empty)
 * @param reason         why a rebuild is needed; empty when placed
 */
public record Placement(boolean placed, List<WbsNode> upserts, List<String> removedNodeIds, String reason) {

    public Placement {
        upserts = List.copyOf(upserts);
        removedNodeIds = List.copyOf(removedNodeIds);
        Objects.requireNonNull(reason, "reason");
    }

    /** The change is placed by writing {@code upserts} and deleting {@code removedNodeIds}. */
    public static Placement placed(List<WbsNode> upserts, List<String> removedNodeIds) {
        return new Placement(true, upserts, removedNodeIds, "");
    }

    /** The caller must rebuild the whole WBS with {@link WbsPlanner#build}. */
    public static Placement needsRebuild(String reason) {
        return new Placement(false, List.of(), List.of(), reason);
    }

    /** Whether nothing needs to be written. */
    public boolean changesNothing() {
        return placed && upserts.isEmpty() && removedNodeIds.isEmpty();
    }

    /** The WBS after this placement, in the canonical order {@link WbsPlanner#build} returns. */
    public List<WbsNode> applyTo(List<WbsNode> current) {
        if (!placed) {
            throw new IllegalStateException("nothing to apply: " + reason);
        }
        Map<String, WbsNode> byId = new HashMap<>();
        current.forEach(node -> byId.put(node.nodeId(), node));
        removedNodeIds.forEach(byId::remove);
        upserts.forEach(node -> byId.put(node.nodeId(), node));
        return canonicalOrder(byId.values());
    }

    /** Parents before children, siblings by position: the order of {@link WbsPlanner#build}. */
    static List<WbsNode> canonicalOrder(java.util.Collection<WbsNode> nodes) {
        Map<String, List<WbsNode>> children = new HashMap<>();
        for (WbsNode node : nodes) {
            children.computeIfAbsent(node.parentId() == null ? "" : node.parentId(), p -> new ArrayList<>()).add(node);
        }
        children.values().forEach(list -> list.sort(Comparator.comparingInt(WbsNode::position).thenComparing(WbsNode::nodeId)));
        List<WbsNode> ordered = new ArrayList<>(nodes.size());
        Set<String> visited = new LinkedHashSet<>();
        ArrayList<WbsNode> stack = new ArrayList<>(children.getOrDefault("", List.of()));
        java.util.Collections.reverse(stack);
        while (!stack.isEmpty()) {
            WbsNode node = stack.remove(stack.size() - 1);
            if (!visited.add(node.nodeId())) {
                continue;
            }
            ordered.add(node);
            List<WbsNode> below = new ArrayList<>(children.getOrDefault(node.nodeId(), List.of()));
            java.util.Collections.reverse(below);
            stack.addAll(below);
        }
        return ordered;
    }
}
