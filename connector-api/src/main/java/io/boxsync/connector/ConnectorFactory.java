package io.boxsync.connector;

/**
 * Creates connectors for one kind of tool. Implementations are found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.boxsync.connector.ConnectorFactory}) and must have a public no-argument constructor.
 */
public interface ConnectorFactory {

    /** Whether this factory serves that kind. */
    boolean supports(ConnectionKind kind);

    /** A connector for one connection; cheap, no I/O. */
    Connector create(ConnectionSettings settings);
}
