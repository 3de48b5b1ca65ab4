package io.boxsync.storage;

import com.fasterxml.jackson.core.type.TypeReference;
import io.boxsync.connector.IssueKey;
import io.boxsync.connector.IterationRef;
import io.boxsync.connector.StatusCategory;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.core.domain.Task;
import io.boxsync.core.domain.TaskId;
import io.boxsync.core.domain.TaskMode;
import io.boxsync.core.port.TaskStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Update;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Tasks. Bulk inserts and updates send each chunk as one statement over column arrays (far fewer round trips and
 * plans than row batches), and an update whose values equal the stored ones writes nothing.
 */
final class JdbiTaskStore implements TaskStore {
    private static final int CHUNK = 5000;
    private static final TypeReference<List<IterationRef>> ITERATIONS = new TypeReference<>() { };

    static final String COLUMNS = "connection_id, issue_key, summary, project_key, issue_type, status, status_category,"
            + " assignee_id, assignee_name, start_date, end_date, estimate_seconds, story_points, iterations,"
            + " components, labels, parent_key, epic_key, mode, remote_updated";

    static final RowMapper<Task> TASK = (rs, ctx) -> {
        Long connection = Rows.nullableLong(rs, "connection_id");
        return new Task(TaskId.of(rs.getLong("id")), connection == null ? null : ConnectionId.of(connection),
                key(rs.getString("issue_key")), rs.getString("summary"), rs.getString("project_key"),
                rs.getString("issue_type"), rs.getString("status"),
                StatusCategory.valueOf(rs.getString("status_category")), rs.getString("assignee_id"),
                rs.getString("assignee_name"), Rows.date(rs, "start_date"), Rows.date(rs, "end_date"),
                Rows.nullableLong(rs, "estimate_seconds"), Rows.nullableDouble(rs, "story_points"),
                JsonCodec.read(rs.getString("iterations"), ITERATIONS), Rows.strings(rs, "components"),
                Rows.strings(rs, "labels"), key(rs.getString("parent_key")), key(rs.getString("epic_key")),
                TaskMode.valueOf(rs.getString("mode")), Rows.instant(rs, "remote_updated"));
    };

    /** The new values as a relation: one array per column, unnested together (one statement per chunk). */
    private static final String INCOMING = "SELECT u.id, u.connection_id, u.issue_key, u.summary, u.project_key,"
            + " u.issue_type, u.status, u.status_category, u.assignee_id, u.assignee_name, u.start_date, u.end_date,"
            + " u.estimate_seconds, u.story_points, u.iterations,"
            + " ARRAY(SELECT jsonb_array_elements_text(u.components)) AS components,"
            + " ARRAY(SELECT jsonb_array_elements_text(u.labels)) AS labels,"
            + " u.parent_key, u.epic_key, u.mode, u.remote_updated"
            + " FROM unnest(CAST(:id AS bigint[]), CAST(:connection AS bigint[]), CAST(:key AS text[]),"
            + " CAST(:summary AS text[]), CAST(:project AS text[]), CAST(:type AS text[]), CAST(:status AS text[]),"
            + " CAST(:category AS text[]), CAST(:assigneeId AS text[]), CAST(:assigneeName AS text[]),"
            + " CAST(:start AS date[]), CAST(:end AS date[]), CAST(:estimate AS bigint[]),"
            + " CAST(:points AS double precision[]), CAST(:iterations AS jsonb[]), CAST(:components AS jsonb[]),"
            + " CAST(:labels AS jsonb[]), CAST(:parent AS text[]), CAST(:epic AS text[]), CAST(:mode AS text[]),"
            + " CAST(:updated AS timestamptz[]))"
            + " AS u(id, connection_id, issue_key, summary, project_key, issue_type, status, status_category,"
            + " assignee_id, assignee_name, start_date, end_date, estimate_seconds, story_points, iterations,"
            + " components, labels, parent_key, epic_key, mode, remote_updated)";

    private static final String INSERT = "INSERT INTO tasks (id, " + COLUMNS + ") " + INCOMING;

    private static final String UPDATE = "UPDATE tasks t SET connection_id = n.connection_id,"
            + " issue_key = n.issue_key, summary = n.summary, project_key = n.project_key, issue_type = n.issue_type,"
            + " status = n.status, status_category = n.status_category, assignee_id = n.assignee_id,"
            + " assignee_name = n.assignee_name, start_date = n.start_date, end_date = n.end_date,"
            + " estimate_seconds = n.estimate_seconds, story_points = n.story_points, iterations = n.iterations,"
            + " components = n.components, labels = n.labels, parent_key = n.parent_key, epic_key = n.epic_key,"
            + " mode = n.mode, remote_updated = n.remote_updated"
            + " FROM (" + INCOMING + ") n WHERE t.id = n.id AND (" + COLUMNS.replaceAll("(\\w+)", "t.$1")
            + ") IS DISTINCT FROM (" + COLUMNS.replaceAll("(\\w+)", "n.$1") + ")";

