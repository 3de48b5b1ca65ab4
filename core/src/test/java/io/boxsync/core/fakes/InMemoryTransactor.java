package io.boxsync.core.fakes;

import io.boxsync.core.port.Stores;
import io.boxsync.core.port.Transactor;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Serializable in-memory transactions with real rollback: each transaction works on a private copy of the state,
 * which replaces the committed state only when the work returns. Transactions run one at a time (the strongest
 * isolation), so a test sees exactly what PostgreSQL would let it see at SERIALIZABLE. Nested transactions on one
 * thread are refused: the engine never needs them, and with PostgreSQL they would be two separate connections.
 */
public final class InMemoryTransactor implements Transactor {
    private final ReentrantLock lock = new ReentrantLock(true);
    private final ThreadLocal<Boolean> inside = ThreadLocal.withInitial(() -> false);
    private final AtomicInteger commits = new AtomicInteger();
    private final StoreMeter meter = new StoreMeter();
    private volatile InMemoryState committed = new InMemoryState();
    private volatile RuntimeException failNextCommit;
    private final AtomicInteger commitsBeforeFailure = new AtomicInteger(-1);
    private volatile RuntimeException down;
    private final AtomicInteger commitsBeforeDown = new AtomicInteger();

    @Override
    public <T> T inTransaction(Function<Stores, T> work) {
        if (inside.get()) {
            throw new IllegalStateException("nested transaction on one thread");
        }
        RuntimeException unreachable = down;
        if (unreachable != null && commitsBeforeDown.get() <= 0) {
            throw unreachable;
        }
        lock.lock();
        inside.set(true);
        try {
            InMemoryState working = committed.copy();
            T result = work.apply(new InMemoryStores(working, meter));
            RuntimeException failure = failNextCommit;
            if (failure != null && commitsBeforeFailure.getAndDecrement() <= 0) {
                failNextCommit = null;
                commitsBeforeFailure.set(-1);
                throw failure;
            }
            committed = working;
            commits.incrementAndGet();
            commitsBeforeDown.decrementAndGet();
            return result;
        } finally {
            inside.set(false);
            lock.unlock();
        }
    }

    /** Makes the next transaction fail at commit (after its work ran), as a crash or a lost connection would. */
    public void failNextCommit(RuntimeException failure) {
        failCommitAfter(0, failure);
    }

    /** Lets {@code commits} transactions commit, then makes the next one fail at commit. */
    public void failCommitAfter(int commits, RuntimeException failure) {
        commitsBeforeFailure.set(commits);
        this.failNextCommit = failure;
    }

    /**
     * Lets {@code commits} transactions commit, then makes every later one fail before it starts, as while the
     * database restarts, until {@link #up()}.
     */
    public void downAfter(int commits, RuntimeException failure) {
        commitsBeforeDown.set(commits);
        this.down = failure;
    }

    /** The database answers again. */
    public void up() {
        this.down = null;
    }

    /** Every change committed so far, oldest first (for tests' "nothing changed anywhere" checks). */
    public java.util.List<io.boxsync.core.domain.Change> committedChanges() {
        return java.util.List.copyOf(committed.changes);
    }

    /** How many outbox entries are committed. */
    public int committedOutboxEntries() {
        return committed.outbox.size();
    }

    /** How many transactions committed. */
    public int commits() {
        return commits.get();
    }

    /** What the stores of this transactor's transactions read. */
    public StoreMeter meter() {
        return meter;
    }
}
