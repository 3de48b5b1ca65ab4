package io.boxsync.connector;

import java.util.Objects;

/**
 * A cadence an issue can belong to in the tool: a Jira sprint or fixVersion, a Redmine version, a Trello list.
 *
 * @param kind the kind of cadence
 * @param id   the tool's id of the sprint, version or list
 * @param name its display name (may be empty when only the id is known)
 */
public record IterationRef(Kind kind, String id, String name) {
    /** The kinds of cadence the tools know. */
    public enum Kind { SPRINT, VERSION, LIST }

    public IterationRef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        name = name == null ? "" : name;
    }
}
