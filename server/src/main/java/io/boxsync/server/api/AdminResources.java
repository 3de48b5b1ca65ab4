package io.boxsync.server.api;

import io.boxsync.connector.IssueKey;
import io.boxsync.core.port.Clock;
import io.boxsync.core.port.EventQueue;
import io.boxsync.core.port.Transactor;
import io.boxsync.core.sync.SyncService;
import io.boxsync.server.api.Views.ParkedView;
import io.boxsync.server.api.Views.QueueView;
import io.boxsync.server.http.ApiException;
import io.boxsync.server.http.HttpApi;
import io.boxsync.server.http.ProblemResponses;
import io.javalin.config.RoutesConfig;
import java.time.Duration;
import java.util.Map;

/** Admin views: the inbound queue with its parked issues and retry, and the cache clear that flags Boxes (S2). */
public final class AdminResources implements HttpApi.RouteModule {
    private final Transactor transactor;
    private final Clock clock;
    private final SyncService sync;

    public AdminResources(SyncService sync) {
        this.sync = sync;
        this.transactor = sync.environment().tx();
        this.clock = sync.environment().clock();
    }

    @Override
    public void register(RoutesConfig routes, ProblemResponses problems) {
        routes.get("/api/admin/queue", ctx -> {
            Access.admin(ctx);
            int limit = Params.intQuery(ctx, "limit", 100, 1, 1000);
            ctx.json(transactor.inTransaction(stores -> {
                EventQueue.Stats stats = stores.events().stats(clock.now());
                return new QueueView(stats.pendingIssues(), stats.pendingEvents(), stats.parkedIssues(),
                        stats.oldestPending().map(t -> Duration.between(t, clock.now()).toSeconds()).orElse(null),
                        stores.events().parked(limit).stream().map(p -> new ParkedView(p.connection().value(),
                                p.key().value(), p.events(), p.attempts(), p.error(), p.parkedAt())).toList());
            }));
        });
        routes.post("/api/admin/queue/parked/{connectionId}/{key}/retry", ctx -> {
            Access.admin(ctx);
            var connection = Params.connection(ctx);
            IssueKey key = IssueKey.of(Requests.required(ctx.pathParam("key"), "key", 200));
            boolean retried = transactor.inTransaction(stores -> stores.events().retryParked(connection, key));
            if (!retried) {
                throw ApiException.notFound("No parked event of issue " + key + " on connection " + connection + ".");
            }
            ctx.json(Map.of("retried", true));
        });
        routes.post("/api/admin/cache/clear", ctx -> {
            Access.admin(ctx);
            int flagged = sync.clearCache();
            ctx.json(Map.of("flaggedBoxes", flagged));
        });
    }
}
