package io.boxsync.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of this Boxsync build, taken from the Maven project version at build time. */
public final class BoxsyncVersion {
    private static final String VERSION = load();

    private BoxsyncVersion() {
    }

    /** e.g. {@code 0.1.0-SNAPSHOT}; never null. */
    public static String current() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = BoxsyncVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
