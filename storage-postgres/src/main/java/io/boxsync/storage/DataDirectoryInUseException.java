package io.boxsync.storage;

import java.nio.file.Path;

/**
 * Another process (most likely another Boxsync) already uses the data directory. Stop that process or choose
 * another directory; retrying will not help while it runs.
 */
public final class DataDirectoryInUseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path directory;

    public DataDirectoryInUseException(Path directory) {
        super("The data directory " + directory + " is in use by another Boxsync process;"
                + " stop that process or start with another data directory");
        this.directory = directory;
    }

    /** The directory that is in use. */
    public Path directory() {
        return directory;
    }
}
