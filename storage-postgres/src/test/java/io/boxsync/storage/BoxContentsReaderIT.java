package io.boxsync.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.boxsync.connector.IssueKey;
import io.boxsync.connector.IterationRef;
import io.boxsync.connector.ScopeQuery;
import io.boxsync.connector.StatusCategory;
import io.boxsync.core.domain.Box;
import io.boxsync.core.domain.BoxKind;
import io.boxsync.core.domain.BoxScope;
import io.boxsync.core.domain.BoxStatus;
import io.boxsync.core.domain.Connection;
import io.boxsync.core.domain.Dependency;
import io.boxsync.core.domain.DependencyType;
import io.boxsync.core.domain.Iteration;
import io.boxsync.core.domain.Task;
import io.boxsync.core.domain.TaskId;
import io.boxsync.core.domain.TaskMode;
import io.boxsync.core.domain.WbsNode;
import io.boxsync.core.port.BoxContentsReader;
import io.boxsync.core.port.BoxContentsReader.TaskRow;
import io.boxsync.core.port.Stores;
import io.boxsync.core.port.Transactor;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The read path of opening a Box on PostgreSQL: the same rows as the domain read, a version that follows changes. */
class BoxContentsReaderIT {
    private static final IterationRef SPRINT = new IterationRef(IterationRef.Kind.SPRINT, "7", "Sprint \"7\"");
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

    private static Task task(Connection c, String key, List<IterationRef> iterations, Double points) {
        return new Task(null, c == null ? null : c.id(), c == null ? null : IssueKey.of(key), "Summary ü " + key,
                c == null ? null : "PRJ", "Story", "In Progress", StatusCategory.IN_PROGRESS, "acc-1", "Ann",
                points == null ? null : LocalDate.of(2026, 12, 1), points == null ? null : LocalDate.of(2026, 12, 5),
                points == null ? null : 3600L, points, iterations, List.of("c1"), List.of("l1"),
                c == null || points == null ? null : IssueKey.of("P-1"), null, TaskMode.MANUAL,
                Instant.parse("2026-11-27T10:00:00Z"));
    }

    private static Box box(Connection c, String name) {
        return tx.inTransaction((Stores s) -> s.boxes().create(name, BoxKind.PROGRAM, null, BoxStatus.IN_PROGRESS,
                BoxScope.own(List.of(new BoxScope.Part(c.id(), ScopeQuery.ofProjects("PRJ")))),
                s.users().create("reader-" + name + "-" + c.id().value(), "Owner", false).id(), List.of(),
                TaskMode.AUTO_BASIC));
    }

    private static String version(Box box) {
        return tx.inTransaction((Stores s) -> s.contentsReader().version(box.id()));
    }

    private static List<TaskRow> rows(Stores s, Box box) {
        List<TaskRow> rows = new ArrayList<>();
        s.contentsReader().tasks(box.id(), rows::add);
        return rows;
    }

    @Test
    void theRowsAreTheTasksOfTheBoxInIdOrderAsTheDomainReadShowsThem() {
        Connection c = StoresIT.connection(tx);
        Box box = box(c, "Rows");
        Box other = box(c, "NotThis");
        List<Task> tasks = tx.inTransaction((Stores s) -> s.tasks().insertAll(List.of(
                task(c, "R-1", List.of(SPRINT), 2.5), task(c, "R-2", List.of(), null), task(null, "basic", null, 1.0),
                task(c, "R-3", List.of(SPRINT, new IterationRef(IterationRef.Kind.VERSION, "v1", "")), 0.0))));
        tx.run(s -> s.contents().add(box.id(), tasks.subList(0, 4).stream().map(Task::id).toList()));
        tx.run(s -> s.contents().add(other.id(), List.of(tasks.get(1).id())));

        tx.run(s -> {
            List<TaskRow> expected = s.contents().tasks(box.id()).stream().map(TaskRow::of).toList();
            assertThat(expected).hasSize(4);
            assertThat(rows(s, box)).containsExactlyElementsOf(expected);
            assertThat(rows(s, box)).as("the same as the stores-only reader")
                    .containsExactlyElementsOf(readAll(BoxContentsReader.over(s), box));
        });
    }

    private static List<TaskRow> readAll(BoxContentsReader reader, Box box) {
        List<TaskRow> rows = new ArrayList<>();
        reader.tasks(box.id(), rows::add);
        return rows;
    }

    @Test
    void theVersionStaysWhileNothingChangesAndChangesWithEveryKindOfRowTheContentsShow() {
        Connection c = StoresIT.connection(tx);
        Box box = box(c, "Versions");
        Box other = box(c, "Elsewhere");
        String empty = version(box);
        assertThat(empty).isNotBlank();

        List<Task> tasks = tx.inTransaction((Stores s) -> s.tasks().insertAll(List.of(
                task(c, "V-1", List.of(SPRINT), 1.0), task(c, "V-2", List.of(), 2.0), task(c, "V-3", List.of(), 3.0))));
        List<TaskId> ids = tasks.stream().map(Task::id).toList();
        tx.run(s -> s.contents().add(box.id(), ids));
        String filled = version(box);
        assertThat(filled).isNotEqualTo(empty).isEqualTo(version(box));

        tx.run(s -> s.tasks().updateAll(List.of(tasks.get(1).withDates(LocalDate.of(2027, 1, 4),
                LocalDate.of(2027, 1, 8)))));
        String moved = version(box);
        assertThat(moved).as("a task update").isNotEqualTo(filled);

        tx.run(s -> s.contents().replaceWbs(box.id(), List.of(new WbsNode("n1", null, 0, ids.get(0), null, "V-1"))));
        String withWbs = version(box);
        assertThat(withWbs).as("a WBS node").isNotEqualTo(moved);

        tx.run(s -> s.dependencies().insert(new Dependency(null, ids.get(0), ids.get(1), DependencyType.FS, true, 0,
                null)));
        String linked = version(box);
        assertThat(linked).as("a dependency").isNotEqualTo(withWbs);

        tx.run(s -> s.iterations().upsert(new Iteration(c.id(), SPRINT, LocalDate.of(2026, 12, 1),
                LocalDate.of(2026, 12, 14), "active")));
        String iterated = version(box);
        assertThat(iterated).as("an iteration of the Box's connection").isNotEqualTo(linked);

        String otherBefore = version(other);
        tx.run(s -> s.contents().remove(box.id(), List.of(ids.get(2))));
        assertThat(version(box)).as("a task leaving the Box").isNotEqualTo(iterated);
        assertThat(version(other)).as("another Box's version").isEqualTo(otherBefore);
    }
}
