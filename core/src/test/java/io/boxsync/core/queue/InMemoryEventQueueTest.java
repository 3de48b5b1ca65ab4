package io.boxsync.core.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.boxsync.connector.IssueKey;
import io.boxsync.connector.RemoteEvent;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.core.port.EventBatch;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryEventQueueTest {

    static final ConnectionId JIRA = ConnectionId.of(1);
    static final Duration INTERVAL = Duration.ofSeconds(5);
    static final Duration LEASE = Duration.ofSeconds(30);
    final Instant t0 = Instant.parse("2030-01-01T10:00:00Z");
    Instant now = t0;
    final InMemoryEventQueue queue = new InMemoryEventQueue(() -> now);

    static RemoteEvent updated(String delivery, String key, Instant occurredAt, String actor) {
        return new RemoteEvent(delivery, RemoteEvent.Type.UPDATED, IssueKey.of(key), occurredAt, actor, actor, null);
    }

    @Test
    void twentyUpdatesWithinTheIntervalBecomeOneBatchNamingTheLastUpdater() {
        for (int i = 0; i < 20; i++) {
            queue.offer(JIRA, updated("d" + i, "PRJ-1", t0.plusMillis(100L * (20 - i)), "user" + i), t0.plusMillis(100L * i));
        }
        assertThat(queue.lease(t0.plusSeconds(4), INTERVAL, LEASE, 10, "w")).isEmpty();

        List<EventBatch> batches = queue.lease(t0.plusSeconds(5), INTERVAL, LEASE, 10, "w");

        assertThat(batches).hasSize(1);
        assertThat(batches.get(0).events()).hasSize(20);
        assertThat(batches.get(0).latest().actorAccountId()).isEqualTo("user0");
    }

    @Test
    void aRepeatedDeliveryIsDroppedEvenAfterItWasProcessed() {
        assertThat(queue.offer(JIRA, updated("d1", "PRJ-1", t0, "a"), t0)).isTrue();
        queue.complete(queue.lease(t0.plusSeconds(5), INTERVAL, LEASE, 1, "w").get(0));

        assertThat(queue.offer(JIRA, updated("d1", "PRJ-1", t0, "a"), t0.plusSeconds(6))).isFalse();
        assertThat(queue.stats(now).pendingEvents()).isZero();
    }

    @Test
    void completingABatchKeepsEventsThatArrivedWhileItWasProcessed() {
        queue.offer(JIRA, updated("d1", "PRJ-1", t0, "a"), t0);
        EventBatch batch = queue.lease(t0.plusSeconds(5), INTERVAL, LEASE, 1, "w").get(0);
        queue.offer(JIRA, updated("d2", "PRJ-1", t0.plusSeconds(6), "b"), t0.plusSeconds(6));

        queue.complete(batch);

        assertThat(queue.stats(now).pendingEvents()).isEqualTo(1);
        assertThat(queue.lease(t0.plusSeconds(11), INTERVAL, LEASE, 1, "w").get(0).latest().deliveryId()).isEqualTo("d2");
    }

    @Test
    void anIssueThatKeepsFailingIsParkedAndDoesNotBlockOthers() {
        queue.offer(JIRA, updated("d1", "PRJ-1", t0, "a"), t0);
        queue.offer(JIRA, updated("d2", "PRJ-2", t0, "a"), t0.plusSeconds(1));
        Instant at = t0.plusSeconds(5);
        for (int attempt = 0; attempt < 3; attempt++) {
            EventBatch batch = queue.lease(at, INTERVAL, LEASE, 1, "w").get(0);
            assertThat(batch.key()).isEqualTo(IssueKey.of("PRJ-1"));
            queue.fail(batch, "tool said 500", at, 3);
        }

        assertThat(queue.parked(10)).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo(IssueKey.of("PRJ-1"));
            assertThat(p.error()).isEqualTo("tool said 500");
            assertThat(p.attempts()).isEqualTo(3);
        });
        assertThat(queue.lease(at.plusSeconds(60), INTERVAL, LEASE, 5, "w")).extracting(EventBatch::key)
                .containsExactly(IssueKey.of("PRJ-2"));
        assertThat(queue.retryParked(JIRA, IssueKey.of("PRJ-1"))).isTrue();
        assertThat(queue.lease(at.plusSeconds(60), INTERVAL, LEASE, 5, "w")).extracting(EventBatch::key)
                .containsExactly(IssueKey.of("PRJ-1"));
    }

    @Test
    void aLeaseOfAWorkerThatDiedExpiresAndAnotherWorkerTakesTheIssue() {
        queue.offer(JIRA, updated("d1", "PRJ-1", t0, "a"), t0);
        assertThat(queue.lease(t0.plusSeconds(5), INTERVAL, LEASE, 1, "dead")).hasSize(1);

        assertThat(queue.lease(t0.plusSeconds(34), INTERVAL, LEASE, 1, "alive")).isEmpty();
        assertThat(queue.lease(t0.plusSeconds(35), INTERVAL, LEASE, 1, "alive")).singleElement()
                .extracting(EventBatch::leaseOwner).isEqualTo("alive");
    }

    @Test
    void workersLeasingAtTheSameTimeNeverGetTheSameIssue() throws Exception {
        for (int i = 0; i < 200; i++) {
            queue.offer(JIRA, updated("d" + i, "PRJ-" + i, t0, "a"), t0);
        }
        java.util.Set<IssueKey> leased = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicInteger duplicates = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> workers = new java.util.ArrayList<>();
            for (int w = 0; w < 4; w++) {
                String owner = "w" + w;
                workers.add(pool.submit(() -> {
                    List<EventBatch> batches;
                    while (!(batches = queue.lease(t0.plusSeconds(5), INTERVAL, LEASE, 3, owner)).isEmpty()) {
                        batches.forEach(b -> {
                            if (!leased.add(b.key())) {
                                duplicates.incrementAndGet();
                            }
                        });
                    }
                }));
            }
            for (java.util.concurrent.Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(duplicates.get()).isZero();
        assertThat(leased).hasSize(200);
    }
}
