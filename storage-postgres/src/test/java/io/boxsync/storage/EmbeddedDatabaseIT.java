package io.boxsync.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded database on a persistent directory, across restarts, kill -9 and a second process. */
class EmbeddedDatabaseIT {
    @TempDir
    Path dataDir;

    private static Process startChild(Path dataDir, String login) throws Exception {
        String java = ProcessHandle.current().info().command()
                .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                EmbeddedChild.class.getName(), dataDir.toString(), login)
                .redirectError(Files.createDirectories(Path.of("target")).resolve("embedded-child-" + login + ".err").toFile())
                .start();
    }

    private static void awaitReady(Process child) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("READY")) {
                        return line;
                    }
                }
                return "child ended before it was ready";
            } catch (Exception e) {
                return e.toString();
            }
        });
        assertThat(ready.get(180, TimeUnit.SECONDS)).startsWith("READY");
    }

    private static Optional<Long> postmasterPid(Path dataDir) throws Exception {
        Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        return Optional.of(Long.parseLong(lines.get(0).strip()));
    }

    @Test
    void dataSurvivesAKill9AndTheOrphanedPostmasterIsStopped() throws Exception {
        Process child = startChild(dataDir, "survivor");
        try {
            awaitReady(child);
        } finally {
            child.destroyForcibly();
            child.waitFor(60, TimeUnit.SECONDS);
        }
        Optional<Long> orphan = postmasterPid(dataDir);
        assertThat(orphan).as("kill -9 leaves the postmaster's pid file").isPresent();
        assertThat(ProcessHandle.of(orphan.get()).map(ProcessHandle::isAlive)).as("and the postmaster running")
                .contains(true);

        try (Database db = Database.embedded(dataDir, 0)) {
            assertThat(ProcessHandle.of(orphan.get()).filter(ProcessHandle::isAlive)).isEmpty();
            List<String> logins = db.jdbi().withHandle(h -> h.createQuery("SELECT login FROM users")
                    .mapTo(String.class).list());
            assertThat(logins).containsExactly("survivor");
            assertThat(db.serverVersion()).startsWith("PostgreSQL 17.");
            String fsync = db.jdbi().withHandle(h -> h.createQuery("SHOW fsync").mapTo(String.class).one());
            String syncCommit = db.jdbi().withHandle(h -> h.createQuery("SHOW synchronous_commit")
                    .mapTo(String.class).one());
            assertThat(fsync).isEqualTo("on");
            assertThat(syncCommit).isEqualTo("on");
        }
        assertThat(postmasterPid(dataDir)).as("a clean close stops the server").isEmpty();
    }

    @Test
    void aSecondProcessOnTheSameDirectoryGetsAClearInUseError() throws Exception {
        Process child = startChild(dataDir, "first");
        try {
            awaitReady(child);
            assertThatThrownBy(() -> Database.embedded(dataDir, 0))
                    .isInstanceOf(DataDirectoryInUseException.class)
                    .hasMessageContaining(dataDir.toString())
                    .hasMessageContaining("in use by another Boxsync process");
        } finally {
            child.destroyForcibly();
            child.waitFor(60, TimeUnit.SECONDS);
            Database.embedded(dataDir, 0).close();
        }
    }

    @Test
    void aSecondOpenInTheSameProcessIsRefusedAndTheDirectoryIsFreeAfterClose() {
        try (Database db = Database.embedded(dataDir, 0)) {
            assertThat(db.isEmbedded()).isTrue();
            assertThatThrownBy(() -> Database.embedded(dataDir, 0)).isInstanceOf(DataDirectoryInUseException.class);
            db.jdbi().useHandle(h -> h.execute("INSERT INTO users (login, display_name) VALUES ('kept', 'Kept')"));
        }
        try (Database again = Database.embedded(dataDir, 0)) {
            List<String> logins = again.jdbi().withHandle(h -> h.createQuery("SELECT login FROM users")
                    .mapTo(String.class).list());
            assertThat(logins).containsExactly("kept");
        }
    }

    @Test
    void aClusterOfAnotherMajorVersionIsRefusedWithAdvice() throws Exception {
        Path cluster = Files.createDirectories(dataDir.resolve("postgres"));
        Files.writeString(cluster.resolve("PG_VERSION"), "14\n");
        assertThatThrownBy(() -> Database.embedded(dataDir, 0))
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("PostgreSQL 14").hasMessageContaining("pg_upgrade");
        assertThat(dataDir.resolve("boxsync.lock")).exists();
        Files.delete(cluster.resolve("PG_VERSION"));
        assertThatCode(() -> DataDirectoryLock.acquire(dataDir).release()).as("a failed start releases the lock")
                .doesNotThrowAnyException();
    }
}
