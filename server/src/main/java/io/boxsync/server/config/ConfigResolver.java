package io.boxsync.server.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Turns flags, environment and an optional properties file into one validated {@link ServerConfig}.
 * Precedence for every setting: flag, then environment variable, then configuration file, then default.
 * Every problem is reported as a {@link ConfigurationException} with one clear line.
 */
public final class ConfigResolver {

    /** The environment variable with the password of the admin created on a first start. */
    public static final String ADMIN_PASSWORD_VARIABLE = "BOXSYNC_ADMIN_PASSWORD";
    private static final long MIN_REQUEST_BYTES = 1024;
    private static final long MAX_REQUEST_BYTES = 1024L * 1024 * 1024;

    private final Map<String, String> environment;
    private final Path userHome;

    /**
     * @param environment the process environment (only {@code BOXSYNC_*} variables are read)
     * @param userHome the directory {@code ~} stands for
     */
    public ConfigResolver(Map<String, String> environment, Path userHome) {
        this.environment = Map.copyOf(environment);
        this.userHome = Objects.requireNonNull(userHome, "userHome");
    }

    /** A resolver over the real process environment and the user's home directory. */
    public static ConfigResolver ofProcess() {
        return new ConfigResolver(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /**
     * @param flags the values given as command-line flags (absent settings are simply not in the map)
     * @param configFile the properties file named by {@code --config}, if any
     * @throws ConfigurationException naming the first invalid setting
     */
    public ServerConfig resolve(Map<Setting, String> flags, Optional<Path> configFile) {
        Properties file = configFile.map(this::readFile).orElseGet(Properties::new);
        String fileName = configFile.map(Path::toString).orElse("");
        Map<Setting, Value> values = new EnumMap<>(Setting.class);
        for (Setting setting : Setting.values()) {
            pick(setting, flags, file, fileName).ifPresent(v -> values.put(setting, v));
        }

        String host = values.containsKey(Setting.HOST) ? validHost(values.get(Setting.HOST)) : ServerConfig.DEFAULT_HOST;
        int port = values.containsKey(Setting.PORT) ? validPort(values.get(Setting.PORT)) : ServerConfig.DEFAULT_PORT;
        Path dataDir = values.containsKey(Setting.DATA_DIR)
                ? validDataDir(values.get(Setting.DATA_DIR))
                : userHome.resolve(".boxsync").resolve("data").toAbsolutePath();
        long maxRequestBytes = values.containsKey(Setting.MAX_REQUEST_BYTES)
                ? validRequestLimit(values.get(Setting.MAX_REQUEST_BYTES))
                : ServerConfig.DEFAULT_MAX_REQUEST_BYTES;
        return new ServerConfig(host, port, dataDir, externalDatabase(values), maxRequestBytes, adminPassword());
    }

    private Optional<Value> pick(Setting setting, Map<Setting, String> flags, Properties file, String fileName) {
        if (flags.get(setting) != null) {
            return Optional.of(new Value(setting, flags.get(setting), "flag " + setting.flag()));
        }
        String fromEnvironment = environment.get(setting.environmentVariable());
        if (fromEnvironment != null) {
            return Optional.of(new Value(setting, fromEnvironment, "environment variable " + setting.environmentVariable()));
        }
        String fromFile = file.getProperty(setting.key());
        if (fromFile != null) {
            return Optional.of(new Value(setting, fromFile.strip(), "config file " + fileName));
        }
        return Optional.empty();
    }

    private Properties readFile(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new ConfigurationException("config file " + path + " does not exist or is not a regular file");
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigurationException("config file " + path + " cannot be read: " + e.getMessage());
        }
        for (String key : properties.stringPropertyNames()) {
            if (Setting.byKey(key).isEmpty()) {
                String known = Arrays.stream(Setting.values()).map(Setting::key).collect(Collectors.joining(", "));
                throw new ConfigurationException("unknown setting '" + key + "' in config file " + path
                        + " (known settings: " + known + ")");
            }
        }
        return properties;
    }

    private Optional<String> adminPassword() {
        String password = environment.get(ADMIN_PASSWORD_VARIABLE);
        if (password == null) {
            return Optional.empty();
        }
        if (password.length() < 12) {
            throw new ConfigurationException("invalid " + ADMIN_PASSWORD_VARIABLE
                    + " (from the environment): the first admin's password needs at least 12 characters");
        }
        return Optional.of(password);
    }

    private static String validHost(Value value) {
        if (value.raw().isBlank() || value.raw().chars().anyMatch(Character::isWhitespace)) {
            throw value.invalid("expected a host name or IP address to listen on, e.g. 127.0.0.1 or 0.0.0.0");
        }
        return value.raw();
    }

    private static int validPort(Value value) {
        try {
            int port = Integer.parseInt(value.raw().strip());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the allowed range
        }
        throw value.invalid("expected a whole number from 0 to 65535 (0 picks a free port)");
    }

    private Path validDataDir(Value value) {
        if (value.raw().isBlank()) {
            throw value.invalid("expected a directory path");
        }
        Path path;
        try {
            String raw = value.raw().strip();
            path = raw.equals("~") ? userHome
                    : raw.startsWith("~/") ? userHome.resolve(raw.substring(2)) : Path.of(raw);
        } catch (InvalidPathException e) {
            throw value.invalid("not a valid path: " + e.getReason());
        }
        if (Files.exists(path) && !Files.isDirectory(path)) {
            throw value.invalid("it exists and is not a directory");
        }
        return path.toAbsolutePath().normalize();
    }

    private static long validRequestLimit(Value value) {
        try {
            long limit = Long.parseLong(value.raw().strip());
            if (limit >= MIN_REQUEST_BYTES && limit <= MAX_REQUEST_BYTES) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the allowed range
        }
        throw value.invalid("expected a number of bytes from " + MIN_REQUEST_BYTES + " to " + MAX_REQUEST_BYTES);
    }

    private static Optional<ServerConfig.ExternalDatabase> externalDatabase(Map<Setting, Value> values) {
        Value url = values.get(Setting.DB_URL);
        Value user = values.get(Setting.DB_USER);
        Value password = values.get(Setting.DB_PASSWORD);
        if (url == null) {
            Value stray = user != null ? user : password;
            if (stray != null) {
                throw new ConfigurationException(stray.setting().key() + " (from " + stray.origin()
                        + ") is only used with an external database: also set --db-url or BOXSYNC_DB_URL");
            }
            return Optional.empty();
        }
        String jdbcUrl = url.raw().strip();
        if (!jdbcUrl.startsWith("jdbc:postgresql://") || jdbcUrl.length() <= "jdbc:postgresql://".length()) {
            throw url.invalid("expected jdbc:postgresql://HOST[:PORT]/DATABASE");
        }
        if (user == null || user.raw().isBlank()) {
            throw new ConfigurationException("the external database needs a user: set --db-user or BOXSYNC_DB_USER");
        }
        return Optional.of(new ServerConfig.ExternalDatabase(jdbcUrl, user.raw().strip(),
                password == null ? "" : password.raw()));
    }

    private record Value(Setting setting, String raw, String origin) {
        ConfigurationException invalid(String expectation) {
            return new ConfigurationException("invalid " + setting.key() + " " + shown() + " (from " + origin + "): "
                    + expectation);
        }

        private String shown() {
            if (setting.isSecret()) {
                return "'****'";
            }
            // a JDBC URL may carry a password in its query string
            int query = raw.indexOf('?');
            return "'" + (setting == Setting.DB_URL && query >= 0 ? raw.substring(0, query) + "?..." : raw) + "'";
        }
    }
}
