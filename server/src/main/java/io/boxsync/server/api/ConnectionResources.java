package io.boxsync.server.api;

import io.boxsync.connector.ConnectionKind;
import io.boxsync.connector.ConnectionSettings;
import io.boxsync.connector.Connector;
import io.boxsync.connector.ConnectorException;
import io.boxsync.connector.FieldMapping;
import io.boxsync.connector.RemoteAccount;
import io.boxsync.connector.RemoteMetadata;
import io.boxsync.core.domain.Connection;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.core.domain.Iteration;
import io.boxsync.core.port.Clock;
import io.boxsync.core.port.Transactor;
import io.boxsync.server.api.Requests.ConnectionRequest;
import io.boxsync.server.api.Requests.FieldMappingRequest;
import io.boxsync.server.api.Views.ConnectionView;
import io.boxsync.server.api.Views.HealthView;
import io.boxsync.server.http.ApiException;
import io.boxsync.server.http.HttpApi;
import io.boxsync.server.http.Problem;
import io.boxsync.server.http.ProblemResponses;
import io.boxsync.server.wiring.ConnectorsFromStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;

/**
 * Connections (admin only): created only after the tool accepted the technical user, with metadata loaded at once;
 * field mapping, metadata refresh and health. Health is what sync observed of the connection's tool calls
 * ({@link io.boxsync.server.wiring.ConnectionHealth}); {@code ?check=true} adds a probe call now.
 */
public final class ConnectionResources implements HttpApi.RouteModule {
    private final Transactor transactor;
    private final ConnectorsFromStore connectors;
    private final Clock clock;

    public ConnectionResources(Transactor transactor, ConnectorsFromStore connectors, Clock clock) {
        this.transactor = transactor;
        this.connectors = connectors;
        this.clock = clock;
    }

    @Override
    public void register(RoutesConfig routes, ProblemResponses problems) {
        routes.get("/api/connections", ctx -> {
            Access.admin(ctx);
            ctx.json(transactor.inTransaction(s -> s.connections().all()).stream()
                    .map(c -> ConnectionView.of(c, healthOf(c.id(), false))).toList());
        });
        routes.post("/api/connections", this::create);
        routes.get("/api/connections/{connectionId}", ctx -> {
            Access.admin(ctx);
            Connection c = find(Params.connection(ctx));
            ctx.json(ConnectionView.of(c, healthOf(c.id(), "true".equals(ctx.queryParam("check")))));
        });
        routes.put("/api/connections/{connectionId}/field-mapping", this::updateMapping);
        routes.get("/api/connections/{connectionId}/metadata", ctx -> {
            Access.admin(ctx);
            ConnectionId id = find(Params.connection(ctx)).id();
            ctx.json(transactor.inTransaction(s -> s.metadata().load(id)).orElseThrow(
                    () -> ApiException.notFound("Metadata of connection " + id + " was never loaded; refresh it.")));
        });
        routes.post("/api/connections/{connectionId}/metadata/refresh", ctx -> {
            Access.admin(ctx);
            ConnectionId id = find(Params.connection(ctx)).id();
            ctx.json(loadMetadata(id, connectors.connector(id)));
        });
    }

    private void create(Context ctx) {
        Access.admin(ctx);
        ConnectionRequest body = Requests.body(ctx.bodyAsClass(ConnectionRequest.class));
        String name = Requests.required(body.name(), "name", Requests.MAX_NAME);
        ConnectionKind kind = body.kindValue();
        FieldMapping mapping = body.mapping(kind);
        RemoteAccount technical = body.technicalAccount();
        ConnectionSettings settings = new ConnectionSettings(kind, body.baseUri(), technical, body.secret(), mapping,
                Duration.ofSeconds(20), 1);
        try (Connector probe = connectors.forSettings(settings)) {
            probe.check(technical);
            probe.metadata();
        } catch (ConnectorException e) {
            throw refusedByTool(e);
        }
        Connection created = transactor.inTransaction(s -> s.connections().create(name, kind, settings.baseUrl(),
                mapping, technical, settings.webhookSecret()));
        loadMetadata(created.id(), connectors.connector(created.id()));
        ctx.status(201).json(ConnectionView.of(created, healthOf(created.id(), false)));
    }

    private void updateMapping(Context ctx) {
        Access.admin(ctx);
        Connection c = find(Params.connection(ctx));
        FieldMappingRequest body = Requests.body(ctx.bodyAsClass(FieldMappingRequest.class));
        FieldMapping mapping = body.toMapping(c.kind());
        transactor.run(s -> s.connections().updateMapping(c.id(), mapping));
        connectors.invalidate(c.id());
        ctx.json(ConnectionView.of(find(c.id()), healthOf(c.id(), false)));
    }

    /** Loads and stores a connection's metadata and cadences. */
    public RemoteMetadata loadMetadata(ConnectionId id, Connector connector) {
        RemoteMetadata metadata;
        try {
            metadata = connector.metadata();
        } catch (ConnectorException e) {
            throw refusedByTool(e);
        }
        Instant now = clock.now();
        transactor.run(s -> {
            s.metadata().save(id, metadata, now);
            metadata.iterations().forEach(ref -> s.iterations().upsert(new Iteration(id, ref, null, null, "")));
        });
        return metadata;
    }

    /** The observed health; a probe first when asked (its outcome is observed like any sync call). */
    private HealthView healthOf(ConnectionId id, boolean checkNow) {
        if (checkNow) {
            try {
                connectors.connector(id).check(transactor.inTransaction(s -> s.connections().technicalUser(id)));
            } catch (ConnectorException observed) {
                // recorded by the connector's observer; the health below says what failed
            }
        }
        return HealthView.of(connectors.health().status(id));
    }

    private Connection find(ConnectionId id) {
        return transactor.inTransaction(s -> s.connections().find(id))
                .orElseThrow(() -> ApiException.notFound("There is no connection " + id + "."));
    }

    /** A tool's refusal as a 422 problem that says what to fix. */
    static ApiException refusedByTool(ConnectorException e) {
        String hint = switch (e.kind()) {
            case AUTH -> "The tool did not accept the credentials; check the account id, login and token.";
            case PERMISSION -> "The tool accepted the account but it lacks a permission this needs.";
            case NOT_FOUND -> "The tool does not know what was named, or the account cannot see it.";
            case CONFIGURATION -> "The tool refused the request as invalid; check the URL and field mapping.";
            case CONFLICT -> "The tool refused because of its current state.";
            case TRANSIENT, INVALID_RESPONSE -> "The tool could not be reached or answered something unreadable; "
                    + "try again later.";
        };
        return new ApiException(Problem.ofKind("tool-refused", 422, "The connected tool refused",
                hint + " (" + e.getMessage() + ")"));
    }
}
