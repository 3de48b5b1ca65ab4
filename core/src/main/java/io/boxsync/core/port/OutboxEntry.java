package io.boxsync.core.port;

import io.boxsync.connector.IssueKey;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.core.domain.UserId;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A write Boxsync made to a tool, kept so that the tool's echo of it is recognized (S5) and not applied again nor
 * attributed to anyone else.
 *
 * @param writeId    the write's id, sent along where the tool allows (Jira {@code historyMetadata})
 * @param connection the connection written to
 * @param key        the issue written
 * @param user       the Boxsync user who acted
 * @param fields     the fields written and their new values as text ({@code "start" -> "2026-12-01"})
 * @param at         when it was written
 */
public record OutboxEntry(String writeId, ConnectionId connection, IssueKey key, UserId user, Map<String, String> fields,
                          Instant at) {
    public OutboxEntry {
        Objects.requireNonNull(writeId, "writeId");
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(at, "at");
        fields = Map.copyOf(fields == null ? Map.of() : fields);
    }
}
