package io.boxsync.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** How many versioned migrations the module ships, so tests need no update when one is added. */
final class MigrationFiles {
    private MigrationFiles() {
    }

    static int count() {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            return (int) files.filter(f -> f.getFileName().toString().matches("V\\d+(_\\d+)*__.+\\.sql")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
