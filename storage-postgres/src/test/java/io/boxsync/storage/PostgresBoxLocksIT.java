package io.boxsync.storage;

import io.boxsync.core.domain.BoxId;
import io.boxsync.core.port.BoxLocks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresBoxLocksIT {
    private static Database db;
    private static Database otherNode;

    @BeforeAll
    static void open() {
        db = TestDatabase.fresh();
        otherNode = Database.external(db.jdbcUrl(), "postgres", "");
    }

    @AfterAll
    static void close() {
        otherNode.close();
        db.close();
    }

    @Test
    void aBoxLockIsExclusiveAcrossNodesUntilReleased() {
        BoxLocks here = new PostgresBoxLocks(db.dataSource());
        BoxLocks there = new PostgresBoxLocks(otherNode.dataSource());
        Optional<BoxLocks.Held> held = here.tryLock(BoxId.of(7));
        assertThat(held).isPresent();
        assertThat(there.tryLock(BoxId.of(7))).isEmpty();
        assertThat(here.tryLock(BoxId.of(7))).as("also within one node").isEmpty();
        try (BoxLocks.Held other = there.tryLock(BoxId.of(8)).orElseThrow()) {
            assertThat(other).isNotNull();
        }
        held.get().close();
        held.get().close();
        Optional<BoxLocks.Held> again = there.tryLock(BoxId.of(7));
        assertThat(again).isPresent();
        again.get().close();
    }

    @Test
    void concurrentRequestsGetTheLockOneAtATime() throws Exception {
        BoxLocks[] nodes = {new PostgresBoxLocks(db.dataSource()), new PostgresBoxLocks(otherNode.dataSource())};
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        AtomicInteger acquired = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                BoxLocks locks = nodes[w % 2];
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 25; i++) {
                        Optional<BoxLocks.Held> held = locks.tryLock(BoxId.of(42));
                        if (held.isPresent()) {
                            try (BoxLocks.Held h = held.get()) {
                                acquired.incrementAndGet();
                                maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                                Thread.sleep(2);
                                inside.decrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(acquired.get()).isPositive();
        assertThat(maxInside.get()).isEqualTo(1);
    }

    @Test
    void aLockDiesWithTheSessionOfANodeThatStops() {
        Database node = Database.external(db.jdbcUrl(), "postgres", "");
        BoxLocks dying = new PostgresBoxLocks(node.dataSource());
        assertThat(dying.tryLock(BoxId.of(99))).isPresent();
        node.close();
        Optional<BoxLocks.Held> taken = new PostgresBoxLocks(db.dataSource()).tryLock(BoxId.of(99));
        assertThat(taken).isPresent();
        taken.get().close();
    }
}
