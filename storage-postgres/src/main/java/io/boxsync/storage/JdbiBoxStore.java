package io.boxsync.storage;

import com.fasterxml.jackson.core.type.TypeReference;
import io.boxsync.core.domain.Box;
import io.boxsync.core.domain.BoxId;
import io.boxsync.core.domain.BoxKind;
import io.boxsync.core.domain.BoxRole;
import io.boxsync.core.domain.BoxScope;
import io.boxsync.core.domain.BoxStatus;
import io.boxsync.core.domain.FlagReason;
import io.boxsync.core.domain.SyncState;
import io.boxsync.core.domain.TaskMode;
import io.boxsync.core.domain.UserId;
import io.boxsync.core.domain.WbsBuilder;
import io.boxsync.core.port.BoxStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

final class JdbiBoxStore implements BoxStore {
    private static final TypeReference<List<WbsBuilder>> BUILDERS = new TypeReference<>() { };
    private static final RowMapper<Box> BOX = (rs, ctx) -> {
        Long parent = Rows.nullableLong(rs, "parent_id");
        Long owner = Rows.nullableLong(rs, "scope_owner_id");
        String reason = rs.getString("flag_reason");
        return new Box(BoxId.of(rs.getLong("id")), rs.getString("name"), BoxKind.valueOf(rs.getString("kind")),
                parent == null ? null : BoxId.of(parent), BoxStatus.valueOf(rs.getString("status")),
                JsonCodec.read(rs.getString("scope"), BoxScope.class), owner == null ? null : UserId.of(owner),
                JsonCodec.read(rs.getString("builders"), BUILDERS), TaskMode.valueOf(rs.getString("default_task_mode")),
                new SyncState(rs.getBoolean("flagged"), reason == null ? null : FlagReason.valueOf(reason),
                        Rows.instant(rs, "last_full_sync"), Rows.instant(rs, "last_visited")));
    };

    private final Handle handle;

    JdbiBoxStore(Handle handle) {
        this.handle = handle;
    }

    @Override
    public Box create(String name, BoxKind kind, BoxId parent, BoxStatus status, BoxScope scope, UserId scopeOwner,
                      List<WbsBuilder> builders, TaskMode defaultTaskMode) {
        long id = handle.createQuery("SELECT nextval(pg_get_serial_sequence('boxes', 'id'))").mapTo(Long.class).one();
        Box box = new Box(BoxId.of(id), name, kind, parent, status, scope, scopeOwner, builders, defaultTaskMode,
                SyncState.newlyCreated());
        handle.createUpdate("INSERT INTO boxes (id, name, kind, parent_id, status, scope, scope_owner_id, builders,"
                        + " default_task_mode, flagged, flag_reason, last_full_sync, last_visited) VALUES (:id, :name,"
                        + " :kind, :parent, :status, CAST(:scope AS jsonb), :owner, CAST(:builders AS jsonb), :mode,"
                        + " :flagged, :reason, :lastFullSync, :lastVisited)")
                .bindMap(columns(box)).execute();
        return box;
    }

    @Override
    public Optional<Box> find(BoxId id) {
        return handle.createQuery("SELECT * FROM boxes WHERE id = :id").bind("id", id.value()).map(BOX).findOne();
    }

    @Override
    public List<Box> all() {
        return handle.createQuery("SELECT * FROM boxes ORDER BY id").map(BOX).list();
    }

    @Override
    public List<Box> children(BoxId parent) {
        return handle.createQuery("SELECT * FROM boxes WHERE parent_id = :parent ORDER BY id")
                .bind("parent", parent.value()).map(BOX).list();
    }

    @Override
    public void update(Box box) {
        int rows = handle.createUpdate("UPDATE boxes SET name = :name, kind = :kind, parent_id = :parent,"
                        + " status = :status, scope = CAST(:scope AS jsonb), scope_owner_id = :owner,"
                        + " builders = CAST(:builders AS jsonb), default_task_mode = :mode, flagged = :flagged,"
                        + " flag_reason = :reason, last_full_sync = :lastFullSync, last_visited = :lastVisited"
                        + " WHERE id = :id")
                .bindMap(columns(box)).execute();
        if (rows == 0) {
            throw new NoSuchElementException("no Box " + box.id());
        }
    }

    private static Map<String, Object> columns(Box box) {
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("id", box.id().value());
        columns.put("name", box.name());
        columns.put("kind", box.kind().name());
        columns.put("parent", box.parent() == null ? null : box.parent().value());
        columns.put("status", box.status().name());
        columns.put("scope", JsonCodec.write(box.scope()));
        columns.put("owner", box.scopeOwner() == null ? null : box.scopeOwner().value());
        columns.put("builders", JsonCodec.write(box.builders()));
        columns.put("mode", box.defaultTaskMode().name());
        SyncState state = box.syncState();
        columns.put("flagged", state.flagged());
        columns.put("reason", state.flagReason() == null ? null : state.flagReason().name());
        columns.put("lastFullSync", Rows.at(state.lastFullSync()));
        columns.put("lastVisited", Rows.at(state.lastVisited()));
        return columns;
    }

    @Override
    public int flagOwnScopeBoxes(FlagReason reason) {
        Objects.requireNonNull(reason, "reason");
        return handle.createUpdate("UPDATE boxes SET flagged = true, flag_reason = :reason"
                        + " WHERE scope ->> 'mode' = 'OWN' AND status <> 'CLOSED'")
                .bind("reason", reason.name()).execute();
    }

    @Override
    public void setRole(BoxId box, UserId user, BoxRole role) {
        handle.createUpdate("INSERT INTO box_members (box_id, user_id, role) VALUES (:box, :user, :role)"
                        + " ON CONFLICT (box_id, user_id) DO UPDATE SET role = excluded.role")
                .bind("box", box.value()).bind("user", user.value()).bind("role", role.name()).execute();
    }

    @Override
    public void removeMember(BoxId box, UserId user) {
        handle.createUpdate("DELETE FROM box_members WHERE box_id = :box AND user_id = :user")
                .bind("box", box.value()).bind("user", user.value()).execute();
    }

    @Override
    public Optional<BoxRole> role(BoxId box, UserId user) {
        return handle.createQuery("SELECT role FROM box_members WHERE box_id = :box AND user_id = :user")
                .bind("box", box.value()).bind("user", user.value()).mapTo(String.class).findOne()
                .map(BoxRole::valueOf);
    }

    @Override
    public Map<UserId, BoxRole> members(BoxId box) {
        Map<UserId, BoxRole> members = new LinkedHashMap<>();
        handle.createQuery("SELECT user_id, role FROM box_members WHERE box_id = :box ORDER BY user_id")
                .bind("box", box.value())
                .map((rs, ctx) -> Map.entry(UserId.of(rs.getLong("user_id")), BoxRole.valueOf(rs.getString("role"))))
                .forEach(e -> members.put(e.getKey(), e.getValue()));
        return members;
    }
}
