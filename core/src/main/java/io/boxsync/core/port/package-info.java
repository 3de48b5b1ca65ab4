/**
 * The ports of the core: what the sync engine needs from the outside world (time, storage, the durable event
 * queue, cluster-wide locks, connectors, remote accounts). Storage implements the store ports on PostgreSQL; tests
 * use in-memory fakes. Unless a port says otherwise: implementations are thread-safe, no parameter may be
 * {@code null}, no result is {@code null} (absence is an empty {@code Optional} or collection), and store
 * methods run inside the transaction of the {@link io.boxsync.core.port.Stores} they came from.
 */
package io.boxsync.core.port;
