package io.boxsync.server.api;

import io.boxsync.core.domain.Box;
import io.boxsync.core.domain.BoxId;
import io.boxsync.core.domain.BoxRole;
import io.boxsync.core.port.Stores;
import io.boxsync.server.auth.Authentication;
import io.boxsync.server.http.ApiException;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * Who may reach what: the caller of a request (set by authentication) and the Box-role checks every Box resource
 * makes.
 */
public final class Access {
    private Access() {
    }

    /** The authenticated caller; 401 when the request is anonymous. */
    public static Caller caller(Context ctx) {
        var user = Authentication.principal(ctx).user();
        return new Caller(user.id(), user.login(), user.admin());
    }

    /** The caller, who must be a Boxsync admin; 403 otherwise. */
    public static Caller admin(Context ctx) {
        Caller caller = caller(ctx);
        if (!caller.admin()) {
            throw ApiException.forbidden("Only a Boxsync admin may do this.");
        }
        return caller;
    }

    /**
     * The caller's role in the Box, if a member. Box roles come from membership only, also for Boxsync admins (who
     * become Box admin of the Boxes they create), so the API and the sync engine agree on who may do what.
     */
    public static Optional<BoxRole> roleIn(Stores stores, Caller caller, BoxId box) {
        return stores.boxes().role(box, caller.id());
    }

    /**
     * The Box, when the caller holds at least the role; 404 when the Box does not exist or the caller cannot see it
     * at all, 403 when the caller sees it but lacks the role.
     */
    public static Box box(Stores stores, Caller caller, BoxId id, BoxRole needed) {
        Box box = stores.boxes().find(id).orElseThrow(() -> ApiException.notFound("There is no Box " + id + "."));
        BoxRole role = roleIn(stores, caller, id)
                .orElseThrow(() -> ApiException.notFound("There is no Box " + id + "."));
        if (!role.includes(needed)) {
            throw ApiException.forbidden("This needs the " + needed.name().toLowerCase() + " role in Box '"
                    + box.name() + "'; you are " + role.name().toLowerCase() + ".");
        }
        return box;
    }
}
