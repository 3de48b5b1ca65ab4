package io.boxsync.core.wbs;

import io.boxsync.connector.IssueKey;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.core.domain.Task;
import io.boxsync.core.domain.TaskId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the {@link WbsPlanner} needs to know about the tasks of one Box, by lookup, so that placing one changed task
 * costs a few lookups instead of reading the whole Box. The engine may implement it with store queries;
 * {@link #of} indexes tasks held in memory. Answers reflect the state <em>after</em> the change being placed.
 */
public interface BoxTasks {

    /** The Box's task mirroring that issue, if the Box holds it. */
    Optional<Task> byKey(ConnectionId connection, IssueKey key);

    /** The Box's task with that id, if the Box holds it. */
    Optional<Task> byId(TaskId id);

    /** The links of the connection whose inward end is {@code inward}. */
    List<TaskLink> linksInto(ConnectionId connection, IssueKey inward);

    /**
     * The Box's tasks that could nest under the issue: those naming it as parent or epic, and the inward ends of
     * links whose outward end it is.
     */
    List<Task> nestingCandidatesOf(ConnectionId connection, IssueKey key);

    /**
     * An immutable, thread-safe index of tasks held in memory.
     *
     * @throws IllegalArgumentException when a task has no id, or two tasks have the same id or mirror the same issue
     */
    static BoxTasks of(Collection<Task> tasks, Collection<TaskLink> links) {
        record Ref(ConnectionId connection, IssueKey key) {
        }
        Map<Ref, Task> byKey = new HashMap<>();
        Map<TaskId, Task> byId = new HashMap<>();
        Map<Ref, List<TaskLink>> into = new HashMap<>();
        Map<Ref, Set<Task>> candidates = new HashMap<>();
        for (Task task : tasks) {
            if (task.id() == null) {
                throw new IllegalArgumentException("the WBS places stored tasks only; this one has no id: " + task.key());
            }
            if (byId.put(task.id(), task) != null) {
                throw new IllegalArgumentException("task " + task.id() + " is listed twice");
            }
            if (task.key() != null) {
                Task other = byKey.put(new Ref(task.connection(), task.key()), task);
                if (other != null) {
                    throw new IllegalArgumentException("tasks " + other.id() + " and " + task.id()
                            + " both mirror issue " + task.key() + " of connection " + task.connection());
                }
            }
        }
        for (Task task : tasks) {
            if (task.key() == null) {
                continue;
            }
            if (task.parentKey() != null) {
                candidates.computeIfAbsent(new Ref(task.connection(), task.parentKey()), r -> new LinkedHashSet<>()).add(task);
            }
            if (task.epicKey() != null) {
                candidates.computeIfAbsent(new Ref(task.connection(), task.epicKey()), r -> new LinkedHashSet<>()).add(task);
            }
        }
        for (TaskLink link : links) {
            into.computeIfAbsent(new Ref(link.connection(), link.inward()), r -> new ArrayList<>()).add(link);
            Task inward = byKey.get(new Ref(link.connection(), link.inward()));
            if (inward != null) {
                candidates.computeIfAbsent(new Ref(link.connection(), link.outward()), r -> new LinkedHashSet<>()).add(inward);
            }
        }
        return new BoxTasks() {
            @Override
            public Optional<Task> byKey(ConnectionId connection, IssueKey key) {
                return Optional.ofNullable(byKey.get(new Ref(connection, key)));
            }

            @Override
            public Optional<Task> byId(TaskId id) {
                return Optional.ofNullable(byId.get(id));
            }

            @Override
            public List<TaskLink> linksInto(ConnectionId connection, IssueKey inward) {
                return into.getOrDefault(new Ref(connection, inward), List.of());
            }

            @Override
            public List<Task> nestingCandidatesOf(ConnectionId connection, IssueKey key) {
                return List.copyOf(candidates.getOrDefault(new Ref(connection, key), Set.of()));
            }
        };
    }
}
