package io.boxsync.server.wiring;

import io.boxsync.core.port.Clock;
import io.boxsync.core.sync.SyncSettings;
import io.boxsync.server.api.AccountResources;
import io.boxsync.server.api.AdminResources;
import io.boxsync.server.api.BoxResources;
import io.boxsync.server.api.ConnectionResources;
import io.boxsync.server.api.OpenApiRoutes;
import io.boxsync.server.api.SyncResources;
import io.boxsync.server.api.WebhookResources;
import io.boxsync.server.http.HttpApi;
import io.boxsync.storage.Database;
import io.boxsync.storage.MasterKey;
import io.boxsync.storage.PostgresStorage;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Boxsync's parts on one database: storage behind the core ports, the connectors of the stored connections, the
 * running sync engine, and the API route modules over them. Closing it stops the engine and the connectors; the
 * database belongs to the caller.
 */
public final class Application implements AutoCloseable {
    private final PostgresStorage storage;
    private final ConnectorsFromStore connectors;
    private final SyncRuntime runtime;
    private final List<HttpApi.RouteModule> routes;

    private Application(PostgresStorage storage, ConnectorsFromStore connectors, SyncRuntime runtime,
                        List<HttpApi.RouteModule> routes) {
        this.storage = storage;
        this.connectors = connectors;
        this.runtime = runtime;
        this.routes = routes;
    }

    /**
     * Assembles the parts and starts the sync engine (which runs the start-up sync).
     *
     * @param dataDir   where the master key file lives unless {@code BOXSYNC_MASTER_KEY} is set
     * @param publicUrl the URL tools call webhooks at, empty to take it from each request
     * @param version   the running version, to tell an upgrade from a restart
     */
    public static Application assemble(Database database, Path dataDir, SyncSettings settings, SyncRuntime.Loops loops,
                                       String publicUrl, String version, Clock clock) {
        PostgresStorage storage = PostgresStorage.open(database, MasterKey.cipher(dataDir));
        ConnectorsFromStore connectors = ConnectorsFromStore.discover(storage.transactor(), Duration.ofSeconds(30));
        SyncRuntime runtime = SyncRuntime.start(storage.transactor(), storage.boxLocks(), connectors, clock, settings,
                loops, version, workerId());
        var sync = runtime.service();
        List<HttpApi.RouteModule> routes = List.of(
                new OpenApiRoutes(),
                new AccountResources(storage.transactor(), connectors),
                new ConnectionResources(storage.transactor(), connectors, clock),
                new BoxResources(storage.transactor(), clock, settings.fullSyncExpiry()),
                new SyncResources(sync, runtime.background()),
                new AdminResources(sync),
                new WebhookResources(sync, connectors, publicUrl),
                new io.boxsync.server.web.WebUiRoutes());
        return new Application(storage, connectors, runtime, routes);
    }

    private static String workerId() {
        return ManagementFactory.getRuntimeMXBean().getName();
    }

    /** The API route modules, to register after authentication. */
    public List<HttpApi.RouteModule> routes() {
        return routes;
    }

    public PostgresStorage storage() {
        return storage;
    }

    public ConnectorsFromStore connectors() {
        return connectors;
    }

    public SyncRuntime runtime() {
        return runtime;
    }

    @Override
    public void close() {
        runtime.close();
        connectors.close();
    }
}
