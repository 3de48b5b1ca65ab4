package io.boxsync.core.port;

import io.boxsync.connector.IssueKey;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.core.domain.Task;
import io.boxsync.core.domain.TaskId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Tasks, one row per task whatever the number of Boxes holding it. */
public interface TaskStore {

    /** Stores new tasks (ids {@code null}) and returns them with their ids, in the same order. */
    List<Task> insertAll(List<Task> tasks);

    /** Replaces the stored fields of each task (ids set). */
    void updateAll(List<Task> tasks);

    /** Deletes tasks; their Box contents, WBS nodes and dependencies go with them. */
    void deleteAll(Collection<TaskId> ids);

    Optional<Task> find(TaskId id);

    List<Task> findAll(Collection<TaskId> ids);

    Optional<Task> findByKey(ConnectionId connection, IssueKey key);

    /** The tasks mirroring those keys of that connection, by key; missing keys are absent. */
    Map<IssueKey, Task> findByKeys(ConnectionId connection, Collection<IssueKey> keys);
}
