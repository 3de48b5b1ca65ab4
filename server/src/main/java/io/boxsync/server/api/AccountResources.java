package io.boxsync.server.api;

import io.boxsync.connector.Connector;
import io.boxsync.connector.ConnectorException;
import io.boxsync.connector.RemoteAccount;
import io.boxsync.connector.RemoteMetadata;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.core.domain.User;
import io.boxsync.core.domain.UserId;
import io.boxsync.core.port.Transactor;
import io.boxsync.server.api.Requests.AccountRequest;
import io.boxsync.server.api.Views.AccountView;
import io.boxsync.server.api.Views.MeView;
import io.boxsync.server.http.ApiException;
import io.boxsync.server.http.HttpApi;
import io.boxsync.server.http.ProblemResponses;
import io.boxsync.server.wiring.ConnectorsFromStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.NoSuchElementException;

/**
 * The remote accounts a user links per connection, so that their actions are written with their own rights. A
 * user links their own accounts; an admin may link anyone's. Tokens are checked against the tool before they are
 * stored, and are never returned.
 */
public final class AccountResources implements HttpApi.RouteModule {
    private final Transactor transactor;
    private final ConnectorsFromStore connectors;

    public AccountResources(Transactor transactor, ConnectorsFromStore connectors) {
        this.transactor = transactor;
        this.connectors = connectors;
    }

    @Override
    public void register(RoutesConfig routes, ProblemResponses problems) {
        routes.get("/api/me", ctx -> ctx.json(me(Access.caller(ctx).id())));
        routes.get("/api/users/{userId}/accounts", ctx -> {
            UserId user = allowed(ctx);
            ctx.json(me(user).accounts());
        });
        routes.put("/api/users/{userId}/accounts/{connectionId}", this::link);
        routes.delete("/api/users/{userId}/accounts/{connectionId}", ctx -> {
            UserId user = allowed(ctx);
            ConnectionId connection = Params.connection(ctx);
            transactor.run(s -> {
                if (s.accounts().accountOf(user, connection).isEmpty()) {
                    throw ApiException.notFound("User " + user + " has no account linked on connection " + connection + ".");
                }
                s.accounts().unlink(user, connection);
            });
            ctx.status(204);
        });
    }

    private void link(Context ctx) {
        UserId user = allowed(ctx);
        ConnectionId connection = Params.connection(ctx);
        AccountRequest body = Requests.body(ctx.bodyAsClass(AccountRequest.class));
        RemoteAccount account = body.toAccount();
        Connector connector;
        try {
            connector = connectors.connector(connection);
        } catch (NoSuchElementException e) {
            throw ApiException.notFound("There is no connection " + connection + ".");
        }
        RemoteMetadata.Item who;
        try {
            who = connector.check(account);
        } catch (ConnectorException e) {
            throw ConnectionResources.refusedByTool(e);
        }
        if (!who.id().equals(account.accountId())) {
            throw ApiException.invalid("The token belongs to account '" + who.id() + "', not '" + account.accountId()
                    + "'.", new io.boxsync.server.http.Problem.FieldError("accountId", "does not match the token"));
        }
        transactor.run(s -> s.accounts().link(user, connection, account));
        ctx.json(new AccountView(connection.value(), account.accountId(), account.login()));
    }

    private UserId allowed(Context ctx) {
        Caller caller = Access.caller(ctx);
        UserId user = Params.user(ctx);
        if (!caller.admin() && !caller.id().equals(user)) {
            throw ApiException.forbidden("You may link only your own accounts.");
        }
        return user;
    }

    private MeView me(UserId id) {
        return transactor.inTransaction(s -> {
            User user = s.users().find(id).orElseThrow(() -> ApiException.notFound("There is no user " + id + "."));
            return new MeView(user.id().value(), user.login(), user.displayName(), user.admin(),
                    s.accounts().accountsOf(id).entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                            .map(e -> new AccountView(e.getKey().value(), e.getValue().accountId(), e.getValue().login()))
                            .toList());
        });
    }
}
