package io.boxsync.core.domain;

import java.util.Objects;

/**
 * One node of a Box's WBS: either a task or a group made by a builder (a project, a sprint, a version...).
 *
 * @param nodeId    stable id within the Box: {@code "t:<taskId>"} for tasks, {@code "g:<kind>:<value>"} for groups
 * @param parentId  the parent node's id, {@code null} at the top level
 * @param position  order among siblings, from 0
 * @param task      the task, {@code null} for a group
 * @param groupKind the builder that made the group, {@code null} for a task
 * @param label     a group's display label; a task node's label is its summary
 */
public record WbsNode(String nodeId, String parentId, int position, TaskId task, WbsBuilder.Kind groupKind, String label) {
    public WbsNode {
        Objects.requireNonNull(nodeId, "nodeId");
        label = label == null ? "" : label;
        if ((task == null) == (groupKind == null)) {
            throw new IllegalArgumentException("a WBS node is either a task or a group");
        }
    }

    public static String taskNodeId(TaskId task) {
        return "t:" + task.value();
    }

    public boolean isGroup() {
        return task == null;
    }
}
