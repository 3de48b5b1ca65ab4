package io.boxsync.server.config;

/**
 * A configuration value the user must correct before the server can start. The message is one line that names
 * the setting, where the value came from and what is allowed; it never contains a secret.
 */
public final class ConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(message);
    }
}
