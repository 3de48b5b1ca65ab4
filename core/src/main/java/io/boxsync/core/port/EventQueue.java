package io.boxsync.core.port;

import io.boxsync.connector.IssueKey;
import io.boxsync.connector.RemoteEvent;
import io.boxsync.core.domain.ConnectionId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The durable inbound queue of tool events (S4), coalescing per issue.
 *
 * <p>Events are grouped by (connection, issue key). An issue becomes due {@code interval} after its oldest pending
 * event was received, so every event arriving within that interval is processed in the same batch. Leases expire:
 * a worker that dies leaves nothing stuck. Two workers never hold the same issue at once. An issue whose
 * processing keeps failing is parked with its error, never dropped, and never blocks other issues.
 */
public interface EventQueue {

    /**
     * Stores the event unless one with the same connection and delivery id was stored before (duplicates and
     * retried deliveries are dropped here, also after the first was processed, for as long as the queue keeps
     * delivery ids: at least 7 days).
     *
     * @return whether the event was new
     */
    boolean offer(ConnectionId connection, RemoteEvent event, Instant receivedAt);

    /**
     * Leases up to {@code max} due issues not held by a live lease, not parked, and not waiting for a retry; with
     * all their pending events. Issues are served oldest-due first.
     */
    List<EventBatch> lease(Instant now, Duration interval, Duration leaseFor, int max, String owner);

    /** Removes the batch's events (later arrivals for the issue stay pending) and releases the lease. */
    void complete(EventBatch batch);

    /**
     * Records a failed attempt and releases the lease: the issue is retried at {@code retryAt}, or parked with the
     * error once it has failed {@code maxAttempts} times.
     */
    void fail(EventBatch batch, String error, Instant retryAt, int maxAttempts);

    /** Parked issues, oldest first. */
    List<Parked> parked(int limit);

    /** Makes a parked issue due again now; false when there is no such parked issue. */
    boolean retryParked(ConnectionId connection, IssueKey key);

    /** Counts for health and metrics. */
    Stats stats(Instant now);

    /** A parked issue and why. */
    record Parked(ConnectionId connection, IssueKey key, int events, int attempts, String error, Instant parkedAt) {
    }

    /**
     * @param pendingIssues issues with pending events, not parked
     * @param pendingEvents events of those issues
     * @param parkedIssues  parked issues
     * @param oldestPending when the oldest pending event was received, if any
     */
    record Stats(long pendingIssues, long pendingEvents, long parkedIssues, Optional<Instant> oldestPending) {
    }

    /** Convenience for tests and diagnostics: whether a delivery id is known. */
    boolean knows(ConnectionId connection, String deliveryId);

    /** Drops remembered delivery ids received before the instant; pending events are kept. */
    int forgetDeliveriesBefore(Instant before);

    /** One event to offer with {@link #offerAll}: the connection it came from and when it was received. */
    record Offer(ConnectionId connection, RemoteEvent event, Instant receivedAt) {
        public Offer {
            java.util.Objects.requireNonNull(connection, "connection");
            java.util.Objects.requireNonNull(event, "event");
            java.util.Objects.requireNonNull(receivedAt, "receivedAt");
        }
    }

    /**
     * Offers the events in list order with exactly the outcome of calling {@link #offer} for each in turn (so of
     * two offers with the same connection and delivery id only the first can be new), but cheaper for many events:
     * a durable queue writes them with a few multi-row statements. Runs in the caller's transaction like
     * {@link #offer}.
     *
     * @return per offer, in list order, whether it was new
     */
    default List<Boolean> offerAll(List<Offer> offers) {
        List<Boolean> fresh = new java.util.ArrayList<>(offers.size());
        for (Offer offer : offers) {
            fresh.add(offer(offer.connection(), offer.event(), offer.receivedAt()));
        }
        return fresh;
    }
}
