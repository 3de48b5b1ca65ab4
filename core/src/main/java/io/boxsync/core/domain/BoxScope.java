package io.boxsync.core.domain;

import io.boxsync.connector.ScopeQuery;
import java.util.List;
import java.util.Objects;

/**
 * What a Box holds. An own-scope Box reads its parts from the tools (one part per connection, so one Box may mix
 * Jira, Trello and Redmine); a sub-scope Box holds the subset of its nearest own-scope ancestor's tasks that match
 * its filter; a Box without scope only aggregates its sub-Boxes.
 *
 * @param mode      own, sub or none
 * @param parts     for an own scope: the query of each connection; else empty
 * @param subFilter for a sub scope: the tool query narrowing the ancestor's scope; else empty
 */
public record BoxScope(Mode mode, List<Part> parts, String subFilter) {

    /** The kinds of scope. */
    public enum Mode { OWN, SUB, NONE }

    /** One connection's share of an own scope. */
    public record Part(ConnectionId connection, ScopeQuery query) {
        public Part {
            Objects.requireNonNull(connection, "connection");
            Objects.requireNonNull(query, "query");
        }
    }

    public BoxScope {
        Objects.requireNonNull(mode, "mode");
        parts = List.copyOf(parts == null ? List.of() : parts);
        subFilter = subFilter == null ? "" : subFilter.strip();
        if (mode == Mode.OWN && parts.isEmpty()) {
            throw new IllegalArgumentException("an own scope needs at least one connection's query");
        }
        if (mode != Mode.OWN && !parts.isEmpty()) {
            throw new IllegalArgumentException("only an own scope names connection queries");
        }
    }

    public static BoxScope own(List<Part> parts) {
        return new BoxScope(Mode.OWN, parts, "");
    }

    public static BoxScope sub(String filter) {
        return new BoxScope(Mode.SUB, List.of(), filter);
    }

    public static BoxScope none() {
        return new BoxScope(Mode.NONE, List.of(), "");
    }

    public boolean isOwn() {
        return mode == Mode.OWN;
    }
}
