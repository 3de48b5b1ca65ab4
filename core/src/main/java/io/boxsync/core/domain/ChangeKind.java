package io.boxsync.core.domain;

/** What a recorded change did. */
public enum ChangeKind {
    TASK_ADDED, TASK_UPDATED, TASK_REMOVED, DEPENDENCY_ADDED, DEPENDENCY_REMOVED, WBS_CHANGED, METADATA_LOADED
}
