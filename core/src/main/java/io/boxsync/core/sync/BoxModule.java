package io.boxsync.core.sync;

/** The Box modules a person can open; opening any of them may trigger a full sync. */
public enum BoxModule {
    GANTT, ROADMAP, RESOURCES
}
