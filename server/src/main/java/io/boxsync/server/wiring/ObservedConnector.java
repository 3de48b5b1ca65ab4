package io.boxsync.server.wiring;

import io.boxsync.connector.ConnectionKind;
import io.boxsync.connector.Connector;
import io.boxsync.connector.ConnectorException;
import io.boxsync.connector.Cursor;
import io.boxsync.connector.IndexHealth;
import io.boxsync.connector.IssueKey;
import io.boxsync.connector.Page;
import io.boxsync.connector.PageToken;
import io.boxsync.connector.RemoteAccount;
import io.boxsync.connector.RemoteIssue;
import io.boxsync.connector.RemoteMetadata;
import io.boxsync.connector.RemotePermission;
import io.boxsync.connector.RemoteWrite;
import io.boxsync.connector.ScopeQuery;
import io.boxsync.connector.WebhookDecoder;
import io.boxsync.connector.WriteResult;
import io.boxsync.core.domain.ConnectionId;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A connector that reports the outcome of every call to the tool to {@link ConnectionHealth}; otherwise exactly the
 * connector it wraps (same results, same exceptions). Thread-safe as the wrapped connector is.
 */
final class ObservedConnector implements Connector {
    private final ConnectionId connection;
    private final Connector delegate;
    private final ConnectionHealth health;
    private final String technicalAccountId;

    ObservedConnector(ConnectionId connection, Connector delegate, ConnectionHealth health, String technicalAccountId) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.health = Objects.requireNonNull(health, "health");
        this.technicalAccountId = Objects.requireNonNull(technicalAccountId, "technicalAccountId");
    }

    @Override
    public ConnectionKind kind() {
        return delegate.kind();
    }

    @Override
    public RemoteMetadata.Item check(RemoteAccount account) {
        return observed(account, () -> delegate.check(account));
    }

    @Override
    public RemoteMetadata metadata() {
        return observed(null, delegate::metadata);
    }

    @Override
    public IndexHealth indexHealth() {
        return observed(null, delegate::indexHealth);
    }

    @Override
    public Page<RemoteIssue> snapshot(ScopeQuery scope, RemoteAccount account, Optional<PageToken> from) {
        return observed(account, () -> delegate.snapshot(scope, account, from));
    }

    @Override
    public Page<RemoteIssue> incremental(ScopeQuery scope, RemoteAccount account, Cursor since, Duration lookback,
                                         Optional<PageToken> from) {
        return observed(account, () -> delegate.incremental(scope, account, since, lookback, from));
    }

    @Override
    public Optional<RemoteIssue> fetch(IssueKey key, RemoteAccount account) {
        return observed(account, () -> delegate.fetch(key, account));
    }

    @Override
    public Set<IssueKey> membership(ScopeQuery scope, Collection<IssueKey> keys, RemoteAccount account) {
        return observed(account, () -> delegate.membership(scope, keys, account));
    }

    @Override
    public Map<IssueKey, Set<RemotePermission>> permissions(RemoteAccount account, Collection<IssueKey> keys) {
        return observed(account, () -> delegate.permissions(account, keys));
    }

    @Override
    public WriteResult apply(RemoteWrite write, RemoteAccount account) {
        return observed(account, () -> delegate.apply(write, account));
    }

    @Override
    public WebhookDecoder webhooks() {
        return delegate.webhooks();
    }

    @Override
    public void close() {
        delegate.close();
    }

    /** Runs the call and reports it; {@code account} null means the technical user. */
    private <T> T observed(RemoteAccount account, Supplier<T> call) {
        T result;
        try {
            result = call.get();
        } catch (ConnectorException e) {
            health.failed(connection, e, account == null || technicalAccountId.equals(account.accountId()));
            throw e;
        }
        health.succeeded(connection);
        return result;
    }
}
