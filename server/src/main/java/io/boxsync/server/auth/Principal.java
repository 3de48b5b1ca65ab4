package io.boxsync.server.auth;

import io.boxsync.core.domain.User;
import java.util.Objects;
import java.util.Optional;

/**
 * The authenticated caller of one request.
 *
 * @param user who is calling
 * @param csrfToken the session's CSRF token when authenticated by a browser session, empty for an API token
 */
public record Principal(User user, Optional<String> csrfToken) {
    public Principal {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(csrfToken, "csrfToken");
    }

    /** Whether the request came with a session cookie, and so must prove it is not a cross-site forgery. */
    public boolean bySession() {
        return csrfToken.isPresent();
    }

    public boolean isAdmin() {
        return user.admin();
    }
}
