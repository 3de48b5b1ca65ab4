package io.boxsync.storage;

import io.boxsync.connector.IssueKey;
import io.boxsync.connector.RemoteEvent;
import io.boxsync.core.domain.Connection;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.core.port.EventBatch;
import io.boxsync.core.port.EventQueue;
import io.boxsync.core.port.QueuedEvent;
import io.boxsync.core.port.Stores;
import io.boxsync.core.port.Transactor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class EventQueueIT {
    private static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final AtomicInteger DELIVERY = new AtomicInteger();
    private static PostgresStorage storage;
    private static Transactor tx;
    private ConnectionId connection;
    private Instant t0;

    @BeforeAll
    static void open() {
        storage = TestDatabase.freshStorage();
        tx = storage.transactor();
    }

    @AfterAll
    static void close() {
        storage.close();
    }

    @BeforeEach
    void newConnection() {
        storage.database().jdbi().useHandle(h -> h.execute("DELETE FROM inbound_events; DELETE FROM event_issues"));
        Connection c = StoresIT.connection(tx);
        connection = c.id();
        t0 = Instant.parse("2030-01-01T00:00:00Z").plus(Duration.ofDays(DELIVERY.incrementAndGet()));
    }

    private RemoteEvent event(String key, Instant occurredAt) {
        return new RemoteEvent("d-" + DELIVERY.incrementAndGet(), RemoteEvent.Type.UPDATED, IssueKey.of(key),
                occurredAt, "acc-1", "Ann", null);
    }

    private boolean offer(RemoteEvent event, Instant at) {
        return tx.inTransaction((Stores s) -> s.events().offer(connection, event, at));
    }

    private List<EventBatch> lease(Instant now, int max, String owner) {
        return tx.inTransaction((Stores s) -> s.events().lease(now, INTERVAL, LEASE, max, owner)).stream()
                .filter(b -> b.connection().equals(connection)).toList();
    }

    private EventQueue.Stats stats(Instant now) {
        return tx.inTransaction((Stores s) -> s.events().stats(now));
    }

    @Test
    void aDuplicateDeliveryIsDroppedAlsoAfterItWasProcessed() {
        RemoteEvent event = event("Q-1", t0);
        assertThat(offer(event, t0)).isTrue();
        assertThat(offer(event, t0.plusMillis(5))).isFalse();
        List<EventBatch> batches = lease(t0.plus(INTERVAL), 10, "w1");
        assertThat(batches).singleElement().satisfies(b -> assertThat(b.events()).hasSize(1));
        tx.run(s -> s.events().complete(batches.get(0)));
        assertThat(offer(event, t0.plusSeconds(60))).isFalse();
        assertThat(tx.inTransaction((Stores s) -> s.events().knows(connection, event.deliveryId()))).isTrue();
        int forgotten = tx.inTransaction((Stores s) -> s.events().forgetDeliveriesBefore(t0.plusSeconds(1)));
        assertThat(forgotten).isGreaterThanOrEqualTo(1);
        assertThat(tx.inTransaction((Stores s) -> s.events().knows(connection, event.deliveryId()))).isFalse();
    }

    @Test
    void twentyEventsForOneIssueComeAsOneBatchInArrivalOrder() {
        List<RemoteEvent> offered = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            RemoteEvent e = event("Q-2", t0.minusSeconds(i));
            offered.add(e);
            assertThat(offer(e, t0.plusMillis(50L * i))).isTrue();
        }
        assertThat(lease(t0.plus(INTERVAL).minusMillis(1), 10, "w1")).as("not due within the interval").isEmpty();
        List<EventBatch> batches = lease(t0.plus(INTERVAL), 10, "w1");
        assertThat(batches).singleElement().satisfies(b -> {
            assertThat(b.key()).isEqualTo(IssueKey.of("Q-2"));
            assertThat(b.events()).extracting(QueuedEvent::event).containsExactlyElementsOf(offered);
            assertThat(b.latest()).isEqualTo(offered.get(0));
            assertThat(b.attempts()).isZero();
            assertThat(b.leaseOwner()).isEqualTo("w1");
            assertThat(b.leaseUntil()).isEqualTo(t0.plus(INTERVAL).plus(LEASE));
        });
    }

    @Test
    void twoWorkersNeverLeaseTheSameIssue() throws Exception {
        int issues = 60;
        for (int i = 0; i < issues; i++) {
            offer(event("P-" + i, t0), t0);
        }
        Instant now = t0.plus(INTERVAL);
        List<String> leased = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService workers = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String owner : List.of("wa", "wb")) {
                done.add(workers.submit(() -> {
                    start.await();
                    for (int round = 0; round < 40; round++) {
                        lease(now, 3, owner).forEach(b -> leased.add(b.key().value()));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            workers.shutdownNow();
        }
        assertThat(leased).doesNotHaveDuplicates().hasSize(issues);
    }

    @Test
    void anExpiredLeaseLetsAnotherWorkerTakeTheIssue() {
        offer(event("Q-3", t0), t0);
        Instant due = t0.plus(INTERVAL);
        assertThat(lease(due, 10, "w1")).hasSize(1);
        assertThat(lease(due.plus(LEASE).minusSeconds(1), 10, "w2")).isEmpty();
        assertThat(lease(due.plus(LEASE), 10, "w2")).singleElement()
                .satisfies(b -> assertThat(b.leaseOwner()).isEqualTo("w2"));
    }

    @Test
    void completingABatchKeepsEventsThatArrivedMeanwhile() {
        offer(event("Q-4", t0), t0);
        EventBatch first = lease(t0.plus(INTERVAL), 10, "w1").get(0);
        Instant later = t0.plusSeconds(5);
        RemoteEvent arrivedMeanwhile = event("Q-4", later);
        offer(arrivedMeanwhile, later);
        tx.run(s -> s.events().complete(first));
        assertThat(lease(later.plus(INTERVAL).minusMillis(1), 10, "w1")).as("due from the later arrival").isEmpty();
        assertThat(lease(later.plus(INTERVAL), 10, "w1")).singleElement()
                .satisfies(b -> assertThat(b.events()).extracting(QueuedEvent::event).containsExactly(arrivedMeanwhile));
    }

    @Test
    void aCompletedIssueLeavesTheQueue() {
        EventQueue.Stats before = stats(t0);
        offer(event("Q-5", t0), t0);
        offer(event("Q-5", t0), t0.plusMillis(1));
        EventQueue.Stats pending = stats(t0);
        assertThat(pending.pendingIssues()).isEqualTo(before.pendingIssues() + 1);
        assertThat(pending.pendingEvents()).isEqualTo(before.pendingEvents() + 2);
        EventBatch batch = lease(t0.plus(INTERVAL), 10, "w1").get(0);
        tx.run(s -> s.events().complete(batch));
        assertThat(stats(t0)).isEqualTo(before);
    }

    @Test
    void failedIssuesAreRetriedLaterThenParkedAndCanBeRetriedByHand() {
        offer(event("Q-6", t0), t0);
        Instant now = t0.plus(INTERVAL);
        EventBatch batch = lease(now, 10, "w1").get(0);
        tx.run(s -> s.events().fail(batch, "tool down", now.plusSeconds(30), 2));
        assertThat(lease(now.plusSeconds(29), 10, "w1")).as("waits for the retry").isEmpty();
        EventBatch retry = lease(now.plusSeconds(30), 10, "w1").get(0);
        assertThat(retry.attempts()).isEqualTo(1);
        long parkedBefore = stats(now).parkedIssues();
        tx.run(s -> s.events().fail(retry, "still down", now.plusSeconds(60), 2));
        assertThat(lease(now.plusSeconds(3600), 10, "w1")).as("parked issues are not leased").isEmpty();
        assertThat(stats(now).parkedIssues()).isEqualTo(parkedBefore + 1);
        List<EventQueue.Parked> parked = tx.inTransaction((Stores s) -> s.events().parked(1000));
        assertThat(parked).filteredOn(p -> p.connection().equals(connection)).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo(IssueKey.of("Q-6"));
            assertThat(p.events()).isEqualTo(1);
            assertThat(p.attempts()).isEqualTo(2);
            assertThat(p.error()).isEqualTo("still down");
            assertThat(p.parkedAt()).isNotNull();
        });
        assertThat(tx.inTransaction((Stores s) -> s.events().retryParked(connection, IssueKey.of("Q-6")))).isTrue();
        assertThat(tx.inTransaction((Stores s) -> s.events().retryParked(connection, IssueKey.of("Q-6")))).isFalse();
        assertThat(lease(now.plusSeconds(61), 10, "w1")).singleElement()
                .satisfies(b -> assertThat(b.attempts()).isZero());
    }

    @Test
    void aStaleWorkerCannotReleaseALeaseAnotherWorkerHolds() {
        offer(event("Q-7", t0), t0);
        Instant due = t0.plus(INTERVAL);
        EventBatch stale = lease(due, 10, "w1").get(0);
        Instant afterExpiry = due.plus(LEASE);
        assertThat(lease(afterExpiry, 10, "w2")).hasSize(1);
        tx.run(s -> s.events().fail(stale, "late failure", afterExpiry, 1));
        assertThat(lease(afterExpiry.plusSeconds(1), 10, "w3")).as("w2 still holds it").isEmpty();
        assertThat(tx.inTransaction((Stores s) -> s.events().parked(1000)))
                .noneMatch(p -> p.connection().equals(connection));
    }

    @Test
    void statsTellTheOldestPendingArrival() {
        Optional<Instant> oldestBefore = stats(t0).oldestPending();
        offer(event("Q-8", t0), t0.plusSeconds(7));
        Optional<Instant> oldest = stats(t0).oldestPending();
        assertThat(oldest).isPresent();
        assertThat(oldest.get()).isEqualTo(oldestBefore.filter(o -> o.isBefore(t0.plusSeconds(7)))
                .orElse(t0.plusSeconds(7)));
    }

    @Test
    void eventsOfferedWhileWorkersLeaseAndCompleteAreEachProcessedExactlyOnce() throws Exception {
        int offers = 150;
        List<String> offered = Collections.synchronizedList(new ArrayList<>());
        List<String> processed = Collections.synchronizedList(new ArrayList<>());
        Instant now = t0.plus(INTERVAL);
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            Future<?> offerer = threads.submit(() -> {
                for (int i = 0; i < offers; i++) {
                    RemoteEvent e = event("R-" + (i % 3), t0);
                    offer(e, t0);
                    offered.add(e.deliveryId());
                }
                return null;
            });
            List<Future<?>> workers = new ArrayList<>();
            for (String owner : List.of("wa", "wb")) {
                workers.add(threads.submit(() -> {
                    while (!offerer.isDone() || stats(now).pendingEvents() > 0) {
                        for (EventBatch batch : lease(now, 2, owner)) {
                            batch.events().forEach(q -> processed.add(q.event().deliveryId()));
                            tx.run(s -> s.events().complete(batch));
                        }
                    }
                    return null;
                }));
            }
            offerer.get(120, TimeUnit.SECONDS);
            for (Future<?> w : workers) {
                w.get(120, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(processed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(offered);
        assertThat(stats(now).pendingIssues()).isZero();
    }
}
