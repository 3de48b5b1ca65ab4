package io.boxsync.core.port;

import io.boxsync.connector.Connector;
import io.boxsync.core.domain.ConnectionId;

/** Gives the live connector of a connection (created from its stored settings, cached by the implementation). */
public interface ConnectorRegistry {

    /**
     * @throws java.util.NoSuchElementException when no such connection exists
     */
    Connector connector(ConnectionId connection);
}
