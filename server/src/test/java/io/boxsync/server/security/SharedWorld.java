package io.boxsync.server.security;

import io.boxsync.server.e2e.TestWorld;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One {@link TestWorld} for all security and reliability tests of a test JVM: starting the server, its embedded
 * PostgreSQL and signing users in costs half a minute on a loaded machine, so the tests share it and each works in
 * Boxes of its own. Closed when the JVM exits. Tests that switch simulator faults on clear them when done.
 */
public final class SharedWorld {
    private static TestWorld world;
    private static Path dataDir;

    private SharedWorld() {
    }

    /** The shared world, started on first use. */
    public static synchronized TestWorld get() {
        if (world == null) {
            Path dir;
            try {
                dir = Files.createTempDirectory("boxsync-shared-world");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            world = TestWorld.start(dir, 6);
            dataDir = dir;
            TestWorld started = world;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "close-shared-world"));
        }
        return world;
    }

    /** The data directory of the shared world's server (its master key file lives there). */
    public static synchronized Path dataDir() {
        get();
        return dataDir;
    }
}
