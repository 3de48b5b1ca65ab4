package io.boxsync.connector.jira;

import io.boxsync.connector.ConnectionKind;
import io.boxsync.connector.ConnectionSettings;
import io.boxsync.connector.Connector;
import io.boxsync.connector.ConnectorFactory;

/** Creates {@link JiraConnector}s for Jira Cloud and Jira Data Center; found by {@link java.util.ServiceLoader}. */
public final class JiraConnectorFactory implements ConnectorFactory {

    @Override
    public boolean supports(ConnectionKind kind) {
        return kind == ConnectionKind.JIRA_CLOUD || kind == ConnectionKind.JIRA_DC;
    }

    @Override
    public Connector create(ConnectionSettings settings) {
        if (!supports(settings.kind())) {
            throw new IllegalArgumentException("the Jira connector does not serve " + settings.kind());
        }
        return new JiraConnector(settings);
    }
}
