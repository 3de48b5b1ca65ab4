package io.boxsync.storage;

import io.boxsync.core.port.Stores;
import io.boxsync.core.port.Transactor;
import org.jdbi.v3.core.Jdbi;

import java.util.Objects;
import java.util.function.Function;

/**
 * {@link Transactor} on PostgreSQL: each call runs on one pooled connection in one READ COMMITTED transaction, with
 * {@link Stores} bound to it. Thread-safe; a transactor call made inside another runs in a separate transaction.
 */
public final class JdbiTransactor implements Transactor {
    private final Jdbi jdbi;
    private final SecretCipher cipher;

    public JdbiTransactor(Jdbi jdbi, SecretCipher cipher) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.cipher = Objects.requireNonNull(cipher, "cipher");
    }

    @Override
    public <T> T inTransaction(Function<Stores, T> work) {
        Objects.requireNonNull(work, "work");
        // READ COMMITTED is PostgreSQL's default; not setting it saves two round trips per transaction
        return jdbi.inTransaction(handle -> work.apply(new JdbiStores(handle, cipher)));
    }
}
