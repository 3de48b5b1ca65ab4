package io.boxsync.server.auth;

import io.boxsync.core.domain.User;
import io.boxsync.core.domain.UserId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * The users table as the server's account management needs it (create with a password hash, list, count). Each
 * method runs in its own transaction; thread-safe.
 */
public final class UserAccounts {
    private static final RowMapper<User> USER = (rs, ctx) -> new User(UserId.of(rs.getLong("id")),
            rs.getString("login"), rs.getString("display_name"), rs.getBoolean("admin"));

    private final Jdbi jdbi;

    public UserAccounts(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    }

    /** Thrown when a login is already taken. */
    public static final class LoginTakenException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LoginTakenException(String login) {
            super("the login '" + login + "' is already taken");
        }
    }

    /**
     * Creates a user with a password hash.
     *
     * @throws LoginTakenException when the login exists (also under a concurrent creation)
     */
    public User create(String login, String displayName, boolean admin, String passwordHash) {
        return jdbi.withHandle(h -> h.createQuery("INSERT INTO users (login, display_name, admin, password_hash)"
                        + " VALUES (:login, :name, :admin, :hash) ON CONFLICT (login) DO NOTHING RETURNING *")
                .bind("login", login).bind("name", displayName == null || displayName.isBlank() ? login : displayName)
                .bind("admin", admin).bind("hash", passwordHash)
                .map(USER).findOne())
                .orElseThrow(() -> new LoginTakenException(login));
    }

    public Optional<User> find(UserId id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM users WHERE id = :id").bind("id", id.value())
                .map(USER).findOne());
    }

    /** All users, by login. */
    public List<User> all() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM users ORDER BY login").map(USER).list());
    }

    /** Whether any user has the admin role. */
    public boolean anyAdmin() {
        return jdbi.withHandle(h -> h.createQuery("SELECT EXISTS (SELECT 1 FROM users WHERE admin)")
                .mapTo(Boolean.class).one());
    }
}
