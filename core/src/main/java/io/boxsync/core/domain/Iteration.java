package io.boxsync.core.domain;

import io.boxsync.connector.IterationRef;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A cadence on the Roadmap: a sprint, version or list of a connection.
 *
 * @param connection the connection it belongs to
 * @param ref        the tool's reference
 * @param start      start date, or {@code null}
 * @param end        end date, or {@code null}
 * @param state      the tool's state (future, active, closed, released...), may be empty
 */
public record Iteration(ConnectionId connection, IterationRef ref, LocalDate start, LocalDate end, String state) {
    public Iteration {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(ref, "ref");
        state = state == null ? "" : state;
    }
}
