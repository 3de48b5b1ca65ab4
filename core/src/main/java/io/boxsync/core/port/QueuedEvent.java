package io.boxsync.core.port;

import io.boxsync.connector.RemoteEvent;
import io.boxsync.core.domain.ConnectionId;
import java.time.Instant;
import java.util.Objects;

/**
 * An event as stored in the inbound queue.
 *
 * @param id         queue id, increasing in arrival order
 * @param connection the connection it came from
 * @param event      the event
 * @param receivedAt when Boxsync received it
 */
public record QueuedEvent(long id, ConnectionId connection, RemoteEvent event, Instant receivedAt) {
    public QueuedEvent {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }
}
