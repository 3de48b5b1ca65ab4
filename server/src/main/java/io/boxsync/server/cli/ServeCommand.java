package io.boxsync.server.cli;

import io.boxsync.server.config.ServerConfig;
import io.boxsync.server.config.Setting;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code boxsync serve}: validates the configuration once, then runs the server until SIGTERM. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the Boxsync server. Each setting comes from its flag, else its BOXSYNC_* environment"
                + " variable, else the --config file, else its default.")
public final class ServeCommand implements Callable<Integer> {

    @ParentCommand
    BoxsyncCommand parent;

    @Option(names = "--host", paramLabel = "HOST", description = "Address to listen on (BOXSYNC_HOST; default 127.0.0.1).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "HTTP port, 0 = any free port (BOXSYNC_PORT; default 8080).")
    String port;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Directory of the embedded database (BOXSYNC_DATA_DIR; default ~/.boxsync/data).")
    String dataDir;

    @Option(names = "--db-url", paramLabel = "JDBC_URL",
            description = "External PostgreSQL 14+, e.g. jdbc:postgresql://db:5432/boxsync (BOXSYNC_DB_URL). Without it the embedded database is used.")
    String dbUrl;

    @Option(names = "--db-user", paramLabel = "USER", description = "External database user (BOXSYNC_DB_USER).")
    String dbUser;

    @Option(names = "--db-password", paramLabel = "PASSWORD",
            description = "External database password (BOXSYNC_DB_PASSWORD; prefer the environment variable).")
    String dbPassword;

    @Option(names = "--max-request-bytes", paramLabel = "BYTES",
            description = "Largest accepted request body (BOXSYNC_MAX_REQUEST_BYTES; default 1048576).")
    String maxRequestBytes;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with keys host, port, data-dir, db-url, db-user, db-password, max-request-bytes.")
    Path configFile;

    @Override
    public Integer call() throws Exception {
        ServerConfig config = parent.configResolver().resolve(flags(), Optional.ofNullable(configFile));
        return parent.launcher().serveUntilStopped(config);
    }

    private Map<Setting, String> flags() {
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        putIfGiven(flags, Setting.HOST, host);
        putIfGiven(flags, Setting.PORT, port);
        putIfGiven(flags, Setting.DATA_DIR, dataDir);
        putIfGiven(flags, Setting.DB_URL, dbUrl);
        putIfGiven(flags, Setting.DB_USER, dbUser);
        putIfGiven(flags, Setting.DB_PASSWORD, dbPassword);
        putIfGiven(flags, Setting.MAX_REQUEST_BYTES, maxRequestBytes);
        return flags;
    }

    private static void putIfGiven(Map<Setting, String> flags, Setting setting, String value) {
        if (value != null) {
            flags.put(setting, value);
        }
    }
}
