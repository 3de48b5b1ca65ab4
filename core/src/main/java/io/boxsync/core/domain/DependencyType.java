package io.boxsync.core.domain;

/** How two linked tasks constrain each other's dates. */
public enum DependencyType {
    /** Finish to start. */
    FS,
    /** Start to start. */
    SS,
    /** Finish to finish. */
    FF,
    /** Start to finish. */
    SF
}
