package io.boxsync.storage.auth;

import io.boxsync.core.domain.User;
import io.boxsync.core.domain.UserId;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the server's authentication keeps: users' password hashes, API tokens and browser sessions. Stores hashes
 * only: the server hashes passwords (e.g. PBKDF2/Argon2), token values and session ids (e.g. SHA-256) before they
 * reach this class, so the database never holds a usable credential.
 *
 * <p>Thread-safe. Each method runs in its own short transaction. No parameter may be {@code null} unless stated;
 * no result is {@code null}.
 */
public final class AuthStore {
    private final Jdbi jdbi;

    public AuthStore(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    }

    /** An API token as listed to its owner (the hash is never handed out). */
    public record ApiToken(long id, UserId user, String name, Instant createdAt, Instant lastUsedAt,
                           Instant expiresAt) {
    }

    /**
     * A browser session.
     *
     * @param idHash    the hash of the session id
     * @param user      its user
     * @param csrfToken the CSRF token bound to it
     * @param expiresAt when it ends
     */
    public record Session(String idHash, UserId user, String csrfToken, Instant createdAt, Instant expiresAt) {
    }

    /** How precisely a token's last use is recorded. */
    public static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    private static final RowMapper<User> USER = (rs, ctx) -> new User(UserId.of(rs.getLong("id")),
            rs.getString("login"), rs.getString("display_name"), rs.getBoolean("admin"));

    private static final RowMapper<ApiToken> TOKEN = (rs, ctx) -> new ApiToken(rs.getLong("id"),
            UserId.of(rs.getLong("user_id")), rs.getString("name"), instant(rs.getTimestamp("created_at")),
            instant(rs.getTimestamp("last_used_at")), instant(rs.getTimestamp("expires_at")));

    private static final RowMapper<Session> SESSION = (rs, ctx) -> new Session(rs.getString("id_hash"),
            UserId.of(rs.getLong("user_id")), rs.getString("csrf_token"), instant(rs.getTimestamp("created_at")),
            instant(rs.getTimestamp("expires_at")));

    /**
     * Sets or replaces the user's password hash.
     *
     * @throws java.util.NoSuchElementException when there is no such user
     */
    public void setPasswordHash(UserId user, String passwordHash) {
        Objects.requireNonNull(passwordHash, "passwordHash");
        int rows = jdbi.withHandle(h -> h.createUpdate("UPDATE users SET password_hash = :hash WHERE id = :id")
                .bind("hash", passwordHash).bind("id", user.value()).execute());
        if (rows == 0) {
            throw new java.util.NoSuchElementException("no user " + user);
        }
    }

    /** The password hash of the user with that login; empty when no such user or no password was set. */
    public Optional<String> passwordHash(String login) {
        return jdbi.withHandle(h -> h.createQuery("SELECT password_hash FROM users WHERE login = :login")
                .bind("login", login).mapTo(String.class).findOne());
    }

