package io.boxsync.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Housekeeping of the embedded cluster directory before PostgreSQL starts. Callers hold the data directory lock,
 * so a postmaster still running on the directory cannot belong to a live Boxsync: it is an orphan of a process
 * killed with {@code kill -9}.
 */
final class EmbeddedCluster {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedCluster.class);
    static final String EXPECTED_MAJOR = "17";

    private EmbeddedCluster() {
    }

    static void checkMajorVersion(Path cluster) throws IOException {
        Path versionFile = cluster.resolve("PG_VERSION");
        if (!Files.exists(versionFile)) {
            return;
        }
        String major = Files.readString(versionFile, StandardCharsets.US_ASCII).strip();
        if (!EXPECTED_MAJOR.equals(major)) {
            throw new DatabaseUnavailableException("The embedded database in " + cluster + " was created by PostgreSQL "
                    + major + ", but this Boxsync runs PostgreSQL " + EXPECTED_MAJOR
                    + "; upgrade it with pg_upgrade or dump and restore it");
        }
    }

    static void stopOrphanedPostmaster(Path cluster) throws IOException {
        Path pidFile = cluster.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<Long> pid = readPid(pidFile);
        Optional<ProcessHandle> orphan = pid.flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive)
                .filter(EmbeddedCluster::isPostgres);
        if (orphan.isPresent()) {
            ProcessHandle postmaster = orphan.get();
            LOG.warn("Stopping the PostgreSQL server (pid {}) left running on {} by a Boxsync process that was killed",
                    postmaster.pid(), cluster);
            stop(postmaster);
        }
        // PostgreSQL refuses to start while the pid file names a live process, even an unrelated one reusing the pid.
        Files.deleteIfExists(pidFile);
    }

    private static void stop(ProcessHandle postmaster) {
        signal(postmaster, "INT");   // fast shutdown: rolls back open transactions, checkpoints, exits
        if (awaitExit(postmaster, Duration.ofSeconds(20))) {
            return;
        }
        signal(postmaster, "QUIT");  // immediate shutdown: recovery replays the WAL on the next start
        if (awaitExit(postmaster, Duration.ofSeconds(5))) {
            return;
        }
        postmaster.destroyForcibly();
        if (!awaitExit(postmaster, Duration.ofSeconds(5))) {
            throw new DatabaseUnavailableException("The orphaned PostgreSQL server (pid " + postmaster.pid()
                    + ") does not stop; stop it by hand and start Boxsync again");
        }
    }

    private static void signal(ProcessHandle process, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            kill.getInputStream().readAllBytes();
            kill.waitFor();
        } catch (IOException e) {
            LOG.warn("Cannot send SIG{} to {}: {}", signal, process.pid(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean awaitExit(ProcessHandle process, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (process.isAlive() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !process.isAlive();
            }
        }
        return !process.isAlive();
    }

    private static boolean isPostgres(ProcessHandle process) {
        Optional<String> command = process.info().command();
        if (command.isPresent()) {
            return Path.of(command.get()).getFileName().toString().equals("postgres");
        }
        try {
            byte[] cmdline = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
            String first = new String(cmdline, StandardCharsets.UTF_8).split("\0", 2)[0];
            return first.endsWith("postgres") || first.startsWith("postgres:");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static Optional<Long> readPid(Path pidFile) {
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
