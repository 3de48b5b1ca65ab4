package io.boxsync.server.auth;

import io.boxsync.core.domain.User;
import io.boxsync.storage.auth.AuthStore;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local accounts, browser sessions and API tokens. Stores only hashes: Argon2id for passwords, SHA-256 for the
 * random session ids and tokens. Thread-safe.
 */
public final class AuthService {
    private static final Logger LOG = LoggerFactory.getLogger(AuthService.class);
    /** The login of the admin created on a first start. */
    public static final String FIRST_ADMIN_LOGIN = "admin";
    static final Duration SESSION_LIFETIME = Duration.ofHours(12);

    private final UserAccounts accounts;
    private final AuthStore store;
    private final PasswordHasher hasher;
    private final Clock clock;
    private volatile String dummyHash;

    public AuthService(UserAccounts accounts, AuthStore store, PasswordHasher hasher, Clock clock) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.store = Objects.requireNonNull(store, "store");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A new browser session: the raw id goes into the cookie only, the CSRF token to the page. */
    public record NewSession(User user, String sessionId, String csrfToken, Instant expiresAt) {
        @Override
        public String toString() {
            return "NewSession[user=" + user.login() + ", expiresAt=" + expiresAt + "]";
        }
    }

    /** A new API token; {@code token} is shown to its owner once and never stored. */
    public record NewToken(AuthStore.ApiToken stored, String token) {
        @Override
        public String toString() {
            return "NewToken[id=" + stored.id() + "]";
        }
    }

    /** Signs in; empty when the login is unknown or the password wrong (the caller cannot tell which). */
    public Optional<NewSession> login(String login, char[] password) {
        Optional<AuthStore.Credentials> credentials = store.credentials(login);
        // hash even for an unknown login, so the answer time does not reveal which logins exist
        String hash = credentials.map(AuthStore.Credentials::passwordHash).orElseGet(this::dummyHash);
        boolean matches = hasher.verify(password, hash);
        if (credentials.isEmpty() || !matches) {
            return Optional.empty();
        }
        User user = credentials.get().user();
        String sessionId = Tokens.random("");
        String csrf = Tokens.random("");
        Instant now = clock.instant();
        Instant expires = now.plus(SESSION_LIFETIME);
        store.createSession(Tokens.sha256(sessionId), user.id(), csrf, now, expires);
        return Optional.of(new NewSession(user, sessionId, csrf, expires));
    }

    private String dummyHash() {
        String hash = dummyHash;
        if (hash == null) {
            hash = hasher.hash("not-a-password".toCharArray());
            dummyHash = hash;
        }
        return hash;
    }

    /** The caller behind a session cookie value, extending the session when half its life has passed. */
    public Optional<Principal> bySession(String sessionId) {
        String idHash = Tokens.sha256(sessionId);
        Instant now = clock.instant();
        return store.findSession(idHash, now).flatMap(session -> {
            if (session.expiresAt().isBefore(now.plus(SESSION_LIFETIME.dividedBy(2)))) {
                store.extendSession(idHash, now.plus(SESSION_LIFETIME));
            }
            return accounts.find(session.user()).map(user -> new Principal(user, Optional.of(session.csrfToken())));
        });
    }

    /** The caller behind a bearer token. */
    public Optional<Principal> byToken(String token) {
        return store.userByTokenHash(Tokens.sha256(token), clock.instant())
                .map(user -> new Principal(user, Optional.empty()));
    }

    /** Ends the session of that cookie value; idempotent. */
    public void logout(String sessionId) {
        store.deleteSession(Tokens.sha256(sessionId));
    }

    /**
     * Creates a local account.
     *
     * @throws UserAccounts.LoginTakenException when the login exists
     */
    public User createUser(String login, String displayName, char[] password, boolean admin) {
        return accounts.create(login, displayName, admin, hasher.hash(password));
    }

    public List<User> users() {
        return accounts.all();
    }

    public NewToken createToken(User owner, String name) {
        String token = Tokens.random("bxs_");
        AuthStore.ApiToken stored = store.createToken(owner.id(), name, Tokens.sha256(token), clock.instant(), null);
        return new NewToken(stored, token);
    }

    public List<AuthStore.ApiToken> tokens(User owner) {
        return store.tokens(owner.id());
    }

    public boolean revokeToken(User owner, long tokenId) {
        return store.deleteToken(owner.id(), tokenId);
    }

    /**
     * On a first start (no admin yet) creates the admin {@value #FIRST_ADMIN_LOGIN}: with the given password, or
     * with a generated one printed once on {@code console}. Does nothing when an admin exists.
     */
    public void ensureFirstAdmin(Optional<String> configuredPassword, PrintStream console) {
        if (accounts.anyAdmin()) {
            return;
        }
        String password = configuredPassword.orElseGet(() -> Tokens.random("").substring(0, 20));
        try {
            createUser(FIRST_ADMIN_LOGIN, "Administrator", password.toCharArray(), true);
        } catch (UserAccounts.LoginTakenException e) {
            LOG.warn("No admin exists but the login '{}' is taken; create an admin by hand", FIRST_ADMIN_LOGIN);
            return;
        }
        if (configuredPassword.isPresent()) {
            LOG.info("Created the first admin '{}' with the password from BOXSYNC_ADMIN_PASSWORD", FIRST_ADMIN_LOGIN);
        } else {
            console.println("Boxsync created the first admin. Sign in as '" + FIRST_ADMIN_LOGIN + "' with password: "
                    + password + "   (shown only this once)");
            console.flush();
        }
    }
}