    /** The user with that login and their password hash, for a login check; empty when either is missing. */
    public Optional<Credentials> credentials(String login) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT id, login, display_name, admin, password_hash FROM users"
                                + " WHERE login = :login AND password_hash IS NOT NULL")
                .bind("login", login)
                .map((rs, ctx) -> new Credentials(USER.map(rs, ctx), rs.getString("password_hash")))
                .findOne());
    }

    /** A user and their password hash. */
    public record Credentials(User user, String passwordHash) {
    }

    /** Stores a new API token that never expires. */
    public ApiToken createToken(UserId user, String name, String tokenHash) {
        return createToken(user, name, tokenHash, Instant.now(), null);
    }

    /**
     * Stores a new API token.
     *
     * @param expiresAt when it stops working, {@code null} for never
     * @throws IllegalArgumentException when the hash is already stored (a token value was reused)
     */
    public ApiToken createToken(UserId user, String name, String tokenHash, Instant createdAt, Instant expiresAt) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tokenHash, "tokenHash");
        return jdbi.withHandle(h -> {
            boolean exists = h.createQuery("SELECT EXISTS (SELECT 1 FROM api_tokens WHERE token_hash = :hash)")
                    .bind("hash", tokenHash).mapTo(Boolean.class).one();
            if (exists) {
                throw new IllegalArgumentException("this token is already stored");
            }
            return h.createQuery("INSERT INTO api_tokens (user_id, name, token_hash, created_at, expires_at)"
                            + " VALUES (:user, :name, :hash, :created, :expires) RETURNING *")
                    .bind("user", user.value()).bind("name", name).bind("hash", tokenHash)
                    .bind("created", timestamp(createdAt)).bind("expires", timestamp(expiresAt))
                    .map(TOKEN).one();
        });
    }

    /**
     * The owner of a token that has not expired at {@code now}; records the use to the minute. A token used again
     * within {@link #LAST_USED_RESOLUTION} is only read, so a busy API client does not pay a durable write (and its
     * disk flush) on every request.
     */
    public Optional<User> userByTokenHash(String tokenHash, Instant now) {
        record Found(User user, Instant lastUsedAt) {
        }
        Optional<Found> found = jdbi.withHandle(h -> h.createQuery("SELECT u.*, t.last_used_at FROM api_tokens t"
                        + " JOIN users u ON u.id = t.user_id"
                        + " WHERE t.token_hash = :hash AND (t.expires_at IS NULL OR t.expires_at > :now)")
                .bind("hash", tokenHash).bind("now", timestamp(now))
                .map((rs, ctx) -> new Found(USER.map(rs, ctx), instant(rs.getTimestamp("last_used_at"))))
                .findOne());
        found.filter(f -> f.lastUsedAt() == null || !f.lastUsedAt().plus(LAST_USED_RESOLUTION).isAfter(now))
                .ifPresent(f -> jdbi.useHandle(h -> h.createUpdate("UPDATE api_tokens SET last_used_at = :now"
                                + " WHERE token_hash = :hash AND (last_used_at IS NULL OR last_used_at < :now)")
                        .bind("hash", tokenHash).bind("now", timestamp(now)).execute()));
        return found.map(Found::user);
    }

    /** {@link #userByTokenHash(String, Instant)} at the system time. */
    public Optional<User> userByTokenHash(String tokenHash) {
        return userByTokenHash(tokenHash, Instant.now());
    }

    /** The user's tokens, oldest first. */
    public List<ApiToken> tokens(UserId user) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM api_tokens WHERE user_id = :user ORDER BY id")
                .bind("user", user.value()).map(TOKEN).list());
    }

    /** Revokes one of the user's tokens; false when the user has no such token. */
    public boolean deleteToken(UserId user, long tokenId) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM api_tokens WHERE id = :id AND user_id = :user")
                .bind("id", tokenId).bind("user", user.value()).execute()) > 0;
    }

    /** Stores a new session. */
    public Session createSession(String idHash, UserId user, String csrfToken, Instant createdAt, Instant expiresAt) {
        Objects.requireNonNull(idHash, "idHash");
        Objects.requireNonNull(csrfToken, "csrfToken");
        return jdbi.withHandle(h -> h.createQuery("INSERT INTO sessions (id_hash, user_id, csrf_token, created_at,"
                        + " expires_at) VALUES (:id, :user, :csrf, :created, :expires) RETURNING *")
                .bind("id", idHash).bind("user", user.value()).bind("csrf", csrfToken)
                .bind("created", timestamp(createdAt)).bind("expires", timestamp(expiresAt))
                .map(SESSION).one());
    }

    /** The session if it exists and has not expired at {@code now}. */
    public Optional<Session> findSession(String idHash, Instant now) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM sessions WHERE id_hash = :id AND expires_at > :now")
                .bind("id", idHash).bind("now", timestamp(now)).map(SESSION).findOne());
    }

    /** Moves the session's expiry (sliding sessions); false when there is no such session. */
    public boolean extendSession(String idHash, Instant expiresAt) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE sessions SET expires_at = :expires WHERE id_hash = :id")
                .bind("id", idHash).bind("expires", timestamp(expiresAt)).execute()) > 0;
    }

    /** Ends the session (logout). Idempotent. */
    public void deleteSession(String idHash) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM sessions WHERE id_hash = :id").bind("id", idHash).execute());
    }

    /** Ends every session of the user (password change); returns how many. */
    public int deleteSessionsOf(UserId user) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM sessions WHERE user_id = :user")
                .bind("user", user.value()).execute());
    }

    /** Removes sessions expired at {@code now}; returns how many. */
    public int deleteExpiredSessions(Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM sessions WHERE expires_at <= :now")
                .bind("now", timestamp(now)).execute());
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
