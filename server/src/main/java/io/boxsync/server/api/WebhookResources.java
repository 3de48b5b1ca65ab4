package io.boxsync.server.api;

import io.boxsync.connector.Connector;
import io.boxsync.connector.RemoteEvent;
import io.boxsync.connector.WebhookException;
import io.boxsync.connector.WebhookRequest;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.core.queue.GroupCommit;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Webhook deliveries from the tools, one endpoint per connection. A delivery is verified before anything is
 * stored (unsigned or forged: 401, unreadable: 400), its events are queued durably in one transaction, and only
 * then is it acknowledged (202), so a tool's retry after a failure loses nothing and a duplicate is dropped by its
 * delivery id. Concurrent deliveries share one transaction (group commit); when it cannot be made, or too many
 * deliveries wait for it, the answer is 503 with {@code Retry-After} and nothing of the delivery is stored.
 */
public final class WebhookResources implements HttpApi.RouteModule {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookResources.class);
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
        int queued;
        try {
            queued = sync.acceptEvents(id, events);
        } catch (GroupCommit.Busy | GroupCommit.Failed e) {
            if (e instanceof GroupCommit.Failed) {
                LOG.warn("Webhook delivery for connection {} not stored, answered 503: {}", id, e.getCause().toString());
            }
            ctx.header("Retry-After", "1");
            throw new ApiException(Problem.ofKind("busy", 503, "Service Unavailable",
                    "Boxsync could not store the delivery now; nothing of it was stored. Try again shortly."));
        }
        ctx.status(202).contentType("application/json")
                .result("{\"received\":" + events.size() + ",\"queued\":" + queued + "}");
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
