package io.boxsync.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.boxsync.server.BoxsyncMain;
import io.boxsync.server.BoxsyncVersion;
import io.boxsync.server.config.ConfigResolver;
import io.boxsync.server.config.ServerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandLineTest {

    @TempDir
    Path home;

    private final List<ServerConfig> launched = new ArrayList<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Map<String, String> env, String... args) {
        return BoxsyncMain.execute(args, new ConfigResolver(env, home), config -> {
            launched.add(config);
            return 0;
        }, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private List<String> errLines() {
        return err.toString().lines().toList();
    }

    @Test
    void serveWithoutFlagsLaunchesWithTheDefaults() {
        assertThat(run(Map.of(), "serve")).isZero();

        assertThat(launched).singleElement().satisfies(config -> {
            assertThat(config.host()).isEqualTo("127.0.0.1");
            assertThat(config.port()).isEqualTo(8080);
            assertThat(config.dataDir()).isEqualTo(home.resolve(".boxsync/data").toAbsolutePath());
            assertThat(config.externalDatabase()).isEmpty();
        });
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void flagsWinOverEnvironmentWhichWinsOverTheFile() throws Exception {
        Path file = home.resolve("boxsync.properties");
        Files.writeString(file, "host=10.0.0.1\nport=7000\ndata-dir=/from/file\n");

        run(Map.of("BOXSYNC_PORT", "7001", "BOXSYNC_DATA_DIR", "/from/env"),
                "serve", "--config", file.toString(), "--data-dir", "/from/flag");

        assertThat(launched).singleElement().satisfies(config -> {
            assertThat(config.host()).isEqualTo("10.0.0.1");
            assertThat(config.port()).isEqualTo(7001);
            assertThat(config.dataDir()).isEqualTo(Path.of("/from/flag"));
        });
    }

    @Test
    void externalDatabaseComesFromTheEnvironmentAndItsPasswordIsNeverPrinted() {
        run(Map.of("BOXSYNC_DB_URL", "jdbc:postgresql://db:5432/boxsync", "BOXSYNC_DB_USER", "boxsync",
                "BOXSYNC_DB_PASSWORD", "s3cret"), "serve");

        ServerConfig config = launched.get(0);
        assertThat(config.externalDatabase()).hasValueSatisfying(db -> {
            assertThat(db.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/boxsync");
            assertThat(db.password()).isEqualTo("s3cret");
        });
        assertThat(config.toString()).doesNotContain("s3cret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--port=abc", "--port=70000", "--port=-1", "--host=", "--max-request-bytes=5",
            "--db-url=mysql://x/y", "--db-user=alone", "--nonsense", "--config=/does/not/exist.properties"})
    void aBadFlagGetsOneClearLineAndExitCodeTwo(String flag) {
        int exit = run(Map.of(), "serve", flag);

        assertThat(exit).isEqualTo(2);
        assertThat(errLines()).hasSize(1);
        assertThat(errLines().get(0)).startsWith("boxsync: ").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(launched).isEmpty();
    }

    @Test
    void aBadEnvironmentValueNamesTheVariable() {
        int exit = run(Map.of("BOXSYNC_PORT", "eighty"), "serve");

        assertThat(exit).isEqualTo(2);
        assertThat(errLines()).containsExactly(
                "boxsync: invalid port 'eighty' (from environment variable BOXSYNC_PORT): expected a whole number from 0 to 65535 (0 picks a free port)");
    }

    @Test
    void anUnknownKeyInTheConfigFileIsRefusedWithTheKnownKeys() throws Exception {
        Path file = home.resolve("bad.properties");
        Files.writeString(file, "prot=8080\n");

        assertThat(run(Map.of(), "serve", "--config", file.toString())).isEqualTo(2);
        assertThat(errLines()).singleElement().asString()
                .contains("unknown setting 'prot'").contains("known settings: host, port");
    }

    @Test
    void aPasswordInTheDatabaseUrlIsNotEchoedWhenTheUrlIsRejected() {
        run(Map.of(), "serve", "--db-url", "postgres://db/x?password=hunter2", "--db-user", "u");

        assertThat(err.toString()).contains("invalid db-url").doesNotContain("hunter2");
    }

    @Test
    void aDataDirectoryThatIsAFileIsRefused() throws Exception {
        Path file = Files.createFile(home.resolve("plain-file"));

        assertThat(run(Map.of(), "serve", "--data-dir", file.toString())).isEqualTo(2);
        assertThat(errLines()).singleElement().asString().contains("exists and is not a directory");
    }

    @Test
    void anUnknownSubcommandIsAUsageError() {
        assertThat(run(Map.of(), "serv")).isEqualTo(2);
        assertThat(errLines()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--port=99999", "--flavour=server", "--issues=-3", "--seed=abc"})
    void aBadSimulatorFlagGetsOneClearLineAndExitCodeTwo(String flag) {
        int exit = run(Map.of(), "simulate", "jira", flag);

        assertThat(exit).isEqualTo(2);
        assertThat(errLines()).singleElement().asString().startsWith("boxsync: ");
    }

    @Test
    void versionPrintsTheBuildVersion() {
        assertThat(run(Map.of(), "version")).isZero();
        assertThat(out.toString().strip()).isEqualTo("boxsync " + BoxsyncVersion.current());
        assertThat(BoxsyncVersion.current()).doesNotContain("${").isNotEqualTo("unknown");
    }

    @Test
    void aFailedStartIsOneLineAndExitCodeOne() {
        int exit = BoxsyncMain.execute(new String[] {"serve"}, new ConfigResolver(Map.of(), home), config -> {
            throw new io.boxsync.server.StartupFailedException("data directory /x is in use by another Boxsync", null);
        }, new PrintWriter(out, true), new PrintWriter(err, true));

        assertThat(exit).isEqualTo(1);
        assertThat(errLines()).containsExactly("boxsync: data directory /x is in use by another Boxsync");
    }
}
