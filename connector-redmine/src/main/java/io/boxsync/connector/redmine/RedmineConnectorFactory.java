package io.boxsync.connector.redmine;

import io.boxsync.connector.ConnectionKind;
import io.boxsync.connector.ConnectionSettings;
import io.boxsync.connector.Connector;
import io.boxsync.connector.ConnectorFactory;
import io.boxsync.connector.http.ConnectorHttpClient;
import io.boxsync.connector.http.RetryPolicy;

/**
 * Creates {@link RedmineConnector}s; found by {@link java.util.ServiceLoader}. Stateless and thread-safe; creating a
 * connector does no I/O.
 */
public final class RedmineConnectorFactory implements ConnectorFactory {

    @Override
    public boolean supports(ConnectionKind kind) {
        return kind == ConnectionKind.REDMINE;
    }

    @Override
    public Connector create(ConnectionSettings settings) {
        if (!supports(settings.kind())) {
            throw new IllegalArgumentException("the Redmine connector cannot serve a " + settings.kind() + " connection");
        }
        ConnectorHttpClient http = ConnectorHttpClient.builder()
                .connection("redmine")
                .timeout(settings.timeout())
                .retryPolicy(RetryPolicy.standard(settings.maxRetries()))
                .build();
        return new RedmineConnector(settings, http);
    }
}
