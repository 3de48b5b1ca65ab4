package io.boxsync.connector;

import java.util.Objects;

/**
 * The tool's search index health, checked before a full sync (Jira Data Center can report a corrupted index).
 *
 * @param state  the state
 * @param detail what the tool said, for the user
 */
public record IndexHealth(State state, String detail) {
    /** The states a tool can report. */
    public enum State {
        /** The index is consistent. */
        HEALTHY,
        /** The tool reports an inconsistent index: search results may be incomplete. */
        CORRUPTED,
        /** The tool has no such check (Jira Cloud, Trello, Redmine). */
        NOT_APPLICABLE
    }

    public IndexHealth {
        Objects.requireNonNull(state, "state");
        detail = detail == null ? "" : detail;
    }

    public static IndexHealth healthy() {
        return new IndexHealth(State.HEALTHY, "");
    }

    public static IndexHealth notApplicable() {
        return new IndexHealth(State.NOT_APPLICABLE, "");
    }

    public static IndexHealth corrupted(String detail) {
        return new IndexHealth(State.CORRUPTED, detail);
    }

    public boolean isCorrupted() {
        return state == State.CORRUPTED;
    }
}
