package io.boxsync.storage;

import io.boxsync.core.domain.BoxId;
import io.boxsync.core.domain.Dependency;
import io.boxsync.core.domain.DependencyId;
import io.boxsync.core.domain.DependencyType;
import io.boxsync.core.domain.TaskId;
import io.boxsync.core.port.DependencyStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

final class JdbiDependencyStore implements DependencyStore {
    private static final RowMapper<Dependency> DEPENDENCY = (rs, ctx) -> new Dependency(
            DependencyId.of(rs.getLong("id")), TaskId.of(rs.getLong("from_task_id")), TaskId.of(rs.getLong("to_task_id")),
            DependencyType.valueOf(rs.getString("type")), rs.getBoolean("strong"), rs.getInt("lag_days"),
            rs.getString("remote_link_id"));

    private final Handle handle;

    JdbiDependencyStore(Handle handle) {
        this.handle = handle;
    }

    @Override
    public Dependency insert(Dependency dependency) {
        if (dependency.id() != null) {
            throw new IllegalArgumentException("a new dependency has no id yet: " + dependency.id());
        }
        return handle.createQuery("INSERT INTO dependencies (from_task_id, to_task_id, type, strong, lag_days,"
                        + " remote_link_id) VALUES (:from, :to, :type, :strong, :lag, :link) RETURNING *")
                .bind("from", dependency.from().value()).bind("to", dependency.to().value())
                .bind("type", dependency.type().name()).bind("strong", dependency.strong())
                .bind("lag", dependency.lagDays()).bind("link", dependency.remoteLinkId())
                .map(DEPENDENCY).one();
    }

    @Override
    public void delete(DependencyId id) {
        handle.createUpdate("DELETE FROM dependencies WHERE id = :id").bind("id", id.value()).execute();
    }

    @Override
    public Optional<Dependency> find(DependencyId id) {
        return handle.createQuery("SELECT * FROM dependencies WHERE id = :id").bind("id", id.value())
                .map(DEPENDENCY).findOne();
    }

    @Override
    public Optional<Dependency> findByRemoteLink(String remoteLinkId) {
        return handle.createQuery("SELECT * FROM dependencies WHERE remote_link_id = :link ORDER BY id LIMIT 1")
                .bind("link", remoteLinkId).map(DEPENDENCY).findOne();
    }

    @Override
    public List<Dependency> touching(Collection<TaskId> tasks) {
        if (tasks.isEmpty()) {
            return List.of();
        }
        List<Long> ids = tasks.stream().map(TaskId::value).toList();
        return handle.createQuery("SELECT * FROM dependencies WHERE from_task_id = ANY(:ids)"
                        + " UNION SELECT * FROM dependencies WHERE to_task_id = ANY(:ids) ORDER BY id")
                .bindArray("ids", Long.class, ids).map(DEPENDENCY).list();
    }

    @Override
    public List<Dependency> ofBox(BoxId box) {
        return handle.createQuery("SELECT d.* FROM dependencies d"
                        + " JOIN box_tasks f ON f.task_id = d.from_task_id AND f.box_id = :box"
                        + " JOIN box_tasks t ON t.task_id = d.to_task_id AND t.box_id = :box ORDER BY d.id")
                .bind("box", box.value()).map(DEPENDENCY).list();
    }
}
