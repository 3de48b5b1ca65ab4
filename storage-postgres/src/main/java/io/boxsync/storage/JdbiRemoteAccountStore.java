package io.boxsync.storage;

import io.boxsync.connector.RemoteAccount;
import io.boxsync.connector.Secret;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.core.domain.UserId;
import io.boxsync.core.port.RemoteAccountStore;
import org.jdbi.v3.core.Handle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

final class JdbiRemoteAccountStore implements RemoteAccountStore {
    private final Handle handle;
    private final SecretCipher cipher;

    JdbiRemoteAccountStore(Handle handle, SecretCipher cipher) {
        this.handle = handle;
        this.cipher = cipher;
    }

    static String context(long user, long connection) {
        return "remote-account:user:" + user + ":connection:" + connection;
    }

    @Override
    public void link(UserId user, ConnectionId connection, RemoteAccount account) {
        Objects.requireNonNull(account, "account");
        handle.createUpdate("INSERT INTO remote_accounts (user_id, connection_id, remote_account_id, login, token_enc)"
                        + " VALUES (:user, :connection, :account, :login, :token)"
                        + " ON CONFLICT (user_id, connection_id) DO UPDATE SET remote_account_id = excluded.remote_account_id,"
                        + " login = excluded.login, token_enc = excluded.token_enc, linked_at = now()")
                .bind("user", user.value()).bind("connection", connection.value())
                .bind("account", account.accountId()).bind("login", account.login())
                .bind("token", cipher.encrypt(account.secret().reveal(), context(user.value(), connection.value())))
                .execute();
    }

    @Override
    public void unlink(UserId user, ConnectionId connection) {
        handle.createUpdate("DELETE FROM remote_accounts WHERE user_id = :user AND connection_id = :connection")
                .bind("user", user.value()).bind("connection", connection.value()).execute();
    }

    @Override
    public Optional<RemoteAccount> accountOf(UserId user, ConnectionId connection) {
        return handle.createQuery("SELECT * FROM remote_accounts WHERE user_id = :user AND connection_id = :connection")
                .bind("user", user.value()).bind("connection", connection.value())
                .map((rs, ctx) -> account(rs)).findOne();
    }

    @Override
    public Optional<UserId> userOf(ConnectionId connection, String remoteAccountId) {
        return handle.createQuery("SELECT user_id FROM remote_accounts WHERE connection_id = :connection"
                        + " AND remote_account_id = :account ORDER BY linked_at, user_id LIMIT 1")
                .bind("connection", connection.value()).bind("account", remoteAccountId)
                .mapTo(Long.class).findOne().map(UserId::of);
    }

    @Override
    public Map<ConnectionId, RemoteAccount> accountsOf(UserId user) {
        Map<ConnectionId, RemoteAccount> accounts = new LinkedHashMap<>();
        handle.createQuery("SELECT * FROM remote_accounts WHERE user_id = :user ORDER BY connection_id")
                .bind("user", user.value())
                .map((rs, ctx) -> Map.entry(ConnectionId.of(rs.getLong("connection_id")), account(rs)))
                .forEach(e -> accounts.put(e.getKey(), e.getValue()));
        return accounts;
    }

    private RemoteAccount account(ResultSet rs) throws SQLException {
        String context = context(rs.getLong("user_id"), rs.getLong("connection_id"));
        return new RemoteAccount(rs.getString("remote_account_id"), rs.getString("login"),
                Secret.of(cipher.decrypt(rs.getString("token_enc"), context)));
    }
}
