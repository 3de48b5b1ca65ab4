package io.boxsync.core.domain;

import io.boxsync.connector.ConnectionKind;
import io.boxsync.connector.FieldMapping;
import java.net.URI;
import java.util.Objects;

/**
 * A connected tool instance as Boxsync knows it; its credentials stay in storage, encrypted.
 *
 * @param id           storage id
 * @param name         display name
 * @param kind         the tool
 * @param baseUrl      the tool's base URL
 * @param fieldMapping the field mapping
 */
public record Connection(ConnectionId id, String name, ConnectionKind kind, URI baseUrl, FieldMapping fieldMapping) {
    public Connection {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(fieldMapping, "fieldMapping");
    }
}
