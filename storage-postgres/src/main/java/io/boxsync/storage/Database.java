package io.boxsync.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A migrated PostgreSQL database, embedded or external. Thread-safe; close it once at shutdown.
 *
 * <p>Embedded layout of a Boxsync data directory: {@code boxsync.lock} (held with an exclusive OS lock for the
 * process lifetime), {@code postgres/} (the PostgreSQL cluster), and {@code master.key} (see {@link MasterKey}).
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final int POOL_SIZE = 20;
    static final int MINIMUM_MAJOR_VERSION = 14;

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final String jdbcUrl;
    private final EmbeddedPostgres embedded;
    private final DataDirectoryLock lock;

    private Database(HikariDataSource dataSource, String jdbcUrl, EmbeddedPostgres embedded, DataDirectoryLock lock) {
        this.dataSource = dataSource;
        this.jdbcUrl = jdbcUrl;
        this.embedded = embedded;
        this.lock = lock;
        this.jdbi = Jdbi.create(dataSource).installPlugin(new PostgresPlugin());
    }

    /**
     * Starts embedded PostgreSQL 17 on a persistent data directory (fsync and synchronous_commit on), takes an
     * exclusive lock on the directory (a second process gets {@link DataDirectoryInUseException}), deals with an
     * orphaned postmaster left by a kill -9, then runs the Flyway migrations.
     *
     * @param dataDir the Boxsync data directory; created when missing
     * @param port    the port to listen on (loopback); 0 picks a free port
     * @throws DataDirectoryInUseException  when another process holds the directory
     * @throws DatabaseUnavailableException when PostgreSQL does not start or the migrations fail
     */
    public static Database embedded(Path dataDir, int port) {
        Objects.requireNonNull(dataDir, "dataDir");
        Path dir = dataDir.toAbsolutePath().normalize();
        DataDirectoryLock lock = DataDirectoryLock.acquire(dir);
        EmbeddedPostgres postgres = null;
        HikariDataSource pool = null;
        try {
            Path cluster = dir.resolve("postgres");
            Files.createDirectories(cluster);
            EmbeddedCluster.checkMajorVersion(cluster);
            EmbeddedCluster.stopOrphanedPostmaster(cluster);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(cluster)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(90))
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on");
            if (port != 0) {
                builder.setPort(port);
            }
            postgres = builder.start();
            String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
            pool = pool(url, "postgres", "");
            migrate(pool, url);
            LOG.info("Embedded PostgreSQL ready in {} on port {}", cluster, postgres.getPort());
            return new Database(pool, url, postgres, lock);
        } catch (IOException | RuntimeException e) {
            closeQuietly(pool);
            closeQuietly(postgres);
            lock.release();
            if (e instanceof DatabaseUnavailableException d) {
                throw d;
            }
            throw new DatabaseUnavailableException(
                    "Embedded PostgreSQL did not start in " + dir + ": " + oneLine(e), e);
        }
    }

    /**
     * Connects to any PostgreSQL 14+ by JDBC URL and runs the migrations.
     *
     * @throws DatabaseUnavailableException when the server is unreachable, refuses the credentials, is older than
     *                                      14, or the migrations fail
     */
    public static Database external(String jdbcUrl, String user, String password) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        String shownUrl = withoutPassword(jdbcUrl);
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new DatabaseUnavailableException(
                    "The database URL " + shownUrl + " is not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db)");
        }
        HikariDataSource pool;
        try {
            pool = pool(jdbcUrl, user, password);
        } catch (RuntimeException e) {
            throw new DatabaseUnavailableException(
                    "Cannot connect to PostgreSQL at " + shownUrl + " as " + user + ": " + oneLine(e), e);
        }
        try {
            migrate(pool, shownUrl);
            return new Database(pool, shownUrl, null, null);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    private static HikariDataSource pool(String url, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password == null ? "" : password);
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(2);
        config.setConnectionTimeout(5_000);
        config.setInitializationFailTimeout(1);
        config.setPoolName("boxsync-db");
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("connectTimeout", "5");
        config.addDataSourceProperty("ApplicationName", "boxsync");
        return new HikariDataSource(config);
    }

    private static void migrate(DataSource dataSource, String shownUrl) {
        int major = majorVersion(dataSource);
        if (major < MINIMUM_MAJOR_VERSION) {
            throw new DatabaseUnavailableException("PostgreSQL at " + shownUrl + " is version " + major
                    + "; Boxsync needs PostgreSQL " + MINIMUM_MAJOR_VERSION + " or newer");
        }
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            throw new DatabaseUnavailableException(
                    "The database schema at " + shownUrl + " could not be migrated: " + oneLine(e), e);
        }
    }

    private static int majorVersion(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return c.getMetaData().getDatabaseMajorVersion();
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("Cannot read the PostgreSQL version: " + oneLine(e), e);
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** True when a trivial query succeeds within a second. */
    public boolean isReachable() {
        CompletableFuture<Boolean> probe = CompletableFuture.supplyAsync(() -> {
            try (Connection c = dataSource.getConnection()) {
                return c.isValid(1);
            } catch (SQLException | RuntimeException e) {
                return false;
            }
        });
        try {
            return probe.get(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    /** The server's version, e.g. {@code "PostgreSQL 17.11"}. */
    public String serverVersion() {
        String version = jdbi.withHandle(h -> h.createQuery("SHOW server_version").mapTo(String.class).one());
        return "PostgreSQL " + version.strip().split("\\s+")[0];
    }

    /** The JDBC URL, without any password. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** Whether this is the embedded server. */
    public boolean isEmbedded() {
        return embedded != null;
    }

    /** Closes the pool, stops the embedded server and releases the data directory. Idempotent. */
    @Override
    public synchronized void close() {
        dataSource.close();
        closeQuietly(embedded);
        if (lock != null) {
            lock.release();
        }
    }

    static String withoutPassword(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1****");
    }

    static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse("").strip();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("Closing {} failed: {}", closeable.getClass().getSimpleName(), e.toString());
        }
    }

}
