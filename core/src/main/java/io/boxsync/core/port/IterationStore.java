package io.boxsync.core.port;

import io.boxsync.connector.IterationRef;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.core.domain.Iteration;
import java.util.List;
import java.util.Optional;

/** Cadences known per connection. */
public interface IterationStore {

    /** Inserts or replaces by (connection, kind, id). */
    void upsert(Iteration iteration);

    List<Iteration> of(ConnectionId connection);

    Optional<Iteration> find(ConnectionId connection, IterationRef.Kind kind, String id);
}
