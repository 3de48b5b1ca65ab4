package io.boxsync.core.port;

import io.boxsync.connector.IssueKey;
import io.boxsync.connector.RemoteEvent;
import io.boxsync.core.domain.ConnectionId;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Every pending event of one issue, leased together so the issue is fetched once (coalescing).
 *
 * @param connection   the connection
 * @param key          the issue
 * @param events       the events, in arrival order
 * @param attempts     how many times processing this issue failed before
 * @param leaseOwner   who holds the lease
 * @param leaseUntil   when the lease expires and another worker may take the issue
 */
public record EventBatch(ConnectionId connection, IssueKey key, List<QueuedEvent> events, int attempts,
                         String leaseOwner, Instant leaseUntil) {
    public EventBatch {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(key, "key");
        events = List.copyOf(events);
        if (events.isEmpty()) {
            throw new IllegalArgumentException("a batch holds at least one event");
        }
    }

    /**
     * The event that happened last by the tool's own time (deliveries arrive late and out of order); between events
     * with the same time (tools stamp to the millisecond), the one that arrived last.
     */
    public RemoteEvent latest() {
        return events.stream()
                .max(Comparator.comparing((QueuedEvent e) -> e.event().occurredAt()).thenComparingLong(QueuedEvent::id))
                .map(QueuedEvent::event).orElseThrow();
    }

    /** The highest queue id in the batch: completing the batch removes events up to it only. */
    public long lastEventId() {
        return events.stream().mapToLong(QueuedEvent::id).max().orElseThrow();
    }
}
