package io.boxsync.core.port;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs work in one database transaction: either everything the work did through the {@link Stores} is committed,
 * or, when it throws, nothing is. Transactions of different threads are isolated (READ COMMITTED at least).
 */
public interface Transactor {

    /** Runs the work in a new transaction and commits it; rolls back and rethrows when the work throws. */
    <T> T inTransaction(Function<Stores, T> work);

    /** {@link #inTransaction} for work without a result. */
    default void run(Consumer<Stores> work) {
        inTransaction(stores -> {
            work.accept(stores);
            return null;
        });
    }
}
