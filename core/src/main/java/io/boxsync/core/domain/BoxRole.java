package io.boxsync.core.domain;

/** A member's role in a Box; each role includes the rights of the ones below it. */
public enum BoxRole {
    VIEWER, EDITOR, ADMIN;

    /** Whether this role includes the rights of {@code other}. */
    public boolean includes(BoxRole other) {
        return compareTo(other) >= 0;
    }
}
