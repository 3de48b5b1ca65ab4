package io.boxsync.server.http;

/** What {@code /health} needs to know about the database. Implementations must be thread-safe. */
public interface DatabaseStatus {
    /** True when a trivial query succeeds within about a second; never throws. */
    boolean isReachable();

    /** The server's version, e.g. {@code PostgreSQL 17.11}; may throw when the database is unreachable. */
    String serverVersion();
}
