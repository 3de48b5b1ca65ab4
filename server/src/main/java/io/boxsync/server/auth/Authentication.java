package io.boxsync.server.auth;

import io.boxsync.server.http.ApiException;
import io.javalin.http.Context;

/** Access to the authenticated caller of a request under {@code /api}, for every route module. */
public final class Authentication {
    static final String PRINCIPAL = "boxsync.principal";

    private Authentication() {
    }

    /** The caller; every {@code /api} route except sign-in has one, else the request was already refused. */
    public static Principal principal(Context ctx) {
        Principal principal = ctx.attribute(PRINCIPAL);
        if (principal == null) {
            throw ApiException.unauthenticated("Sign in, or send an API token as 'Authorization: Bearer <token>'.");
        }
        return principal;
    }

    /** The caller, who must have the Boxsync admin role. */
    public static Principal requireAdmin(Context ctx) {
        Principal principal = principal(ctx);
        if (!principal.isAdmin()) {
            throw ApiException.forbidden("Only a Boxsync admin may do this.");
        }
        return principal;
    }
}
