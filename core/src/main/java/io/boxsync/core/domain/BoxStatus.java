package io.boxsync.core.domain;

/** A Box's life cycle. Closed Boxes are read-only and never synchronized. */
public enum BoxStatus {
    NOT_STARTED, IN_PROGRESS, CLOSED
}
