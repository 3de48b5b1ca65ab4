package io.boxsync.server.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The server's configuration, validated once at start and immutable afterwards.
 *
 * @param host the address the HTTP server binds to, never blank
 * @param port the HTTP port, 0 to pick a free one
 * @param dataDir where the embedded database and local state live (absolute)
 * @param externalDatabase the external PostgreSQL to use instead of the embedded one, if any
 * @param maxRequestBytes the largest request body the HTTP API accepts
 * @param initialAdminPassword the password of the admin created on a first start ({@code BOXSYNC_ADMIN_PASSWORD});
 *     empty to generate one and print it once
 */
public record ServerConfig(String host, int port, Path dataDir, Optional<ExternalDatabase> externalDatabase,
                           long maxRequestBytes, Optional<String> initialAdminPassword) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final long DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(externalDatabase, "externalDatabase");
        Objects.requireNonNull(initialAdminPassword, "initialAdminPassword");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** A configuration for tests and tools: embedded database in {@code dataDir}, loopback, free port. */
    public static ServerConfig embeddedOnFreePort(Path dataDir) {
        return new ServerConfig(DEFAULT_HOST, 0, dataDir.toAbsolutePath(), Optional.empty(), DEFAULT_MAX_REQUEST_BYTES,
                Optional.empty());
    }

    /** The same configuration with the first admin's password. */
    public ServerConfig withInitialAdminPassword(String password) {
        return new ServerConfig(host, port, dataDir, externalDatabase, maxRequestBytes, Optional.of(password));
    }

    @Override
    public String toString() {
        return "ServerConfig[host=" + host + ", port=" + port + ", dataDir=" + dataDir + ", externalDatabase="
                + externalDatabase + ", maxRequestBytes=" + maxRequestBytes + ", initialAdminPassword="
                + initialAdminPassword.map(p -> "****").orElse("generated") + "]";
    }

    /**
     * Connection details of an external PostgreSQL. The password never appears in {@link #toString()}.
     *
     * @param jdbcUrl a {@code jdbc:postgresql://} URL
     * @param user the database role
     * @param password the role's password, may be empty (trust or peer authentication)
     */
    public record ExternalDatabase(String jdbcUrl, String user, String password) {
        public ExternalDatabase {
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "ExternalDatabase[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=****]";
        }
    }
}
