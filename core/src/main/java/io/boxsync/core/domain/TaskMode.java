package io.boxsync.core.domain;

/** How automation may move a task's dates. Done tasks are never moved by automation, whatever their mode. */
public enum TaskMode {
    /** Automation may move it (dependencies, cadence dates). */
    AUTO_BASIC,
    /** A parent spans its children: its dates follow them and cannot be set by hand. */
    AUTO_BOTTOM_UP,
    /** Children are kept inside the parent: moving the parent moves them along. */
    AUTO_TOP_DOWN,
    /** Only a person moves it; automation leaves it alone. */
    MANUAL,
    /** Nobody and nothing moves it. */
    LOCKED
}
