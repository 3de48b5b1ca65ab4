package io.boxsync.core.port;

import io.boxsync.connector.RemoteMetadata;
import io.boxsync.core.domain.ConnectionId;
import java.time.Instant;
import java.util.Optional;

/** Each connection's metadata (projects, fields, link types, cadences, users) as last loaded. */
public interface MetadataStore {

    void save(ConnectionId connection, RemoteMetadata metadata, Instant loadedAt);

    Optional<RemoteMetadata> load(ConnectionId connection);
}
