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
import org.jdbi.v3.core.statement.PreparedBatch;

import java.util.List;
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

    @Override
    public void append(List<Change> changes) {
        for (int from = 0; from < changes.size(); from += 1000) {
            PreparedBatch batch = handle.prepareBatch("INSERT INTO changes (at, origin, kind, box_id, task_id, field,"
                    + " old_value, new_value, author_kind, author_user_id, author_remote_account, author_name,"
                    + " requester_id, run_id, cause) VALUES (:at, :origin, :kind, :box, :task, :field, :old, :new,"
                    + " :authorKind, :authorUser, :authorAccount, :authorName, :requester, :run, :cause)");
            for (Change c : changes.subList(from, Math.min(changes.size(), from + 1000))) {
                if (c.id() != null) {
                    throw new IllegalArgumentException("an appended change has no id yet: " + c.id());
                }
                batch.bind("at", Rows.at(c.at())).bind("origin", c.origin().name()).bind("kind", c.kind().name())
                        .bind("box", c.box() == null ? null : c.box().value())
                        .bind("task", c.task() == null ? null : c.task().value())
                        .bind("field", c.field()).bind("old", c.oldValue()).bind("new", c.newValue())
                        .bind("authorKind", c.author().kind().name())
                        .bind("authorUser", c.author().user() == null ? null : c.author().user().value())
                        .bind("authorAccount", c.author().remoteAccountId())
                        .bind("authorName", c.author().displayName())
                        .bind("requester", c.requester() == null ? null : c.requester().value())
                        .bind("run", c.run() == null ? null : c.run().value())
                        .bind("cause", c.cause()).add();
            }
            batch.execute();
        }
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
