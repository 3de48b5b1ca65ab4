package io.boxsync.connector.trello;

import io.boxsync.connector.ConnectionKind;
import io.boxsync.connector.ConnectionSettings;
import io.boxsync.connector.Connector;
import io.boxsync.connector.ConnectorFactory;

/** Creates {@link TrelloConnector}s; found by {@link java.util.ServiceLoader}. Stateless and thread-safe. */
public final class TrelloConnectorFactory implements ConnectorFactory {

    /** For {@link java.util.ServiceLoader}. */
    public TrelloConnectorFactory() {
    }

    @Override
    public boolean supports(ConnectionKind kind) {
        return kind == ConnectionKind.TRELLO;
    }

    @Override
    public Connector create(ConnectionSettings settings) {
        if (!supports(settings.kind())) {
            throw new IllegalArgumentException("the Trello connector cannot serve a " + settings.kind() + " connection");
        }
        return new TrelloConnector(settings, TrelloConnector.DEFAULT_PAGE_SIZE);
    }
}
