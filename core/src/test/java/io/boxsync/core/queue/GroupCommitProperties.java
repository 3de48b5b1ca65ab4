package io.boxsync.core.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Group commit under real concurrency: who gets which result, what a failed commit means, and back-pressure. */
class GroupCommitProperties {

    @Property(tries = 40)
    void everyCallerGetsTheResultsOfItsOwnItemsEachCommittedOnceWithItsSubmissionWhole(
            @ForAll @IntRange(min = 1, max = 8) int callers, @ForAll @IntRange(min = 1, max = 30) int perCaller,
            @ForAll @IntRange(min = 1, max = 12) int maxGroup, @ForAll @IntRange(min = 0, max = 2) int commitMillis,
            @ForAll @IntRange(min = 1, max = 3) int concurrentCommits)
            throws Exception {
        List<List<String>> groups = Collections.synchronizedList(new ArrayList<>());
        GroupCommit<String, String> commit = new GroupCommit<>(group -> {
            groups.add(List.copyOf(group));
            pause(commitMillis);
            return group.stream().map(item -> "stored " + item).toList();
        }, maxGroup, 10_000, Duration.ofSeconds(30), concurrentCommits);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                int caller = c;
                running.add(pool.submit(() -> {
                    for (int i = 0; i < perCaller; i++) {
                        List<String> items = new ArrayList<>();
                        for (int k = 0; k <= (i % 3); k++) {
                            items.add(caller + "/" + i + "/" + k);
                        }
                        assertThat(commit.submit(items)).isEqualTo(items.stream().map(x -> "stored " + x).toList());
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> all = groups.stream().flatMap(List::stream).toList();
        assertThat(all).doesNotHaveDuplicates();
        int expected = 0;
        for (int i = 0; i < perCaller; i++) {
            expected += 1 + (i % 3);
        }
        assertThat(all).hasSize(callers * expected);
        for (List<String> group : groups) {
            assertThat(group.size() <= maxGroup || group.stream().map(GroupCommitProperties::submission)
                    .distinct().count() == 1).as("group %s within the limit or one submission", group).isTrue();
        }
        for (List<String> group : groups) {
            for (String item : group) {
                assertThat(group).as("a submission is committed whole, in one group")
                        .containsAll(itemsOf(submission(item)));
            }
        }
        assertThat(commit.commits()).isEqualTo(groups.size());
    }

    @Example
    void aLoneCallerCommitsOnItsOwnThreadAtOnce() {
        Thread caller = Thread.currentThread();
        List<Thread> committedOn = new ArrayList<>();
        GroupCommit<Integer, Integer> commit = new GroupCommit<>(group -> {
            committedOn.add(Thread.currentThread());
            return group.stream().map(i -> i * 2).toList();
        }, 10, 10, Duration.ofSeconds(1));

        assertThat(commit.submit(List.of(1, 2, 3))).containsExactly(2, 4, 6);
        assertThat(committedOn).containsExactly(caller);
        assertThat(commit.submit(List.of())).isEmpty();
        assertThat(commit.commits()).isEqualTo(1);
    }

    @Example
    void whenTheSharedCommitFailsEveryCallerOfTheGroupFailsAndTheNextGroupStillCommits() throws Exception {
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        List<List<String>> committed = Collections.synchronizedList(new ArrayList<>());
        GroupCommit<String, Boolean> commit = new GroupCommit<>(group -> {
            int call = calls.incrementAndGet();
            if (call == 1) {
                firstStarted.countDown();
                await(releaseFirst);
                committed.add(group);
                return group.stream().map(x -> true).toList();
            }
            if (call == 2) {
                throw new IllegalStateException("connection lost before commit");
            }
            committed.add(group);
            return group.stream().map(x -> true).toList();
        }, 100, 100, Duration.ofSeconds(30));
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            Future<List<Boolean>> first = pool.submit(() -> commit.submit(List.of("first")));
            assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
            List<Future<List<Boolean>>> second = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String item = "second-" + i;
                second.add(pool.submit(() -> commit.submit(List.of(item))));
            }
            waitUntilQueued(commit, second);
            releaseFirst.countDown();

            assertThat(first.get(10, TimeUnit.SECONDS)).containsExactly(true);
            for (Future<List<Boolean>> f : second) {
                assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(GroupCommit.Failed.class)
                        .hasRootCauseMessage("connection lost before commit");
            }
            assertThat(commit.submit(List.of("third"))).containsExactly(true);
            assertThat(committed).containsExactly(List.of("first"), List.of("third"));
            assertThat(calls.get()).as("the four waiting callers shared one failed commit").isEqualTo(3);
        } finally {
            releaseFirst.countDown();
            pool.shutdownNow();
        }
    }

    @Example
    void whenTooMuchWaitsFurtherCallersAreRefusedAsBusyAndNothingOfThemIsCommitted() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> committed = Collections.synchronizedList(new ArrayList<>());
        GroupCommit<String, Boolean> commit = new GroupCommit<>(group -> {
            started.countDown();
            await(release);
            committed.addAll(group);
            return group.stream().map(x -> true).toList();
        }, 100, 3, Duration.ofSeconds(30));
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<List<Boolean>> leader = pool.submit(() -> commit.submit(List.of("a")));
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            Future<List<Boolean>> waiting = pool.submit(() -> commit.submit(List.of("b", "c")));
            waitUntilQueued(commit, List.of(waiting));

            assertThatThrownBy(() -> commit.submit(List.of("d", "e"))).isInstanceOf(GroupCommit.Busy.class);
            release.countDown();
            assertThat(leader.get(10, TimeUnit.SECONDS)).containsExactly(true);
            assertThat(waiting.get(10, TimeUnit.SECONDS)).containsExactly(true, true);
            assertThat(committed).containsExactly("a", "b", "c");
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Example
    void aCallerNotTakenIntoACommitInTimeIsRefusedAsBusyAndWithdrawn() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> committed = Collections.synchronizedList(new ArrayList<>());
        GroupCommit<String, Boolean> commit = new GroupCommit<>(group -> {
            started.countDown();
            await(release);
            committed.addAll(group);
            return group.stream().map(x -> true).toList();
        }, 100, 100, Duration.ofMillis(200));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<List<Boolean>> leader = pool.submit(() -> commit.submit(List.of("slow")));
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

            assertThatThrownBy(() -> commit.submit(List.of("late"))).isInstanceOf(GroupCommit.Busy.class);
            release.countDown();
            assertThat(leader.get(10, TimeUnit.SECONDS)).containsExactly(true);
            assertThat(commit.submit(List.of("next"))).containsExactly(true);
            assertThat(committed).containsExactly("slow", "next");
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    /** Waits until the calls are blocked inside submit (they never return while the commit is held). */
    private static void waitUntilQueued(GroupCommit<?, ?> commit, List<? extends Future<?>> calls) {
        pause(300);
        assertThat(calls).noneMatch(Future::isDone);
    }

    private static String submission(String item) {
        return item.substring(0, item.lastIndexOf('/'));
    }

    private static List<String> itemsOf(String submission) {
        int i = Integer.parseInt(submission.substring(submission.indexOf('/') + 1));
        List<String> items = new ArrayList<>();
        for (int k = 0; k <= (i % 3); k++) {
            items.add(submission + "/" + k);
        }
        return items;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
