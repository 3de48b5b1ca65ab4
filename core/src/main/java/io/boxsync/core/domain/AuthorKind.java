package io.boxsync.core.domain;

/** Who a change is attributed to. */
public enum AuthorKind {
    /** The person acting in Boxsync (S5 actions). */
    CURRENT_USER,
    /** The Box's Scope Owner (full and incremental sync). */
    SCOPE_OWNER,
    /** No person: tool automation, or a tool event that names no user. */
    TECHNICAL_USER,
    /** The person who changed the issue in the tool (S4), named by the tool. */
    REMOTE_USER
}
