package io.boxsync.server;

/**
 * The server cannot start for a reason the operator must fix (data directory in use, database unreachable, port
 * taken). The message is one clear line without secrets.
 */
public final class StartupFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StartupFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
