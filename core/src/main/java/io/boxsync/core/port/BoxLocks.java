package io.boxsync.core.port;

import io.boxsync.core.domain.BoxId;
import java.util.Optional;

/**
 * Cluster-wide exclusive locks, one per Box, so that at most one full sync of a Box runs at a time across every
 * node (PostgreSQL advisory locks in production). Not tied to any transaction.
 */
public interface BoxLocks {

    /** Takes the Box's lock if free; empty when another node or thread holds it. Never blocks. */
    Optional<Held> tryLock(BoxId box);

    /** A held lock; closing it releases it. Closing twice is harmless. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }
}
