package io.boxsync.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.boxsync.connector.IssueKey;
import io.boxsync.connector.RemoteEvent;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.core.port.EventBatch;
import io.boxsync.core.port.EventQueue;
import io.boxsync.core.port.QueuedEvent;
import io.boxsync.core.port.Stores;
import io.boxsync.core.port.Transactor;
import io.boxsync.core.queue.GroupCommit;
import io.boxsync.core.sync.WebhookIntake;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhook deliveries stored by group commit on PostgreSQL, as the intake does it: concurrent callers share one
 * transaction of {@link EventQueue#offerAll} (two such transactions may run at once, with retried deliveries in
 * both); each caller returns after its transaction committed.
 */
class GroupCommitIT {
    private static PostgresStorage storage;
    private static Transactor tx;
    private ConnectionId connection;

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
        connection = StoresIT.connection(tx).id();
    }

    private GroupCommit<EventQueue.Offer, Boolean> intake() {
        return new GroupCommit<>(offers -> tx.inTransaction((Stores s) -> s.events().offerAll(offers)), 50, 10_000,
                Duration.ofSeconds(30), WebhookIntake.CONCURRENT_COMMITS);
    }

    private EventQueue.Offer offer(String delivery, String key) {
        return new EventQueue.Offer(connection, new RemoteEvent(delivery, RemoteEvent.Type.UPDATED, IssueKey.of(key),
                Instant.parse("2030-01-01T00:00:00Z"), "acc-1", "Ann", null), Instant.now());
    }

    @Test
    void concurrentDeliveriesWithRetriesAreEachStoredExactlyOnceAndAnsweredNewExactlyOnce() throws Exception {
        GroupCommit<EventQueue.Offer, Boolean> intake = intake();
        int callers = 8;
        int deliveriesPerCaller = 60;
        Map<String, Integer> answeredNew = Collections.synchronizedMap(new HashMap<>());
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                int caller = c;
                running.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < deliveriesPerCaller; i++) {
                        // every delivery is sent by two callers (a tool's retry), some twice in one call
                        String delivery = "d-" + ((caller / 2) * deliveriesPerCaller + i);
                        String key = "K-" + (i % 7);
                        List<EventQueue.Offer> offers = i % 5 == 0
                                ? List.of(offer(delivery, key), offer(delivery, key)) : List.of(offer(delivery, key));
                        List<Boolean> fresh = intake.submit(offers);
                        for (boolean isNew : fresh) {
                            if (isNew) {
                                answeredNew.merge(delivery, 1, Integer::sum);
                            }
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : running) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        int distinct = callers / 2 * deliveriesPerCaller;
        assertThat(answeredNew).hasSize(distinct).allSatisfy((delivery, times) -> assertThat(times).isEqualTo(1));
        assertThat(intake.commits()).as("deliveries shared transactions").isLessThan(callers * deliveriesPerCaller);
        List<String> stored = storedDeliveries();
        assertThat(stored).doesNotHaveDuplicates().hasSize(distinct);
        List<EventBatch> batches = tx.inTransaction((Stores s) -> s.events().lease(Instant.now().plusSeconds(60),
                Duration.ofSeconds(1), Duration.ofSeconds(30), 100, "worker"));
        assertThat(batches).hasSize(7);
        assertThat(batches.stream().mapToInt(b -> b.events().size()).sum()).isEqualTo(distinct);
        for (EventBatch batch : batches) {
            assertThat(batch.events()).map(QueuedEvent::id).isSorted();
        }
    }

    @Test
    void whenTheConnectionDiesMidGroupEveryWaitingCallerFailsCleanlyAndTheirRetriesAreStoredOnce() throws Exception {
        AtomicInteger commits = new AtomicInteger();
        CountDownLatch leaderInside = new CountDownLatch(1);
        CountDownLatch releaseLeader = new CountDownLatch(1);
        GroupCommit<EventQueue.Offer, Boolean> intake = new GroupCommit<>(offers -> tx.inTransaction((Stores s) -> {
            int commit = commits.incrementAndGet();
            if (commit == 1) {
                leaderInside.countDown();
                awaitQuietly(releaseLeader);
            }
            List<Boolean> fresh = s.events().offerAll(offers);
            if (commit == 2) {
                terminateIdleInTransaction();
            }
            return fresh;
        }), 50, 10_000, Duration.ofSeconds(30));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<String> group = List.of("g-0", "g-1", "g-2", "g-3", "g-4");
        try {
            Future<List<Boolean>> leader = pool.submit(() -> intake.submit(List.of(offer("leader", "K-1"))));
            assertThat(leaderInside.await(10, TimeUnit.SECONDS)).isTrue();
            List<Future<List<Boolean>>> waiting = new ArrayList<>();
            for (String delivery : group) {
                waiting.add(pool.submit(() -> intake.submit(List.of(offer(delivery, "K-2"), offer(delivery + "b",
                        "K-" + delivery)))));
            }
            Thread.sleep(300);
            assertThat(waiting).noneMatch(Future::isDone);
            releaseLeader.countDown();
            assertThat(leader.get(30, TimeUnit.SECONDS)).containsExactly(true);
            // the five callers that waited meanwhile form the second group, whose connection dies before its commit
            for (Future<List<Boolean>> f : waiting) {
                assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(GroupCommit.Failed.class);
            }
        } finally {
            releaseLeader.countDown();
            pool.shutdownNow();
        }
        assertThat(storedDeliveries()).containsExactly("leader");
        assertThat(tx.inTransaction((Stores s) -> s.events().stats(Instant.now())).pendingIssues()).isEqualTo(1);
        for (String delivery : group) {
            assertThat(tx.inTransaction((Stores s) -> s.events().knows(connection, delivery))).isFalse();
            assertThat(tx.inTransaction((Stores s) -> s.events().knows(connection, delivery + "b"))).isFalse();
            assertThat(intake.submit(List.of(offer(delivery, "K-2"), offer(delivery + "b", "K-" + delivery))))
                    .as("the tool's retry of %s", delivery).containsExactly(true, true);
        }
        assertThat(storedDeliveries()).hasSize(11).doesNotHaveDuplicates();
    }

    private List<String> storedDeliveries() {
        return storage.database().jdbi().withHandle(h -> h.createQuery("SELECT delivery_id FROM inbound_events"
                + " WHERE connection_id = :c ORDER BY id").bind("c", connection.value()).mapTo(String.class).list());
    }

    /** Kills, from another connection, every session that sits inside an open transaction (the group's). */
    private static void terminateIdleInTransaction() {
        int killed = storage.database().jdbi().withHandle(h -> h.createQuery("SELECT count(pg_terminate_backend(pid))"
                + " FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
                + " AND state = 'idle in transaction'").mapTo(Integer.class).one());
        assertThat(killed).isEqualTo(1);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
