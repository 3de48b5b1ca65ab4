package io.boxsync.core.port;

import io.boxsync.connector.ConnectionKind;
import io.boxsync.connector.FieldMapping;
import io.boxsync.connector.RemoteAccount;
import io.boxsync.connector.Secret;
import io.boxsync.core.domain.Connection;
import io.boxsync.core.domain.ConnectionId;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/** Connections, with their technical user and webhook secret encrypted at rest. */
public interface ConnectionStore {

    /**
     * Creates a connection.
     *
     * @param webhookSecret the shared webhook secret, {@code null} for none
     */
    Connection create(String name, ConnectionKind kind, URI baseUrl, FieldMapping mapping, RemoteAccount technicalUser,
                      Secret webhookSecret);

    Optional<Connection> find(ConnectionId id);

    List<Connection> all();

    void updateMapping(ConnectionId id, FieldMapping mapping);

    RemoteAccount technicalUser(ConnectionId id);

    Optional<Secret> webhookSecret(ConnectionId id);
}
