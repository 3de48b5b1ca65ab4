package io.boxsync.server;

import io.boxsync.server.auth.Argon2idPasswordHasher;
import io.boxsync.server.auth.AuthRoutes;
import io.boxsync.server.auth.AuthService;
import io.boxsync.server.auth.UserAccounts;
import io.boxsync.server.config.ServerConfig;
import io.boxsync.core.sync.SyncSettings;
import io.boxsync.server.http.DatabaseStatus;
import io.boxsync.server.wiring.Application;
import io.boxsync.server.wiring.SyncRuntime;
import io.boxsync.server.http.HttpApi;
import io.boxsync.storage.DataDirectoryInUseException;
import io.boxsync.storage.Database;
import io.boxsync.storage.DatabaseUnavailableException;
import io.boxsync.storage.auth.AuthStore;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Boxsync server: the database (embedded or external) and the HTTP API on top of it. This is the one
 * place where the modules are wired together. {@link #close()} stops HTTP first, then the database; it is
 * idempotent and safe to call from a shutdown hook.
 */
public final class BoxsyncServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BoxsyncServer.class);

    private final Database database;
    private final Application application;
    private final HttpApi http;
    private boolean closed;

    private BoxsyncServer(Database database, Application application, HttpApi http) {
        this.database = database;
        this.application = application;
        this.http = http;
    }

    /**
     * Opens the database, runs the migrations, makes sure an admin exists and starts listening.
     *
     * @param config the validated configuration
     * @param console where the first admin's generated password is printed, once
     * @throws StartupFailedException when the operator must fix something first
     */
    public static BoxsyncServer start(ServerConfig config, PrintStream console) {
        return start(config, console, SyncSettings.defaults(), SyncRuntime.Loops.defaults());
    }

    /**
     * {@link #start(ServerConfig, PrintStream)} with the sync engine's settings and loop timing given, for tests,
     * the demo and benchmarks.
     */
    public static BoxsyncServer start(ServerConfig config, PrintStream console, SyncSettings settings,
                                      SyncRuntime.Loops loops) {
        Objects.requireNonNull(config, "config");
        long started = System.nanoTime();
        Database database = openDatabase(config);
        Application application = null;
        try {
            AuthService auth = new AuthService(new UserAccounts(database.jdbi()), new AuthStore(database.jdbi()),
                    new Argon2idPasswordHasher(), Clock.systemUTC());
            auth.ensureFirstAdmin(config.initialAdminPassword(), console);
            List<HttpApi.RouteModule> modules = new ArrayList<>();
            modules.add(new AuthRoutes(auth));
            application = Application.assemble(database, config.dataDir(), settings, loops, "", BoxsyncVersion.current(), io.boxsync.core.port.Clock.system());
            modules.addAll(application.routes());
            HttpApi http;
            try {
                http = HttpApi.start(config.host(), config.port(), config.maxRequestBytes(), statusOf(database), modules);
            } catch (RuntimeException e) {
                throw new StartupFailedException("cannot listen on " + config.host() + ":" + config.port() + ": "
                        + rootMessage(e), e);
            }
            application.connectors().health().bindTo(http.metrics().registry());
            LOG.info("Boxsync {} listening on http://{}:{} ({} database, started in {} ms)", BoxsyncVersion.current(),
                    config.host(), http.port(), config.externalDatabase().isPresent() ? "external" : "embedded",
                    (System.nanoTime() - started) / 1_000_000);
            return new BoxsyncServer(database, application, http);
        } catch (RuntimeException e) {
            if (application != null) {
                application.close();
            }
            database.close();
            throw e;
        }
    }

    private static Database openDatabase(ServerConfig config) {
        try {
            return config.externalDatabase()
                    .map(db -> Database.external(db.jdbcUrl(), db.user(), db.password()))
                    .orElseGet(() -> Database.embedded(config.dataDir(), 0));
        } catch (DataDirectoryInUseException | DatabaseUnavailableException e) {
            throw new StartupFailedException(e.getMessage(), e);
        }
    }

    private static DatabaseStatus statusOf(Database database) {
        return new DatabaseStatus() {
            @Override
            public boolean isReachable() {
                return database.isReachable();
            }

            @Override
            public String serverVersion() {
                return database.serverVersion();
            }
        };
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** The HTTP port listened on. */
    public int port() {
        return http.port();
    }

    /** The assembled parts: storage, connectors, the sync engine. */
    public Application application() {
        return application;
    }

    /** The database, for wiring further parts of the server. */
    public Database database() {
        return database;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("Stopping Boxsync");
        try {
            http.close();
            application.close();
        } finally {
            database.close();
        }
        LOG.info("Boxsync stopped");
    }
}
