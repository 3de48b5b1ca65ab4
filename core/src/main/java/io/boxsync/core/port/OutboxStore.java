package io.boxsync.core.port;

import io.boxsync.connector.IssueKey;
import io.boxsync.core.domain.ConnectionId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Boxsync's own recent writes to the tools, for echo recognition. */
public interface OutboxStore {

    void record(OutboxEntry entry);

    Optional<OutboxEntry> find(String writeId);

    /** Writes to the issue at or after the instant, oldest first. */
    List<OutboxEntry> recent(ConnectionId connection, IssueKey key, Instant since);

    /** Forgets writes older than the instant. */
    int purgeBefore(Instant before);
}
