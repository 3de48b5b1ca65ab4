package io.boxsync.server.wiring;

import io.boxsync.connector.ConnectionSettings;
import io.boxsync.connector.Connector;
import io.boxsync.connector.ConnectorFactory;
import io.boxsync.core.domain.Connection;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.core.port.Clock;
import io.boxsync.core.port.ConnectorRegistry;
import io.boxsync.core.port.Transactor;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The live connector of each stored connection, created on first use by the {@link ConnectorFactory} that serves
 * its kind and kept until the connection's settings change. Every call of a stored connection's connector is
 * observed by {@link #health()}. Thread-safe.
 */
public final class ConnectorsFromStore implements ConnectorRegistry, AutoCloseable {
    private final Transactor transactor;
    private final List<ConnectorFactory> factories;
    private final Duration timeout;
    private final ConcurrentMap<ConnectionId, Connector> live = new ConcurrentHashMap<>();
    private final ConnectionHealth health;

    public ConnectorsFromStore(Transactor transactor, List<ConnectorFactory> factories, Duration timeout) {
        this(transactor, factories, timeout, new ConnectionHealth(Clock.system()));
    }

    public ConnectorsFromStore(Transactor transactor, List<ConnectorFactory> factories, Duration timeout,
                               ConnectionHealth health) {
        this.transactor = transactor;
        this.factories = List.copyOf(factories);
        this.timeout = timeout;
        this.health = health;
    }

    /** The health of each stored connection, as observed from its connector's calls. */
    public ConnectionHealth health() {
        return health;
    }

    /** With every factory found on the class path. */
    public static ConnectorsFromStore discover(Transactor transactor, Duration timeout) {
        return new ConnectorsFromStore(transactor,
                ServiceLoader.load(ConnectorFactory.class).stream().map(ServiceLoader.Provider::get).toList(), timeout);
    }

    @Override
    public Connector connector(ConnectionId id) {
        return live.computeIfAbsent(id, this::create);
    }

    /** A connector for settings that are not stored yet, e.g. to check a connection before creating it. */
    public Connector forSettings(ConnectionSettings settings) {
        return factoryFor(settings).create(settings);
    }

    /** Drops the cached connector, so the next use reads the connection's settings again. */
    public void invalidate(ConnectionId id) {
        Connector old = live.remove(id);
        if (old != null) {
            old.close();
        }
    }

    private Connector create(ConnectionId id) {
        ConnectionSettings settings = transactor.inTransaction(stores -> {
            Connection connection = stores.connections().find(id)
                    .orElseThrow(() -> new NoSuchElementException("no connection " + id));
            return new ConnectionSettings(connection.kind(), connection.baseUrl(),
                    stores.connections().technicalUser(id), stores.connections().webhookSecret(id).orElse(null),
                    connection.fieldMapping(), timeout, 3);
        });
        return new ObservedConnector(id, forSettings(settings), health, settings.technicalUser().accountId());
    }

    private ConnectorFactory factoryFor(ConnectionSettings settings) {
        return factories.stream().filter(f -> f.supports(settings.kind())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no connector for " + settings.kind() + " is installed"));
    }

    @Override
    public void close() {
        live.values().forEach(Connector::close);
        live.clear();
    }
}
