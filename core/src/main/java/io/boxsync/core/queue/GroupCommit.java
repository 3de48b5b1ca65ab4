package io.boxsync.core.queue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit without a thread of its own: callers on many threads {@link #submit} their items; whichever caller
 * finds a commit slot free (one by default) becomes the leader, takes every submission waiting so far (whole submissions, up to
 * {@code maxGroupItems} items) and commits them with one call of the {@link Committer}, then hands each waiting
 * caller its own results. While one group commits, the next one gathers, so the groups grow with the load and a
 * lone caller pays for one commit only.
 *
 * <p>A caller returns only after the commit that holds its items has returned, so "returned" means "committed".
 * When that commit throws, every caller of the group gets {@link Failed} and none of its items may be assumed
 * stored (the committer must make a group all or nothing, e.g. one transaction). Waiting is bounded: when more than
 * {@code maxWaitingItems} items wait, or a submission has not been taken into a commit within {@code maxWait}, the
 * caller gets {@link Busy} and its items were not committed.
 *
 * <p>Thread-safe. A committer must not submit to the same group commit.
 *
 * @param <T> a submitted item
 * @param <R> the result of one item
 */
public final class GroupCommit<T, R> {

    /** Commits a whole group at once. */
    @FunctionalInterface
    public interface Committer<T, R> {
        /**
         * @param group the items of every submission of the group, in submission order; never empty
         * @return one result per item, in the same order
         */
        List<R> commit(List<T> group);
    }

    /** Too much is waiting, or the submission waited too long: nothing of it was committed; try again later. */
    public static final class Busy extends RuntimeException {
        Busy(String message) {
            super(message);
        }
    }

    /** The commit of the caller's group failed: nothing of the group was committed; try again later. */
    public static final class Failed extends RuntimeException {
        Failed(Throwable cause) {
            super("the group commit failed: " + cause, cause);
        }
    }

    private static final class Waiter<T, R> {
        final List<T> items;
        final Condition turn;
        boolean taken;
        boolean done;
        List<R> results;
        Throwable failure;

        Waiter(List<T> items, Condition turn) {
            this.items = items;
            this.turn = turn;
        }
    }

    private final Committer<T, R> committer;
    private final int maxGroupItems;
    private final int maxWaitingItems;
    private final long maxWaitNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Waiter<T, R>> waiting = new ArrayDeque<>();
    private int waitingItems;
    private final int maxConcurrentCommits;
    private int committing;
    private long commits;
    private long committedItems;

    /**
     * @param maxGroupItems   most items per commit (a larger single submission is committed alone)
     * @param maxWaitingItems most items waiting for a commit before submissions are refused as {@link Busy}
     * @param maxWait         longest a submission waits to be taken into a commit
     */
    public GroupCommit(Committer<T, R> committer, int maxGroupItems, int maxWaitingItems, java.time.Duration maxWait) {
        this(committer, maxGroupItems, maxWaitingItems, maxWait, 1);
    }

    /**
     * As {@link #GroupCommit(Committer, int, int, java.time.Duration)}, with up to {@code maxConcurrentCommits}
     * groups committing at the same time (each on its own caller's thread): while one group waits for its flush to
     * disk, the next one is already written. The committer must then be safe to run concurrently, and two groups
     * holding the same item must resolve like two concurrent transactions do (the store's unique keys).
     */
    public GroupCommit(Committer<T, R> committer, int maxGroupItems, int maxWaitingItems, java.time.Duration maxWait,
                       int maxConcurrentCommits) {
        this.committer = Objects.requireNonNull(committer, "committer");
        if (maxGroupItems < 1 || maxWaitingItems < 1 || maxConcurrentCommits < 1) {
            throw new IllegalArgumentException("group, waiting and concurrency limits must be at least 1");
        }
        this.maxConcurrentCommits = maxConcurrentCommits;
        this.maxGroupItems = maxGroupItems;
        this.maxWaitingItems = maxWaitingItems;
        this.maxWaitNanos = maxWait.toNanos();
    }

    /**
     * Commits the items together with those of concurrent callers and returns their results, in order, once the
     * shared commit has returned. An empty list is returned at once.
     *
     * @throws Busy   when too much is waiting or the items were not taken into a commit in time: not committed
     * @throws Failed when the group's commit threw: not committed
     */
    public List<R> submit(List<T> items) {
        if (items.isEmpty()) {
            return List.of();
        }
        long deadline = System.nanoTime() + maxWaitNanos;
        lock.lock();
        try {
            if (!waiting.isEmpty() && waitingItems + items.size() > maxWaitingItems) {
                throw new Busy("too many events wait to be stored (" + waitingItems + ")");
            }
            Waiter<T, R> self = new Waiter<>(List.copyOf(items), lock.newCondition());
            waiting.addLast(self);
            waitingItems += self.items.size();
            boolean interrupted = false;
            try {
                while (!self.done) {
                    if (committing < maxConcurrentCommits && !self.taken) {
                        lead();
                        continue;
                    }
                    if (self.taken) {
                        self.turn.awaitUninterruptibly();
                        continue;
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        withdraw(self);
                        throw new Busy("waited too long for the events to be stored");
                    }
                    try {
                        self.turn.awaitNanos(left);
                    } catch (InterruptedException e) {
                        interrupted = true;
                        withdraw(self);
                        throw new Busy("interrupted while waiting for the events to be stored");
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            if (self.failure != null) {
                throw new Failed(self.failure);
            }
            return self.results;
        } finally {
            lock.unlock();
        }
    }

    /** Commits made so far. */
    public long commits() {
        lock.lock();
        try {
            return commits;
        } finally {
            lock.unlock();
        }
    }

    /** Items committed so far. */
    public long committedItems() {
        lock.lock();
        try {
            return committedItems;
        } finally {
            lock.unlock();
        }
    }

    private void withdraw(Waiter<T, R> self) {
        waiting.remove(self);
        waitingItems -= self.items.size();
    }

    /** Called holding the lock with a commit slot free and something waiting; returns holding it again. */
    private void lead() {
        List<Waiter<T, R>> group = new ArrayList<>();
        List<T> items = new ArrayList<>();
        while (!waiting.isEmpty()
                && (group.isEmpty() || items.size() + waiting.peekFirst().items.size() <= maxGroupItems)) {
            Waiter<T, R> next = waiting.pollFirst();
            next.taken = true;
            waitingItems -= next.items.size();
            group.add(next);
            items.addAll(next.items);
        }
        committing++;
        List<R> results = null;
        Throwable failure = null;
        lock.unlock();
        try {
            results = committer.commit(items);
            if (results == null || results.size() != items.size()) {
                throw new IllegalStateException("the committer returned " + (results == null ? "null" : results.size())
                        + " results for " + items.size() + " items");
            }
        } catch (RuntimeException | Error e) {
            failure = e;
        } finally {
            lock.lock();
        }
        committing--;
        int from = 0;
        for (Waiter<T, R> member : group) {
            int to = from + member.items.size();
            if (failure == null) {
                member.results = Collections.unmodifiableList(new ArrayList<>(results.subList(from, to)));
            } else {
                member.failure = failure;
            }
            member.done = true;
            member.turn.signal();
            from = to;
        }
        if (failure == null) {
            commits++;
            committedItems += items.size();
        }
        if (!waiting.isEmpty()) {
            waiting.peekFirst().turn.signal();
        }
    }

    @Override
    public String toString() {
        return "GroupCommit[commits=" + commits() + ", items=" + committedItems() + "]";
    }
}
