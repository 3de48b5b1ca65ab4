package io.boxsync.server;

import io.boxsync.server.cli.BoxsyncCommand;
import io.boxsync.server.cli.ServerLauncher;
import io.boxsync.server.config.ConfigResolver;
import io.boxsync.server.config.ConfigurationException;
import io.boxsync.server.config.ServerConfig;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** The {@code boxsync} executable. Exit codes: 0 done, 1 could not run, 2 bad command line or configuration. */
public final class BoxsyncMain {
    /** Bad flags, values or configuration. */
    public static final int EXIT_USAGE = 2;
    /** The command was valid but could not run (e.g. data directory in use, database unreachable). */
    public static final int EXIT_FAILED = 1;

    private BoxsyncMain() {
    }

    public static void main(String[] args) {
        int exitCode = execute(args, ConfigResolver.ofProcess(), BoxsyncMain::serveUntilStopped,
                new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8));
        // exit code 0 needs no System.exit: serve returns only from its shutdown hook, where exit would block
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    /**
     * Runs one command line in-process and returns its exit code; every error is one line on {@code err}.
     */
    public static int execute(String[] args, ConfigResolver configResolver, ServerLauncher launcher,
                              PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new BoxsyncCommand(configResolver, launcher));
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler((e, givenArgs) -> {
            err.println("boxsync: " + e.getMessage() + " (see '" + e.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help')");
            err.flush();
            return EXIT_USAGE;
        });
        commandLine.setExecutionExceptionHandler((e, failed, parseResult) -> {
            if (e instanceof ConfigurationException || e instanceof CommandLine.ParameterException) {
                err.println("boxsync: " + e.getMessage());
                err.flush();
                return EXIT_USAGE;
            }
            if (e instanceof StartupFailedException) {
                err.println("boxsync: " + e.getMessage());
                err.flush();
                return EXIT_FAILED;
            }
            LoggerFactory.getLogger(BoxsyncMain.class).debug("Command failed", e);
            err.println("boxsync: failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            err.flush();
            return EXIT_FAILED;
        });
        return commandLine.execute(args);
    }

    private static int serveUntilStopped(ServerConfig config) throws InterruptedException {
        Logger log = LoggerFactory.getLogger(BoxsyncMain.class);
        BoxsyncServer server = BoxsyncServer.start(config, System.out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (RuntimeException e) {
                log.warn("Boxsync did not stop cleanly: {}", e.getMessage());
            } finally {
                stopped.countDown();
            }
        }, "boxsync-shutdown"));
        stopped.await();
        return 0;
    }
}
