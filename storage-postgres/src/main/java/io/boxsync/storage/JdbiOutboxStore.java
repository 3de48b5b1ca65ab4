package io.boxsync.storage;

import com.fasterxml.jackson.core.type.TypeReference;
import io.boxsync.connector.IssueKey;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.core.domain.UserId;
import io.boxsync.core.port.OutboxEntry;
import io.boxsync.core.port.OutboxStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

final class JdbiOutboxStore implements OutboxStore {
    private static final TypeReference<Map<String, String>> FIELDS = new TypeReference<>() { };
    private static final RowMapper<OutboxEntry> ENTRY = (rs, ctx) -> {
        Long user = Rows.nullableLong(rs, "user_id");
        return new OutboxEntry(rs.getString("write_id"), ConnectionId.of(rs.getLong("connection_id")),
                IssueKey.of(rs.getString("issue_key")), user == null ? null : UserId.of(user),
                JsonCodec.read(rs.getString("fields"), FIELDS), Rows.instant(rs, "at"));
    };

    private final Handle handle;

    JdbiOutboxStore(Handle handle) {
        this.handle = handle;
    }

    @Override
    public void record(OutboxEntry entry) {
        handle.createUpdate("INSERT INTO outbox (write_id, connection_id, issue_key, user_id, fields, at)"
                        + " VALUES (:id, :connection, :key, :user, CAST(:fields AS jsonb), :at)"
                        + " ON CONFLICT (write_id) DO NOTHING")
                .bind("id", entry.writeId()).bind("connection", entry.connection().value())
                .bind("key", entry.key().value()).bind("user", entry.user() == null ? null : entry.user().value())
                .bind("fields", JsonCodec.write(entry.fields())).bind("at", Rows.at(entry.at()))
                .execute();
    }

    @Override
    public Optional<OutboxEntry> find(String writeId) {
        return handle.createQuery("SELECT * FROM outbox WHERE write_id = :id").bind("id", writeId)
                .map(ENTRY).findOne();
    }

    @Override
    public List<OutboxEntry> recent(ConnectionId connection, IssueKey key, Instant since) {
        return handle.createQuery("SELECT * FROM outbox WHERE connection_id = :connection AND issue_key = :key"
                        + " AND at >= :since ORDER BY at, write_id")
                .bind("connection", connection.value()).bind("key", key.value()).bind("since", Rows.at(since))
                .map(ENTRY).list();
    }

    @Override
    public int purgeBefore(Instant before) {
        return handle.createUpdate("DELETE FROM outbox WHERE at < :before").bind("before", Rows.at(before)).execute();
    }
}
