package io.boxsync.server.config;

import java.util.Arrays;
import java.util.Optional;

/** A server setting, with its command-line flag, environment variable and key in a configuration file. */
public enum Setting {
    HOST("host", "BOXSYNC_HOST"),
    PORT("port", "BOXSYNC_PORT"),
    DATA_DIR("data-dir", "BOXSYNC_DATA_DIR"),
    DB_URL("db-url", "BOXSYNC_DB_URL"),
    DB_USER("db-user", "BOXSYNC_DB_USER"),
    DB_PASSWORD("db-password", "BOXSYNC_DB_PASSWORD"),
    MAX_REQUEST_BYTES("max-request-bytes", "BOXSYNC_MAX_REQUEST_BYTES");

    private final String key;
    private final String environmentVariable;

    Setting(String key, String environmentVariable) {
        this.key = key;
        this.environmentVariable = environmentVariable;
    }

    /** The key in a configuration file, e.g. {@code data-dir}. */
    public String key() {
        return key;
    }

    /** The command-line flag, e.g. {@code --data-dir}. */
    public String flag() {
        return "--" + key;
    }

    /** The environment variable, e.g. {@code BOXSYNC_DATA_DIR}. */
    public String environmentVariable() {
        return environmentVariable;
    }

    /** The setting a configuration-file key names, if any. */
    public static Optional<Setting> byKey(String key) {
        return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
    }

    boolean isSecret() {
        return this == DB_PASSWORD;
    }
}
