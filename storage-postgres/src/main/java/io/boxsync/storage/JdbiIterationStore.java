package io.boxsync.storage;

import io.boxsync.connector.IterationRef;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.core.domain.Iteration;
import io.boxsync.core.port.IterationStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

import java.util.List;
import java.util.Optional;

final class JdbiIterationStore implements IterationStore {
    private static final RowMapper<Iteration> ITERATION = (rs, ctx) -> new Iteration(
            ConnectionId.of(rs.getLong("connection_id")),
            new IterationRef(IterationRef.Kind.valueOf(rs.getString("kind")), rs.getString("remote_id"),
                    rs.getString("name")),
            Rows.date(rs, "start_date"), Rows.date(rs, "end_date"), rs.getString("state"));

    private final Handle handle;

    JdbiIterationStore(Handle handle) {
        this.handle = handle;
    }

    @Override
    public void upsert(Iteration iteration) {
        handle.createUpdate("INSERT INTO iterations (connection_id, kind, remote_id, name, start_date, end_date, state)"
                        + " VALUES (:connection, :kind, :id, :name, :start, :end, :state)"
                        + " ON CONFLICT (connection_id, kind, remote_id) DO UPDATE SET name = excluded.name,"
                        + " start_date = excluded.start_date, end_date = excluded.end_date, state = excluded.state")
                .bind("connection", iteration.connection().value()).bind("kind", iteration.ref().kind().name())
                .bind("id", iteration.ref().id()).bind("name", iteration.ref().name())
                .bind("start", iteration.start()).bind("end", iteration.end()).bind("state", iteration.state())
                .execute();
    }

    @Override
    public List<Iteration> of(ConnectionId connection) {
        return handle.createQuery("SELECT * FROM iterations WHERE connection_id = :connection"
                        + " ORDER BY start_date NULLS LAST, kind, remote_id")
                .bind("connection", connection.value()).map(ITERATION).list();
    }

    @Override
    public Optional<Iteration> find(ConnectionId connection, IterationRef.Kind kind, String id) {
        return handle.createQuery("SELECT * FROM iterations WHERE connection_id = :connection AND kind = :kind"
                        + " AND remote_id = :id")
                .bind("connection", connection.value()).bind("kind", kind.name()).bind("id", id)
                .map(ITERATION).findOne();
    }
}
