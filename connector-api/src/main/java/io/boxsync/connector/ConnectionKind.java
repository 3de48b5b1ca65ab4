package io.boxsync.connector;

/** The kinds of connected tool Boxsync speaks to. */
public enum ConnectionKind {
    /** Atlassian Jira Cloud, REST v3 and the Agile API. */
    JIRA_CLOUD,
    /** Atlassian Jira Data Center (or Server), REST v2 and the Agile API. */
    JIRA_DC,
    /** Trello, REST v1. */
    TRELLO,
    /** Redmine, REST API (JSON). */
    REDMINE;

    /** Whether this kind is one of the Jira flavours. */
    public boolean isJira() {
        return this == JIRA_CLOUD || this == JIRA_DC;
    }
}
