package io.boxsync.connector;

/** What an account may do to an issue; each tool maps its own permission model onto these. */
public enum RemotePermission {
    /** See the issue at all. */
    BROWSE,
    /** Edit its fields. */
    EDIT,
    /** Change its dates (Jira "Schedule issues"). */
    SCHEDULE,
    /** Create and delete its links. */
    LINK,
    /** Move it through its workflow. */
    TRANSITION
}
