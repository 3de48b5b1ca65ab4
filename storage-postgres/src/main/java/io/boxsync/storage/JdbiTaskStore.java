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
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.SqlStatement;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Tasks; bulk inserts and updates go through JDBC batches, and an update that changes nothing writes nothing. */
final class JdbiTaskStore implements TaskStore {
    private static final int CHUNK = 1000;
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

    private static final String INSERT = "INSERT INTO tasks (id, " + COLUMNS + ") VALUES (:id, :connection, :key,"
            + " :summary, :project, :type, :status, :category, :assigneeId, :assigneeName, :start, :end, :estimate,"
            + " :points, CAST(:iterations AS jsonb), :components, :labels, :parent, :epic, :mode, :updated)";

    private static final String UPDATE = "UPDATE tasks SET connection_id = :connection, issue_key = :key,"
            + " summary = :summary, project_key = :project, issue_type = :type, status = :status,"
            + " status_category = :category, assignee_id = :assigneeId, assignee_name = :assigneeName,"
            + " start_date = :start, end_date = :end, estimate_seconds = :estimate, story_points = :points,"
            + " iterations = CAST(:iterations AS jsonb), components = :components, labels = :labels,"
            + " parent_key = :parent, epic_key = :epic, mode = :mode, remote_updated = :updated"
            + " WHERE id = :id AND (connection_id IS DISTINCT FROM :connection OR issue_key IS DISTINCT FROM :key"
            + " OR summary IS DISTINCT FROM :summary OR project_key IS DISTINCT FROM :project"
            + " OR issue_type IS DISTINCT FROM :type OR status IS DISTINCT FROM :status"
            + " OR status_category IS DISTINCT FROM :category OR assignee_id IS DISTINCT FROM :assigneeId"
            + " OR assignee_name IS DISTINCT FROM :assigneeName OR start_date IS DISTINCT FROM CAST(:start AS date)"
            + " OR end_date IS DISTINCT FROM CAST(:end AS date) OR estimate_seconds IS DISTINCT FROM CAST(:estimate AS bigint)"
            + " OR story_points IS DISTINCT FROM CAST(:points AS double precision)"
            + " OR iterations IS DISTINCT FROM CAST(:iterations AS jsonb)"
            + " OR components IS DISTINCT FROM CAST(:components AS text[]) OR labels IS DISTINCT FROM CAST(:labels AS text[])"
            + " OR parent_key IS DISTINCT FROM :parent OR epic_key IS DISTINCT FROM :epic OR mode IS DISTINCT FROM :mode"
            + " OR remote_updated IS DISTINCT FROM CAST(:updated AS timestamptz))";

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
            PreparedBatch batch = handle.prepareBatch(sql);
            for (Task task : tasks.subList(from, Math.min(tasks.size(), from + CHUNK))) {
                bind(batch, task).add();
            }
            batch.execute();
        }
    }

    private static <S extends SqlStatement<S>> S bind(S statement, Task task) {
        return statement
                .bind("id", task.id().value())
                .bind("connection", task.connection() == null ? null : task.connection().value())
                .bind("key", text(task.key()))
                .bind("summary", task.summary())
                .bind("project", task.projectKey())
                .bind("type", task.issueType())
                .bind("status", task.status())
                .bind("category", task.statusCategory().name())
                .bind("assigneeId", task.assigneeId())
                .bind("assigneeName", task.assigneeName())
                .bindByType("start", task.start(), java.time.LocalDate.class)
                .bindByType("end", task.end(), java.time.LocalDate.class)
                .bind("estimate", task.estimateSeconds())
                .bind("points", task.storyPoints())
                .bind("iterations", JsonCodec.write(task.iterations()))
                .bind("components", task.components().toArray(String[]::new))
                .bind("labels", task.labels().toArray(String[]::new))
                .bind("parent", text(task.parentKey()))
                .bind("epic", text(task.epicKey()))
                .bind("mode", task.mode().name())
                .bindByType("updated", Rows.at(task.remoteUpdated()), java.time.OffsetDateTime.class);
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