    private final Handle handle;

    JdbiTaskStore(Handle handle) {
        this.handle = handle;
    }

    @Override
    public List<Task> insertAll(List<Task> tasks) {
        if (tasks.isEmpty()) {
            return List.of();
        }
        List<Long> ids = handle.createQuery("SELECT nextval(pg_get_serial_sequence('tasks', 'id'))"
                        + " FROM generate_series(1, :n)")
                .bind("n", tasks.size()).mapTo(Long.class).list();
        List<Task> stored = new ArrayList<>(tasks.size());
        for (int i = 0; i < tasks.size(); i++) {
            Task task = Objects.requireNonNull(tasks.get(i), "task");
            if (task.id() != null) {
                throw new IllegalArgumentException("a new task has no id yet: " + task.id());
            }
            stored.add(task.withId(TaskId.of(ids.get(i))));
        }
        runBatches(INSERT, stored);
        return stored;
    }

    @Override
    public void updateAll(List<Task> tasks) {
        for (Task task : tasks) {
            if (task.id() == null) {
                throw new IllegalArgumentException("only stored tasks (with ids) can be updated");
            }
        }
        runBatches(UPDATE, tasks);
    }

    private void runBatches(String sql, List<Task> tasks) {
        for (int from = 0; from < tasks.size(); from += CHUNK) {
            List<Task> chunk = tasks.subList(from, Math.min(tasks.size(), from + CHUNK));
            Map<String, List<String>> columns = new LinkedHashMap<>();
            for (Task task : chunk) {
                column(columns, "id", task.id().value());
                column(columns, "connection", task.connection() == null ? null : task.connection().value());
                column(columns, "key", text(task.key()));
                column(columns, "summary", task.summary());
                column(columns, "project", task.projectKey());
                column(columns, "type", task.issueType());
                column(columns, "status", task.status());
                column(columns, "category", task.statusCategory().name());
                column(columns, "assigneeId", task.assigneeId());
                column(columns, "assigneeName", task.assigneeName());
                column(columns, "start", task.start());
                column(columns, "end", task.end());
                column(columns, "estimate", task.estimateSeconds());
                column(columns, "points", task.storyPoints());
                column(columns, "iterations", JsonCodec.write(task.iterations()));
                column(columns, "components", JsonCodec.write(task.components()));
                column(columns, "labels", JsonCodec.write(task.labels()));
                column(columns, "parent", text(task.parentKey()));
                column(columns, "epic", text(task.epicKey()));
                column(columns, "mode", task.mode().name());
                column(columns, "updated", task.remoteUpdated());
            }
            Update statement = handle.createUpdate(sql);
            columns.forEach((name, values) -> statement.bindArray(name, String.class, values));
            statement.execute();
        }
    }

    /** Every value travels as text and is cast by PostgreSQL, so one array type serves every column. */
    private static void column(Map<String, List<String>> columns, String name, Object value) {
        columns.computeIfAbsent(name, k -> new ArrayList<>()).add(value == null ? null : value.toString());
    }

    @Override
    public void deleteAll(Collection<TaskId> ids) {
        if (ids.isEmpty()) {
            return;
        }
        handle.createUpdate("DELETE FROM tasks WHERE id = ANY(:ids)")
                .bindArray("ids", Long.class, ids.stream().map(TaskId::value).toList()).execute();
    }

    @Override
    public Optional<Task> find(TaskId id) {
        return handle.createQuery("SELECT * FROM tasks WHERE id = :id").bind("id", id.value()).map(TASK).findOne();
    }

    @Override
    public List<Task> findAll(Collection<TaskId> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return handle.createQuery("SELECT * FROM tasks WHERE id = ANY(:ids) ORDER BY id")
                .bindArray("ids", Long.class, ids.stream().map(TaskId::value).toList()).map(TASK).list();
    }

    @Override
    public Optional<Task> findByKey(ConnectionId connection, IssueKey key) {
        return handle.createQuery("SELECT * FROM tasks WHERE connection_id = :connection AND issue_key = :key")
                .bind("connection", connection.value()).bind("key", key.value()).map(TASK).findOne();
    }

    @Override
    public Map<IssueKey, Task> findByKeys(ConnectionId connection, Collection<IssueKey> keys) {
        Map<IssueKey, Task> found = new LinkedHashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        handle.createQuery("SELECT * FROM tasks WHERE connection_id = :connection AND issue_key = ANY(:keys)")
                .bind("connection", connection.value())
                .bindArray("keys", String.class, keys.stream().map(IssueKey::value).toList())
                .map(TASK).forEach(task -> found.put(task.key(), task));
        return found;
    }

    private static IssueKey key(String value) {
        return value == null || value.isBlank() ? null : IssueKey.of(value);
    }

    private static String text(IssueKey key) {
        return key == null ? null : key.value();
    }
}
