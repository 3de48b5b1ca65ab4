package io.boxsync.storage;

import io.boxsync.core.domain.BoxId;
import io.boxsync.core.domain.ChangeOrigin;
import io.boxsync.core.domain.SyncRun;
import io.boxsync.core.domain.SyncRunId;
import io.boxsync.core.domain.UserId;
import io.boxsync.core.port.SyncRunStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

final class JdbiSyncRunStore implements SyncRunStore {
    private static final RowMapper<SyncRun> RUN = (rs, ctx) -> {
        Long requester = Rows.nullableLong(rs, "requester_id");
        return new SyncRun(SyncRunId.of(rs.getLong("id")), BoxId.of(rs.getLong("box_id")),
                ChangeOrigin.valueOf(rs.getString("origin")), requester == null ? null : UserId.of(requester),
                Rows.instant(rs, "started_at"), Rows.instant(rs, "finished_at"),
                SyncRun.Outcome.valueOf(rs.getString("outcome")), rs.getString("reason"),
                new SyncRun.Counts(rs.getInt("added"), rs.getInt("updated"), rs.getInt("removed"),
                        rs.getInt("unchanged")),
                rs.getInt("pages_read"), rs.getInt("pages_total"), rs.getBoolean("index_override"));
    };

    private final Handle handle;

    JdbiSyncRunStore(Handle handle) {
        this.handle = handle;
    }

    @Override
    public SyncRun start(BoxId box, ChangeOrigin origin, UserId requester, Instant at, boolean indexOverride) {
        return handle.createQuery("INSERT INTO sync_runs (box_id, origin, requester_id, started_at, outcome,"
                        + " index_override) VALUES (:box, :origin, :requester, :at, 'RUNNING', :override) RETURNING *")
                .bind("box", box.value()).bind("origin", origin.name())
                .bind("requester", requester == null ? null : requester.value())
                .bind("at", Rows.at(at)).bind("override", indexOverride)
                .map(RUN).one();
    }

    @Override
    public void progress(SyncRunId run, int pagesRead, int pagesTotal) {
        check(run, handle.createUpdate("UPDATE sync_runs SET pages_read = :read, pages_total = :total WHERE id = :id")
                .bind("id", run.value()).bind("read", pagesRead).bind("total", pagesTotal).execute());
    }

    @Override
    public void finish(SyncRunId run, SyncRun.Outcome outcome, String reason, SyncRun.Counts counts, Instant at) {
        SyncRun.Counts c = counts == null ? SyncRun.Counts.NONE : counts;
        check(run, handle.createUpdate("UPDATE sync_runs SET outcome = :outcome, reason = :reason, finished_at = :at,"
                        + " added = :added, updated = :updated, removed = :removed, unchanged = :unchanged"
                        + " WHERE id = :id")
                .bind("id", run.value()).bind("outcome", outcome.name()).bind("reason", reason == null ? "" : reason)
                .bind("at", Rows.at(at)).bind("added", c.added()).bind("updated", c.updated())
                .bind("removed", c.removed()).bind("unchanged", c.unchanged()).execute());
    }

    private static void check(SyncRunId run, int rows) {
        if (rows == 0) {
            throw new NoSuchElementException("no sync run " + run);
        }
    }

    @Override
    public Optional<SyncRun> find(SyncRunId run) {
        return handle.createQuery("SELECT * FROM sync_runs WHERE id = :id").bind("id", run.value()).map(RUN).findOne();
    }

    @Override
    public List<SyncRun> recent(BoxId box, int limit) {
        return handle.createQuery("SELECT * FROM sync_runs WHERE box_id = :box ORDER BY id DESC LIMIT :limit")
                .bind("box", box.value()).bind("limit", Math.max(0, limit)).map(RUN).list();
    }

    @Override
    public Optional<SyncRun> running(BoxId box) {
        return handle.createQuery("SELECT * FROM sync_runs WHERE box_id = :box AND origin = 'FULL' AND outcome = 'RUNNING'"
                        + " ORDER BY id DESC LIMIT 1")
                .bind("box", box.value()).map(RUN).findOne();
    }

    @Override
    public Optional<SyncRun> held(BoxId box) {
        return handle.createQuery("SELECT * FROM sync_runs WHERE box_id = :box AND origin = 'FULL'"
                        + " ORDER BY id DESC LIMIT 1")
                .bind("box", box.value()).map(RUN).findOne()
                .filter(run -> run.outcome() == SyncRun.Outcome.HELD);
    }
}
