package io.boxsync.storage;

import io.boxsync.connector.IssueKey;
import io.boxsync.core.domain.Connection;
import io.boxsync.core.domain.Task;
import io.boxsync.core.port.Stores;
import io.boxsync.core.port.Transactor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bulk task writes as a full sync does them. The size defaults to 20,000 to keep the build fast; run with
 * {@code -Dboxsync.bulkTasks=100000} for the full-size figure.
 */
class TaskBulkIT {
    private static final int SIZE = Integer.getInteger("boxsync.bulkTasks", 20_000);
    private static PostgresStorage storage;
    private static Transactor tx;

    @BeforeAll
    static void open() {
        storage = TestDatabase.freshStorage();
        tx = storage.transactor();
    }

    @AfterAll
    static void close() {
        storage.close();
    }

    private static String rowVersions() {
        return storage.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT md5(string_agg(id || ':' || xmin::text, ',' ORDER BY id)) FROM tasks").mapTo(String.class).one());
    }

    private static List<String> changedSince(Map<Long, String> before) {
        List<String> changed = new ArrayList<>();
        storage.database().jdbi().useHandle(h -> h.createQuery("SELECT id, xmin::text AS x, issue_key FROM tasks")
                .map((rs, ctx) -> before.get(rs.getLong("id")).equals(rs.getString("x")) ? null : rs.getString("issue_key"))
                .forEach(key -> {
                    if (key != null) {
                        changed.add(key);
                    }
                }));
        return changed;
    }

    @Test
    void aFullSyncSizedInsertIsFastAndAnUnchangedResyncWritesNothing() {
        Connection c = StoresIT.connection(tx);
        List<Task> fresh = IntStream.range(0, SIZE).mapToObj(i -> StoresIT.task(c, "BULK-" + i)).toList();

        long start = System.nanoTime();
        List<Task> stored = tx.inTransaction((Stores s) -> s.tasks().insertAll(fresh));
        long insertMillis = (System.nanoTime() - start) / 1_000_000;

        start = System.nanoTime();
        Map<IssueKey, Task> found = tx.inTransaction((Stores s) -> s.tasks().findByKeys(c.id(),
                fresh.stream().map(Task::key).toList()));
        long readMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(found).hasSize(SIZE);
        assertThat(found.get(IssueKey.of("BULK-7"))).isEqualTo(stored.get(7));

        String versions = rowVersions();
        start = System.nanoTime();
        tx.run(s -> s.tasks().updateAll(stored));
        long unchangedMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(rowVersions()).as("an unchanged re-sync rewrites no row").isEqualTo(versions);

        Map<Long, String> before = new java.util.HashMap<>();
        storage.database().jdbi().useHandle(h -> h.createQuery("SELECT id, xmin::text AS x FROM tasks")
                .map((rs, ctx) -> Map.entry(rs.getLong("id"), rs.getString("x")))
                .forEach(e -> before.put(e.getKey(), e.getValue())));
        List<Task> twoMoved = List.of(stored.get(3).withDates(LocalDate.of(2027, 2, 1), LocalDate.of(2027, 2, 3)),
                stored.get(5), stored.get(SIZE - 1).withDates(null, null));
        tx.run(s -> s.tasks().updateAll(twoMoved));
        assertThat(changedSince(before)).containsExactlyInAnyOrder("BULK-3", "BULK-" + (SIZE - 1));
        assertThat(tx.inTransaction((Stores s) -> s.tasks().find(stored.get(3).id()))).contains(twoMoved.get(0));

        System.out.printf("TaskBulkIT: %d tasks: insert %d ms, read by keys %d ms, unchanged update %d ms%n",
                SIZE, insertMillis, readMillis, unchangedMillis);
    }
}
