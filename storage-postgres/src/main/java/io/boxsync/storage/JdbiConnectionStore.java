package io.boxsync.storage;

import io.boxsync.connector.ConnectionKind;
import io.boxsync.connector.FieldMapping;
import io.boxsync.connector.RemoteAccount;
import io.boxsync.connector.Secret;
import io.boxsync.core.domain.Connection;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.core.port.ConnectionStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

import java.net.URI;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

final class JdbiConnectionStore implements ConnectionStore {
    private static final RowMapper<Connection> CONNECTION = (rs, ctx) -> new Connection(
            ConnectionId.of(rs.getLong("id")), rs.getString("name"), ConnectionKind.valueOf(rs.getString("kind")),
            URI.create(rs.getString("base_url")), JsonCodec.read(rs.getString("field_mapping"), FieldMapping.class));

    private final Handle handle;
    private final SecretCipher cipher;

    JdbiConnectionStore(Handle handle, SecretCipher cipher) {
        this.handle = handle;
        this.cipher = cipher;
    }

    static String tokenContext(long connection) {
        return "connection:" + connection + ":technical-token";
    }

    static String webhookContext(long connection) {
        return "connection:" + connection + ":webhook-secret";
    }

    @Override
    public Connection create(String name, ConnectionKind kind, URI baseUrl, FieldMapping mapping,
                             RemoteAccount technicalUser, Secret webhookSecret) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(mapping, "mapping");
        Objects.requireNonNull(technicalUser, "technicalUser");
        long id = handle.createQuery("SELECT nextval(pg_get_serial_sequence('connections', 'id'))")
                .mapTo(Long.class).one();
        handle.createUpdate("INSERT INTO connections (id, name, kind, base_url, field_mapping, technical_account_id,"
                        + " technical_login, technical_token_enc, webhook_secret_enc) VALUES (:id, :name, :kind, :url,"
                        + " CAST(:mapping AS jsonb), :account, :login, :token, :webhook)")
                .bind("id", id).bind("name", name).bind("kind", kind.name()).bind("url", baseUrl.toString())
                .bind("mapping", JsonCodec.write(mapping))
                .bind("account", technicalUser.accountId()).bind("login", technicalUser.login())
                .bind("token", cipher.encrypt(technicalUser.secret().reveal(), tokenContext(id)))
                .bind("webhook", webhookSecret == null ? null
                        : cipher.encrypt(webhookSecret.reveal(), webhookContext(id)))
                .execute();
        return new Connection(ConnectionId.of(id), name, kind, baseUrl, mapping);
    }

    @Override
    public Optional<Connection> find(ConnectionId id) {
        return handle.createQuery("SELECT * FROM connections WHERE id = :id").bind("id", id.value())
                .map(CONNECTION).findOne();
    }

    @Override
    public List<Connection> all() {
        return handle.createQuery("SELECT * FROM connections ORDER BY id").map(CONNECTION).list();
    }

    @Override
    public void updateMapping(ConnectionId id, FieldMapping mapping) {
        int rows = handle.createUpdate("UPDATE connections SET field_mapping = CAST(:mapping AS jsonb) WHERE id = :id")
                .bind("id", id.value()).bind("mapping", JsonCodec.write(mapping)).execute();
        if (rows == 0) {
            throw new NoSuchElementException("no connection " + id);
        }
    }

    @Override
    public RemoteAccount technicalUser(ConnectionId id) {
        return handle.createQuery("SELECT technical_account_id, technical_login, technical_token_enc"
                        + " FROM connections WHERE id = :id")
                .bind("id", id.value())
                .map((rs, ctx) -> new RemoteAccount(rs.getString("technical_account_id"),
                        rs.getString("technical_login"),
                        Secret.of(cipher.decrypt(rs.getString("technical_token_enc"), tokenContext(id.value())))))
                .findOne()
                .orElseThrow(() -> new NoSuchElementException("no connection " + id));
    }

    @Override
    public Optional<Secret> webhookSecret(ConnectionId id) {
        return handle.createQuery("SELECT webhook_secret_enc FROM connections WHERE id = :id")
                .bind("id", id.value()).mapTo(String.class).findOne()
                .map(stored -> Secret.of(cipher.decrypt(stored, webhookContext(id.value()))));
    }
}
