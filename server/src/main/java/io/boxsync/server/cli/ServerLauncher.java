package io.boxsync.server.cli;

import io.boxsync.server.config.ServerConfig;

/** Starts the server for {@code boxsync serve} and blocks until it has stopped. */
@FunctionalInterface
public interface ServerLauncher {
    /**
     * Runs the server with a valid configuration until the process is asked to stop.
     *
     * @return the process exit code
     */
    int serveUntilStopped(ServerConfig config) throws Exception;
}
