package io.boxsync.connector;

import java.util.Objects;

/**
 * The tool's human-facing, stable identifier of an issue or card: a Jira key ({@code PRJ-12}), a Trello card id, a
 * Redmine issue number. Connectors map keys to whatever the tool's API needs.
 */
public record IssueKey(String value) implements Comparable<IssueKey> {
    public IssueKey {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("an issue key must not be blank");
        }
    }

    public static IssueKey of(String value) {
        return new IssueKey(value);
    }

    @Override
    public int compareTo(IssueKey other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
