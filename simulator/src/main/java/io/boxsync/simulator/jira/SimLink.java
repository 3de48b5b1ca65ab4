package io.boxsync.simulator.jira;

/** A link read "fromKey <type.outward> toKey", e.g. "A blocks B"; REST calls A the inwardIssue and B the outwardIssue. */
record SimLink(long id, SimLinkType type, String fromKey, String toKey) {
}
