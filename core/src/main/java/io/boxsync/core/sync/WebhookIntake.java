package io.boxsync.core.sync;

import io.boxsync.connector.RemoteEvent;
import io.boxsync.connector.WebhookException;
import io.boxsync.connector.WebhookRequest;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.core.port.EventQueue;
import io.boxsync.core.queue.GroupCommit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * S4 intake: verified tool events go into the durable queue, de-duplicated by delivery id. Nothing else happens on
 * the request thread, so a webhook is answered fast; {@link RemoteEventProcessor} does the work. Thread-safe.
 *
 * <p>Concurrent deliveries are stored by group commit ({@link GroupCommit}): the events of every delivery waiting
 * at that moment go into the queue in one transaction, and each caller returns after that transaction committed.
 * Returning therefore still means "stored durably"; one fsync serves many deliveries. The events of one call are
 * always in the same transaction.
 */
public final class WebhookIntake {
    /** Most events stored by one transaction. */
    public static final int MAX_GROUP_EVENTS = 500;
    /** Most events waiting for a transaction; beyond it deliveries are refused with {@link GroupCommit.Busy}. */
    public static final int MAX_WAITING_EVENTS = 5_000;
    /** Longest a delivery waits for its transaction to start before it is refused with {@link GroupCommit.Busy}. */
    public static final Duration MAX_WAIT = Duration.ofSeconds(5);
    /** Transactions storing events at the same time: one is written while the other waits for its flush. */
    public static final int CONCURRENT_COMMITS = 2;

    private final SyncEnvironment env;
    private final GroupCommit<EventQueue.Offer, Boolean> group;

    public WebhookIntake(SyncEnvironment env) {
        this.env = Objects.requireNonNull(env, "env");
        this.group = new GroupCommit<>(offers -> env.tx().inTransaction(s -> s.events().offerAll(offers)),
                MAX_GROUP_EVENTS, MAX_WAITING_EVENTS, MAX_WAIT, CONCURRENT_COMMITS);
    }

    /** Queues events of the connection in one transaction; returns how many were new (not duplicates). */
    public int accept(ConnectionId connection, RemoteEvent... events) {
        return accept(connection, List.of(events));
    }

    /**
     * Queues events of the connection in one transaction (shared with concurrent calls); returns how many were new
     * (not duplicates).
     *
     * @throws GroupCommit.Busy   when too many events wait to be stored: none of these was stored, try again later
     * @throws GroupCommit.Failed when the transaction failed: none of these was stored, try again later
     */
    public int accept(ConnectionId connection, List<RemoteEvent> events) {
        Objects.requireNonNull(connection, "connection");
        Instant now = env.clock().now();
        List<EventQueue.Offer> offers = new ArrayList<>(events.size());
        for (RemoteEvent event : events) {
            offers.add(new EventQueue.Offer(connection, event, now));
        }
        int fresh = 0;
        for (boolean isNew : group.submit(offers)) {
            if (isNew) {
                fresh++;
            }
        }
        return fresh;
    }

    /**
     * Verifies and decodes a webhook delivery with the connection's decoder, then queues its events.
     *
     * @throws WebhookException when the delivery is unsigned, forged or malformed: nothing of it is stored
     */
    public int accept(ConnectionId connection, WebhookRequest request) {
        List<RemoteEvent> events = env.connectors().connector(connection).webhooks().verifyAndDecode(request);
        return accept(connection, events);
    }

    /** Transactions that stored events so far, for metrics and benchmarks. */
    public long commits() {
        return group.commits();
    }
}
