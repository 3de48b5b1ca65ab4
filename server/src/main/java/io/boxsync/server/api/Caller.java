package io.boxsync.server.api;

import io.boxsync.core.domain.UserId;
import java.util.Objects;

/**
 * The authenticated user of a request.
 *
 * @param id    the user
 * @param login the login
 * @param admin whether the user has the Boxsync admin role
 */
public record Caller(UserId id, String login, boolean admin) {
    public Caller {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(login, "login");
    }
}
