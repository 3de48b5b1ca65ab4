package io.boxsync.simulator.jira;

/** One item of a change history, as in {@code changelog.items[]}. Any value may be null. */
record ChangeItem(String field, String fieldtype, String fieldId, String from, String fromString, String to, String toText) {
}
