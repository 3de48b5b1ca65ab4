package io.boxsync.storage;

import io.boxsync.connector.RemoteMetadata;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.core.port.MetadataStore;
import org.jdbi.v3.core.Handle;

import java.time.Instant;
import java.util.Optional;

final class JdbiMetadataStore implements MetadataStore {
    private final Handle handle;

    JdbiMetadataStore(Handle handle) {
        this.handle = handle;
    }

    @Override
    public void save(ConnectionId connection, RemoteMetadata metadata, Instant loadedAt) {
        handle.createUpdate("INSERT INTO connection_metadata (connection_id, metadata, loaded_at)"
                        + " VALUES (:connection, CAST(:metadata AS jsonb), :at) ON CONFLICT (connection_id)"
                        + " DO UPDATE SET metadata = excluded.metadata, loaded_at = excluded.loaded_at")
                .bind("connection", connection.value()).bind("metadata", JsonCodec.write(metadata))
                .bind("at", Rows.at(loadedAt)).execute();
    }

    @Override
    public Optional<RemoteMetadata> load(ConnectionId connection) {
        return handle.createQuery("SELECT metadata FROM connection_metadata WHERE connection_id = :connection")
                .bind("connection", connection.value()).mapTo(String.class).findOne()
                .map(json -> JsonCodec.read(json, RemoteMetadata.class));
    }
}
