package io.boxsync.server.api;

import io.boxsync.connector.Connector;
import io.boxsync.connector.RemoteEvent;
import io.boxsync.connector.WebhookException;
import io.boxsync.connector.WebhookRequest;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.core.sync.SyncService;
import io.boxsync.server.http.ApiException;
import io.boxsync.server.http.HttpApi;
import io.boxsync.server.http.Problem;
import io.boxsync.server.http.ProblemResponses;
import io.boxsync.server.wiring.ConnectorsFromStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Webhook deliveries from the tools, one endpoint per connection. A delivery is verified before anything is
 * stored (unsigned or forged: 401, unreadable: 400), its events are queued durably in one transaction, and only
 * then is it acknowledged (202), so a tool's retry after a failure loses nothing and a duplicate is dropped by its
 * delivery id.
 */
public final class WebhookResources implements HttpApi.RouteModule {
    private final SyncService sync;
    private final ConnectorsFromStore connectors;
    private final String publicBaseUrl;

    /**
     * @param publicBaseUrl the URL the tools call Boxsync at (Trello signs it into each delivery); empty to use the
     *                      URL of the request as received
     */
    public WebhookResources(SyncService sync, ConnectorsFromStore connectors, String publicBaseUrl) {
        this.sync = sync;
        this.connectors = connectors;
        this.publicBaseUrl = publicBaseUrl == null ? "" : publicBaseUrl.replaceAll("/+$", "");
    }

    @Override
    public void register(RoutesConfig routes, ProblemResponses problems) {
        routes.head("/webhooks/{connectionId}", ctx -> {
            connectorOf(ctx);
            ctx.status(200);
        });
        routes.post("/webhooks/{connectionId}", this::receive);
    }

    private void receive(Context ctx) {
        ConnectionId id = Params.connection(ctx);
        Connector connector = connectorOf(ctx);
        Map<String, String> headers = new HashMap<>();
        ctx.headerMap().forEach(headers::put);
        String callback = publicBaseUrl.isEmpty() ? ctx.fullUrl() : publicBaseUrl + ctx.path();
        List<RemoteEvent> events;
        try {
            events = connector.webhooks().verifyAndDecode(new WebhookRequest(headers, ctx.bodyAsBytes(), callback));
        } catch (WebhookException e) {
            throw switch (e.reason()) {
                case UNSIGNED, FORGED -> new ApiException(Problem.ofKind("webhook-signature", 401,
                        "Webhook signature not valid", e.getMessage()));
                case MALFORMED -> new ApiException(Problem.ofKind("webhook-malformed", 400,
                        "Webhook delivery not understood", e.getMessage()));
            };
        }
        int queued = sync.acceptEvents(id, events);
        ctx.status(202).json(Map.of("received", events.size(), "queued", queued));
    }

    private Connector connectorOf(Context ctx) {
        ConnectionId id = Params.connection(ctx);
        try {
            return connectors.connector(id);
        } catch (NoSuchElementException e) {
            throw ApiException.notFound("There is no connection " + id + ".");
        }
    }
}
