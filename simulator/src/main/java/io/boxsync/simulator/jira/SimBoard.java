package io.boxsync.simulator.jira;

/** A scrum board over one project. */
record SimBoard(long id, String name, String projectKey) {
}
