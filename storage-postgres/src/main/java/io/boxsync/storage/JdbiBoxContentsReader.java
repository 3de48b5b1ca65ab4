package io.boxsync.storage;

import com.fasterxml.jackson.core.type.TypeReference;
import io.boxsync.connector.IterationRef;
import io.boxsync.core.domain.BoxId;
import io.boxsync.core.port.BoxContentsReader;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;

/**
 * One query for a Box's tasks with only the columns the contents show, rows handed on as they are read; and the
 * contents version from the row versions PostgreSQL keeps anyway ({@code xmin}, the transaction that wrote the row):
 * every insert or update gives a row a new {@code xmin} and every delete removes an id, so a digest of the
 * (id, xmin) pairs of the rows the contents show changes with any committed change to them, without reading their
 * columns.
 */
final class JdbiBoxContentsReader implements BoxContentsReader {
    private static final TypeReference<List<IterationRef>> ITERATIONS = new TypeReference<>() { };

    private static final String TASKS = "SELECT t.id, t.connection_id, t.issue_key, t.summary, t.project_key,"
            + " t.issue_type, t.status, t.status_category, t.assignee_id, t.assignee_name, t.start_date, t.end_date,"
            + " t.estimate_seconds, t.story_points, t.iterations::text AS iterations, t.parent_key, t.epic_key, t.mode"
            + " FROM box_tasks b JOIN tasks t ON t.id = b.task_id WHERE b.box_id = :box ORDER BY t.id";

    /**
     * Per kind of row the contents show: how many, and the sum of a 64-bit hash of each row's identity seeded with its
     * {@code xmin}. Sums need no sorting; a changed row changes its term (up to a 2^-64 chance), a deleted or added row
     * the count.
     */
    private static final String VERSION = "SELECT md5(concat_ws('|',"
            + " (SELECT count(*) || ':' || coalesce(sum(hashint8extended(t.id, t.xmin::text::bigint)), 0)"
            + "    FROM box_tasks b JOIN tasks t ON t.id = b.task_id WHERE b.box_id = :box),"
            + " (SELECT count(*) || ':' || coalesce(sum(hashtextextended(w.node_id, w.xmin::text::bigint)), 0)"
            + "    FROM wbs_nodes w WHERE w.box_id = :box),"
            + " (SELECT count(*) || ':' || coalesce(sum(hashint8extended(d.id, d.xmin::text::bigint)), 0)"
            + "    FROM dependencies d"
            + "    JOIN box_tasks f ON f.task_id = d.from_task_id AND f.box_id = :box"
            + "    JOIN box_tasks o ON o.task_id = d.to_task_id AND o.box_id = :box),"
            + " (SELECT count(*) || ':' || coalesce(sum(hashtextextended(i.connection_id || ':' || i.kind || ':'"
            + "    || i.remote_id, i.xmin::text::bigint)), 0) FROM iterations i WHERE i.connection_id IN"
            + "    (SELECT t.connection_id FROM box_tasks b JOIN tasks t ON t.id = b.task_id WHERE b.box_id = :box))"
            + "))";

    private final Handle handle;

    JdbiBoxContentsReader(Handle handle) {
        this.handle = handle;
    }

    @Override
    public String version(BoxId box) {
        return handle.createQuery(VERSION).bind("box", box.value()).mapTo(String.class).one();
    }

    @Override
    public void tasks(BoxId box, Consumer<TaskRow> each) {
        // a Box's tasks share few distinct iteration lists: parse each distinct text once
        Map<String, List<IterationRef>> iterations = new HashMap<>();
        handle.createQuery(TASKS).bind("box", box.value()).setFetchSize(1_000)
                .map((rs, ctx) -> row(rs, iterations)).forEach(each);
    }

    private static TaskRow row(ResultSet rs, Map<String, List<IterationRef>> iterations) throws SQLException {
        String iterationText = rs.getString("iterations");
        List<IterationRef> refs = iterations.computeIfAbsent(iterationText,
                text -> "[]".equals(text) ? List.of() : List.copyOf(JsonCodec.read(text, ITERATIONS)));
        return new TaskRow(rs.getLong("id"), Rows.nullableLong(rs, "connection_id"), key(rs, "issue_key"),
                rs.getString("summary"), rs.getString("project_key"), rs.getString("issue_type"),
                rs.getString("status"), rs.getString("status_category"), rs.getString("assignee_id"),
                rs.getString("assignee_name"), rs.getObject("start_date", LocalDate.class),
                rs.getObject("end_date", LocalDate.class), Rows.nullableLong(rs, "estimate_seconds"),
                Rows.nullableDouble(rs, "story_points"), refs, key(rs, "parent_key"), key(rs, "epic_key"),
                rs.getString("mode"));
    }

    /** As {@link JdbiTaskStore} reads a key: blank is no key. */
    private static String key(ResultSet rs, String column) throws SQLException {
        String value = rs.getString(column);
        return value == null || value.isBlank() ? null : value;
    }
}
