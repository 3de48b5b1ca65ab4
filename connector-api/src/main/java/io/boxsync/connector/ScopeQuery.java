package io.boxsync.connector;

import java.util.List;
import java.util.Objects;

/**
 * What a Box holds, in the tool's terms: its sources joined by OR, narrowed by an optional query joined by AND.
 * Connectors build the tool's query from it safely (quoted, escaped), never by pasting user text unchecked,
 * except the narrowing query, which is the tool's own query language (JQL for Jira) and is parenthesised.
 *
 * @param sources  at least one source
 * @param narrowing extra tool query AND-ed to the union of sources; empty for none
 */
public record ScopeQuery(List<Source> sources, String narrowing) {

    /** The kinds of source a scope can name; each connector supports the kinds its tool has. */
    public enum SourceKind {
        /** A project (Jira project key, Redmine project identifier). */
        PROJECT,
        /** A saved filter or query by id (Jira filter, Redmine saved query). */
        SAVED_FILTER,
        /** A board (Jira board id, Trello board id). */
        BOARD,
        /** A Trello list id. */
        LIST,
        /** A Trello label name, as a filter on cards. */
        LABEL,
        /** A raw query in the tool's language (JQL). */
        QUERY
    }

    /** One source of a scope. */
    public record Source(SourceKind kind, String value) {
        public Source {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(value, "value");
            if (value.isBlank()) {
                throw new IllegalArgumentException("a scope source needs a value");
            }
        }
    }

    public ScopeQuery {
        sources = List.copyOf(Objects.requireNonNull(sources, "sources"));
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("a scope needs at least one source");
        }
        narrowing = narrowing == null ? "" : narrowing.strip();
    }

    public static ScopeQuery ofProjects(String... projectKeys) {
        return new ScopeQuery(java.util.Arrays.stream(projectKeys).map(k -> new Source(SourceKind.PROJECT, k)).toList(), "");
    }
}
