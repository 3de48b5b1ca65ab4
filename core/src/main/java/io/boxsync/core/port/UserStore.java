package io.boxsync.core.port;

import io.boxsync.core.domain.User;
import io.boxsync.core.domain.UserId;
import java.util.List;
import java.util.Optional;

/** Boxsync users (credentials are the server's concern and are not exposed here). */
public interface UserStore {

    /** Creates a user; fails when the login is taken. */
    User create(String login, String displayName, boolean admin);

    Optional<User> find(UserId id);

    Optional<User> findByLogin(String login);

    List<User> all();
}
