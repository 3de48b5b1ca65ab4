package io.boxsync.storage;

import io.boxsync.core.port.BoxLocks;
import io.boxsync.core.port.Transactor;
import io.boxsync.storage.auth.AuthStore;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything the server wires from storage, on one migrated {@link Database}: the {@link Transactor} of the store
 * ports, the cluster-wide {@link BoxLocks}, and the {@link AuthStore}. Thread-safe. Closing it closes the database.
 *
 * <pre>{@code
 * Database db = Database.embedded(dataDir, 0);                 // or Database.external(url, user, password)
 * PostgresStorage storage = PostgresStorage.open(db, MasterKey.cipher(dataDir));
 * }</pre>
 */
public final class PostgresStorage implements AutoCloseable {
    private static final String KEY_CHECK_CONTEXT = "master-key-check";
    private static final String KEY_CHECK_PLAINTEXT = "boxsync";

    private final Database database;
    private final JdbiTransactor transactor;
    private final PostgresBoxLocks boxLocks;
    private final AuthStore auth;

    private PostgresStorage(Database database, SecretCipher cipher) {
        this.database = database;
        this.transactor = new JdbiTransactor(database.jdbi(), cipher);
        this.boxLocks = new PostgresBoxLocks(database.dataSource());
        this.auth = new AuthStore(database.jdbi());
    }

    /**
     * Opens storage on the database, checking that the master key is the one the database's credentials were
     * encrypted with (the first open records a check value).
     *
     * @throws WrongMasterKeyException when the key differs from the one used before
     */
    public static PostgresStorage open(Database database, SecretCipher cipher) {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(cipher, "cipher");
        verifyMasterKey(database, cipher);
        return new PostgresStorage(database, cipher);
    }

    /**
     * Starts the embedded database on the data directory and opens storage with the master key from
     * {@value MasterKey#ENV_VARIABLE} or {@code <dataDir>/master.key}.
     *
     * @throws DataDirectoryInUseException  when another process uses the directory
     * @throws DatabaseUnavailableException when PostgreSQL does not start
     * @throws WrongMasterKeyException      when the key differs from the one used before
     */
    public static PostgresStorage embedded(Path dataDir, int port) {
        Database database = Database.embedded(dataDir, port);
        return openOrClose(database, () -> MasterKey.cipher(dataDir.toAbsolutePath().normalize()));
    }

    /**
     * Connects to an external PostgreSQL and opens storage with the master key from
     * {@value MasterKey#ENV_VARIABLE} or {@code <keyDir>/master.key}.
     */
    public static PostgresStorage external(String jdbcUrl, String user, String password, Path keyDir) {
        Database database = Database.external(jdbcUrl, user, password);
        return openOrClose(database, () -> MasterKey.cipher(keyDir));
    }

    private static PostgresStorage openOrClose(Database database, java.util.function.Supplier<SecretCipher> cipher) {
        try {
            return open(database, cipher.get());
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    private static void verifyMasterKey(Database database, SecretCipher cipher) {
        database.jdbi().useTransaction(h -> {
            h.createUpdate("INSERT INTO master_key_check (check_value) VALUES (:value) ON CONFLICT DO NOTHING")
                    .bind("value", cipher.encrypt(KEY_CHECK_PLAINTEXT, KEY_CHECK_CONTEXT)).execute();
            String stored = h.createQuery("SELECT check_value FROM master_key_check").mapTo(String.class).one();
            try {
                cipher.decrypt(stored, KEY_CHECK_CONTEXT);
            } catch (WrongMasterKeyException e) {
                throw new WrongMasterKeyException("The master key (" + MasterKey.ENV_VARIABLE + " or "
                        + MasterKey.FILE_NAME + ") is not the one this database's credentials were encrypted with;"
                        + " start Boxsync with the original key");
            }
        });
    }

    public Transactor transactor() {
        return transactor;
    }

    public BoxLocks boxLocks() {
        return boxLocks;
    }

    public AuthStore auth() {
        return auth;
    }

    public Database database() {
        return database;
    }

    @Override
    public void close() {
        database.close();
    }
}
