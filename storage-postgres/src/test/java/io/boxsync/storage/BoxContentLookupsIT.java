package io.boxsync.storage;

import io.boxsync.connector.IssueKey;
import io.boxsync.connector.IterationRef;
import io.boxsync.connector.ScopeQuery;
import io.boxsync.core.domain.Box;
import io.boxsync.core.domain.BoxKind;
import io.boxsync.core.domain.BoxScope;
import io.boxsync.core.domain.BoxStatus;
import io.boxsync.core.domain.Connection;
import io.boxsync.connector.StatusCategory;
import io.boxsync.core.domain.Task;
import io.boxsync.core.domain.TaskId;
import io.boxsync.core.domain.TaskMode;
import io.boxsync.core.domain.WbsBuilder;
import io.boxsync.core.domain.WbsNode;
import io.boxsync.core.port.Stores;
import io.boxsync.core.port.Transactor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The targeted Box-content lookups partial sync uses instead of reading the whole Box. */
class BoxContentLookupsIT {
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

    private static Task task(Connection c, String key, String parent, String epic) {
        return new Task(null, c.id(), IssueKey.of(key), "Summary " + key, "PRJ", "Story", "In Progress",
                StatusCategory.IN_PROGRESS, null, null, LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 5),
                null, null, List.<IterationRef>of(), List.of(), List.of(), parent == null ? null : IssueKey.of(parent),
                epic == null ? null : IssueKey.of(epic), TaskMode.AUTO_BASIC, Instant.parse("2026-11-27T10:00:00Z"));
    }

    private static Box box(Connection c, String name) {
        return tx.inTransaction((Stores s) -> s.boxes().create(name, BoxKind.PROGRAM, null, BoxStatus.IN_PROGRESS,
                BoxScope.own(List.of(new BoxScope.Part(c.id(), ScopeQuery.ofProjects("PRJ")))),
                s.users().create("owner-" + name + "-" + c.id().value(), "Owner", false).id(), List.of(),
                TaskMode.AUTO_BASIC));
    }

    @Test
    void holdsTasksAmongAndTasksNamingAnswerForOneBoxOnly() {
        Connection c = StoresIT.connection(tx);
        Box box = box(c, "Lookups");
        Box other = box(c, "Other");
        List<Task> tasks = tx.inTransaction((Stores s) -> s.tasks().insertAll(List.of(
                task(c, "L-1", null, null), task(c, "L-2", "L-1", null), task(c, "L-3", null, "L-1"),
                task(c, "L-4", "L-1", null), task(c, "L-5", null, null))));
        List<TaskId> ids = tasks.stream().map(Task::id).toList();
        tx.run(s -> s.contents().add(box.id(), ids.subList(0, 3)));
        tx.run(s -> s.contents().add(other.id(), ids.subList(3, 5)));

        assertThat(tx.inTransaction((Stores s) -> s.contents().holds(box.id(), ids.get(0)))).isTrue();
        assertThat(tx.inTransaction((Stores s) -> s.contents().holds(box.id(), ids.get(3)))).isFalse();
        assertThat(tx.inTransaction((Stores s) -> s.contents().tasksAmong(box.id(), List.of(ids.get(2), ids.get(0),
                ids.get(4))))).containsExactly(tasks.get(0), tasks.get(2));
        assertThat(tx.inTransaction((Stores s) -> s.contents().tasksAmong(box.id(), List.of()))).isEmpty();
        assertThat(tx.inTransaction((Stores s) -> s.contents().tasksNaming(box.id(), c.id(), IssueKey.of("L-1"))))
                .as("children by parent or epic, in this Box only").containsExactly(tasks.get(1), tasks.get(2));
        assertThat(tx.inTransaction((Stores s) -> s.contents().tasksNaming(other.id(), c.id(), IssueKey.of("L-1"))))
                .containsExactly(tasks.get(3));
        assertThat(tx.inTransaction((Stores s) -> s.contents().tasksNaming(box.id(), c.id(), IssueKey.of("L-9"))))
                .isEmpty();
        assertThat(tx.inTransaction((Stores s) -> s.contents().tasksNamingAny(box.id(), c.id(),
                List.of(IssueKey.of("L-1"), IssueKey.of("L-9"))))).containsExactly(tasks.get(1), tasks.get(2));
        assertThat(tx.inTransaction((Stores s) -> s.contents().tasksNamingAny(box.id(), c.id(), List.of())))
                .isEmpty();
    }

    @Test
    void wbsNodesOfTasksNodesByIdAndChildrenAnswerForOneBoxOnly() {
        Connection c = StoresIT.connection(tx);
        Box box = box(c, "Wbs");
        Box other = box(c, "Wbs other");
        List<Task> tasks = tx.inTransaction((Stores s) -> s.tasks().insertAll(List.of(
                task(c, "W-1", null, null), task(c, "W-2", "W-1", null), task(c, "W-3", "W-1", null))));
        List<TaskId> ids = tasks.stream().map(Task::id).toList();
        WbsNode group = new WbsNode("g:PROJECT:PRJ", null, 0, null, WbsBuilder.Kind.PROJECT, "PRJ");
        WbsNode top = new WbsNode(WbsNode.taskNodeId(ids.get(0)), group.nodeId(), 0, ids.get(0), null, "W-1");
        WbsNode first = new WbsNode(WbsNode.taskNodeId(ids.get(1)), top.nodeId(), 0, ids.get(1), null, "W-2");
        WbsNode second = new WbsNode(WbsNode.taskNodeId(ids.get(2)), top.nodeId(), 1, ids.get(2), null, "W-3");
        tx.run(s -> {
            s.contents().add(box.id(), ids);
            s.contents().add(other.id(), ids);
            s.contents().replaceWbs(box.id(), List.of(group, top, first, second));
            s.contents().replaceWbs(other.id(), List.of(new WbsNode(top.nodeId(), null, 0, ids.get(0), null, "W-1")));
        });

        assertThat(tx.inTransaction((Stores s) -> s.contents().wbsNodesOfTasks(box.id(), List.of(ids.get(0),
                ids.get(2))))).containsExactlyInAnyOrder(top, second);
        assertThat(tx.inTransaction((Stores s) -> s.contents().wbsNodes(box.id(), List.of(group.nodeId(), "t:0"))))
                .containsExactly(group);
        assertThat(tx.inTransaction((Stores s) -> s.contents().wbsChildren(box.id(), List.of(top.nodeId()))))
                .containsExactlyInAnyOrder(first, second);
        assertThat(tx.inTransaction((Stores s) -> s.contents().wbsChildren(other.id(), List.of(top.nodeId()))))
                .isEmpty();
        assertThat(tx.inTransaction((Stores s) -> s.contents().wbsNodesOfTasks(box.id(), List.of()))).isEmpty();
    }
}
