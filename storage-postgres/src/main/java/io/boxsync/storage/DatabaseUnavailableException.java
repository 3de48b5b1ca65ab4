package io.boxsync.storage;

/**
 * The database cannot be used: unreachable, wrong URL, rejected credentials, or an embedded server that does not
 * start. The message is one clear line for an operator and never contains a password.
 */
public final class DatabaseUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public DatabaseUnavailableException(String message) {
        super(message);
    }
}
