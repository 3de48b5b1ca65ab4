package io.boxsync.core.queue;

import io.boxsync.connector.ConnectionKind;
import io.boxsync.connector.FieldMapping;
import io.boxsync.connector.IssueKey;
import io.boxsync.connector.RemoteAccount;
import io.boxsync.connector.Secret;
import io.boxsync.connector.RemoteEvent;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.core.port.Clock;
import io.boxsync.core.port.EventBatch;
import io.boxsync.core.port.EventQueue;
import io.boxsync.core.port.Transactor;
import io.boxsync.storage.PostgresStorage;
import io.boxsync.storage.TestDatabase;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The PostgreSQL queue checked against the core's reference model of the queue, under the same random sequences of
 * offer / lease / complete / fail / clock / crash / retry / forget as the in-memory queue. Each queue call runs in
 * a transaction of its own, as the engine makes them.
 */
class PostgresEventQueueContractIT extends EventQueueContract {
    private static PostgresStorage storage;

    /** Connections 1 and 2, which the contract's events come from, exist once per database. */
    @Override
    protected EventQueue newQueue(Clock clock) {
        synchronized (PostgresEventQueueContractIT.class) {
            if (storage == null) {
                storage = TestDatabase.freshStorage();
                storage.transactor().run(s -> {
                    for (String name : List.of("one", "two")) {
                        s.connections().create(name, ConnectionKind.JIRA_CLOUD, URI.create("http://127.0.0.1:9/"),
                                FieldMapping.jiraDefaults("customfield_10015"),
                                new RemoteAccount("tech", "tech@example.com", Secret.of("token")), null);
                    }
                });
            }
        }
        storage.database().jdbi().useHandle(h ->
                h.execute("TRUNCATE inbound_events, event_issues, delivery_ids RESTART IDENTITY CASCADE"));
        return new TransactionalQueue(storage.transactor());
    }

    /** Every call in its own transaction. */
    private record TransactionalQueue(Transactor tx) implements EventQueue {
        @Override
        public boolean offer(ConnectionId connection, RemoteEvent event, Instant receivedAt) {
            return tx.inTransaction(s -> s.events().offer(connection, event, receivedAt));
        }

        @Override
        public List<Boolean> offerAll(List<Offer> offers) {
            return tx.inTransaction(s -> s.events().offerAll(offers));
        }

        @Override
        public List<EventBatch> lease(Instant now, Duration interval, Duration leaseFor, int max, String owner) {
            return tx.inTransaction(s -> s.events().lease(now, interval, leaseFor, max, owner));
        }

        @Override
        public void complete(EventBatch batch) {
            tx.run(s -> s.events().complete(batch));
        }

        @Override
        public void fail(EventBatch batch, String error, Instant retryAt, int maxAttempts) {
            tx.run(s -> s.events().fail(batch, error, retryAt, maxAttempts));
        }

        @Override
        public List<Parked> parked(int limit) {
            return tx.inTransaction(s -> s.events().parked(limit));
        }

        @Override
        public boolean retryParked(ConnectionId connection, IssueKey key) {
            return tx.inTransaction(s -> s.events().retryParked(connection, key));
        }

        @Override
        public Stats stats(Instant now) {
            return tx.inTransaction(s -> s.events().stats(now));
        }

        @Override
        public boolean knows(ConnectionId connection, String deliveryId) {
            return tx.inTransaction(s -> s.events().knows(connection, deliveryId));
        }

        @Override
        public int forgetDeliveriesBefore(Instant before) {
            return tx.inTransaction(s -> s.events().forgetDeliveriesBefore(before));
        }
    }
}
