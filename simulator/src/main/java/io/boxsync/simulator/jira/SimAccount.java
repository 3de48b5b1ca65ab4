package io.boxsync.simulator.jira;

/** An account of the simulated site. {@code admin} accounts hold every permission on every project. */
record SimAccount(String accountId, String displayName, String email, String token, boolean admin) {
}
