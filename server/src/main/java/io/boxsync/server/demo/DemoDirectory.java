package io.boxsync.server.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The demo's data directory: what {@code boxsync demo --fresh} may delete. */
public final class DemoDirectory {
    /** The file that marks a directory as the demo's own (written by {@link DemoWorld#start}). */
    public static final String MARKER = "demo.properties";

    private DemoDirectory() {
    }

    /**
     * Deletes a demo directory and everything in it; a missing directory is fine (idempotent).
     *
     * @throws NotADemoDirectoryException when the directory holds files but no {@link #MARKER}, so a typo in
     *     {@code --data-dir} can never wipe a home or a production data directory; nothing is deleted then
     */
    public static void wipe(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        boolean empty;
        try (Stream<Path> entries = Files.list(dir)) {
            empty = entries.findAny().isEmpty();
        }
        if (!empty && !Files.exists(dir.resolve(MARKER))) {
            throw new NotADemoDirectoryException("--fresh refuses to delete " + dir + ": it holds no " + MARKER
                    + ", so it is not a demo directory");
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The directory is not the demo's; choose another {@code --data-dir} or delete it by hand. */
    public static final class NotADemoDirectoryException extends IllegalStateException {
        public NotADemoDirectoryException(String message) {
            super(message);
        }
    }
}
