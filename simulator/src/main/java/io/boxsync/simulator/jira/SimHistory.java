package io.boxsync.simulator.jira;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One change history of an issue; {@code author} null for system changes, {@code historyMetadata} null unless sent. */
record SimHistory(long id, String author, Instant created, List<ChangeItem> items, Map<String, Object> historyMetadata) {
}
