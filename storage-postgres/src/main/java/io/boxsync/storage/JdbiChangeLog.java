package io.boxsync.storage;

import io.boxsync.core.domain.Author;
import io.boxsync.core.domain.AuthorKind;
import io.boxsync.core.domain.BoxId;
import io.boxsync.core.domain.Change;
import io.boxsync.core.domain.ChangeId;
import io.boxsync.core.domain.ChangeKind;
import io.boxsync.core.domain.ChangeOrigin;
import io.boxsync.core.domain.SyncRunId;
import io.boxsync.core.domain.TaskId;
import io.boxsync.core.domain.UserId;
import io.boxsync.core.port.ChangeLog;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Update;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

final class JdbiChangeLog implements ChangeLog {
    private static final RowMapper<Change> CHANGE = (rs, ctx) -> {
        Long box = Rows.nullableLong(rs, "box_id");
        Long task = Rows.nullableLong(rs, "task_id");
        Long authorUser = Rows.nullableLong(rs, "author_user_id");
        Long requester = Rows.nullableLong(rs, "requester_id");
        Long run = Rows.nullableLong(rs, "run_id");
        Author author = new Author(AuthorKind.valueOf(rs.getString("author_kind")),
                authorUser == null ? null : UserId.of(authorUser), rs.getString("author_remote_account"),
                rs.getString("author_name"));
        return new Change(ChangeId.of(rs.getLong("id")), Rows.instant(rs, "at"),
                ChangeOrigin.valueOf(rs.getString("origin")), ChangeKind.valueOf(rs.getString("kind")),
                box == null ? null : BoxId.of(box), task == null ? null : TaskId.of(task), rs.getString("field"),
                rs.getString("old_value"), rs.getString("new_value"), author,
                requester == null ? null : UserId.of(requester), run == null ? null : SyncRunId.of(run),
                rs.getString("cause"));
    };

    private final Handle handle;

    JdbiChangeLog(Handle handle) {
        this.handle = handle;
    }

    /** One statement per chunk: every column travels as one text array, unnested in order (ids follow it). */
    private static final String APPEND = "INSERT INTO changes (at, origin, kind, box_id, task_id, field, old_value,"
            + " new_value, author_kind, author_user_id, author_remote_account, author_name, requester_id, run_id,"
            + " cause) SELECT u.at, u.origin, u.kind, u.box_id, u.task_id, u.field, u.old_value, u.new_value,"
            + " u.author_kind, u.author_user_id, u.author_remote_account, u.author_name, u.requester_id, u.run_id,"
            + " u.cause FROM unnest(CAST(:at AS timestamptz[]), CAST(:origin AS text[]), CAST(:kind AS text[]),"
            + " CAST(:box AS bigint[]), CAST(:task AS bigint[]), CAST(:field AS text[]), CAST(:old AS text[]),"
            + " CAST(:new AS text[]), CAST(:authorKind AS text[]), CAST(:authorUser AS bigint[]),"
            + " CAST(:authorAccount AS text[]), CAST(:authorName AS text[]), CAST(:requester AS bigint[]),"
            + " CAST(:run AS bigint[]), CAST(:cause AS text[])) WITH ORDINALITY AS u(at, origin, kind, box_id,"
            + " task_id, field, old_value, new_value, author_kind, author_user_id, author_remote_account, author_name,"
            + " requester_id, run_id, cause, ord) ORDER BY u.ord";
    private static final int CHUNK = 5000;

    @Override
    public void append(List<Change> changes) {
        for (int from = 0; from < changes.size(); from += CHUNK) {
            Map<String, List<String>> columns = new LinkedHashMap<>();
            for (Change c : changes.subList(from, Math.min(changes.size(), from + CHUNK))) {
                if (c.id() != null) {
                    throw new IllegalArgumentException("an appended change has no id yet: " + c.id());
                }
                column(columns, "at", c.at());
                column(columns, "origin", c.origin().name());
                column(columns, "kind", c.kind().name());
                column(columns, "box", c.box() == null ? null : c.box().value());
                column(columns, "task", c.task() == null ? null : c.task().value());
                column(columns, "field", c.field());
                column(columns, "old", c.oldValue());
                column(columns, "new", c.newValue());
                column(columns, "authorKind", c.author().kind().name());
                column(columns, "authorUser", c.author().user() == null ? null : c.author().user().value());
                column(columns, "authorAccount", c.author().remoteAccountId());
                column(columns, "authorName", c.author().displayName());
                column(columns, "requester", c.requester() == null ? null : c.requester().value());
                column(columns, "run", c.run() == null ? null : c.run().value());
                column(columns, "cause", c.cause());
            }
            Update statement = handle.createUpdate(APPEND);
            columns.forEach((name, values) -> statement.bindArray(name, String.class, values));
            statement.execute();
        }
    }

    private static void column(Map<String, List<String>> columns, String name, Object value) {
        columns.computeIfAbsent(name, k -> new ArrayList<>()).add(value == null ? null : value.toString());
    }

    @Override
    public List<Change> ofBox(BoxId box, int limit, Optional<ChangeId> before) {
        long upper = before.map(ChangeId::value).orElse(Long.MAX_VALUE);
        return handle.createQuery("SELECT * FROM ("
                        + " (SELECT * FROM changes WHERE box_id = :box AND id < :before ORDER BY id DESC LIMIT :limit)"
                        + " UNION ALL"
                        + " (SELECT c.* FROM changes c JOIN box_tasks b ON b.task_id = c.task_id AND b.box_id = :box"
                        + "  WHERE c.box_id IS NULL AND c.id < :before ORDER BY c.id DESC LIMIT :limit)"
                        + ") history ORDER BY id DESC LIMIT :limit")
                .bind("box", box.value()).bind("before", upper).bind("limit", Math.max(0, limit))
                .map(CHANGE).list();
    }

    @Override
    public List<Change> ofTask(TaskId task, int limit, Optional<ChangeId> before) {
        long upper = before.map(ChangeId::value).orElse(Long.MAX_VALUE);
        return handle.createQuery("SELECT * FROM changes WHERE task_id = :task AND id < :before"
                        + " ORDER BY id DESC LIMIT :limit")
                .bind("task", task.value()).bind("before", upper).bind("limit", Math.max(0, limit))
                .map(CHANGE).list();
    }
}
