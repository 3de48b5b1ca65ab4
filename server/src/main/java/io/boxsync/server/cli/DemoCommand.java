package io.boxsync.server.cli;

import io.boxsync.server.demo.DemoDirectory;
import io.boxsync.server.demo.DemoWorld;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code boxsync demo}: Boxsync with a simulated Jira, demo people and Boxes, and a team editing issues, until Ctrl+C.
 * A second run on the same data directory reuses what the first made.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a self-contained demo: Boxsync on the embedded PostgreSQL, a simulated Jira Cloud with a"
                + " seeded organisation, demo users and Boxes, and a team editing issues now and then.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Directory of the demo's database and state (default ~/.boxsync/demo).")
    Path dataDir;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "Boxsync's HTTP port on 127.0.0.1, 0 = any free port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--fresh", description = "Delete the demo's data directory first and start over.")
    boolean fresh;

    @Option(names = "--team-pace", paramLabel = "SECONDS", defaultValue = "5",
            description = "Seconds between the simulated team's Jira edits, 0 = no edits (default ${DEFAULT-VALUE}).")
    int teamPaceSeconds;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "invalid --port " + port + ": expected a whole number from 0 to 65535");
        }
        if (teamPaceSeconds < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "invalid --team-pace " + teamPaceSeconds + ": expected 0 or more seconds");
        }
        Path dir = (dataDir != null ? dataDir : Path.of(System.getProperty("user.home"), ".boxsync", "demo"))
                .toAbsolutePath();
        if (fresh) {
            DemoDirectory.wipe(dir);
        }
        spec.commandLine().getOut().println("Starting the Boxsync demo in " + dir + " ...");
        spec.commandLine().getOut().flush();
        DemoWorld world = DemoWorld.start(dir, port, Duration.ofSeconds(teamPaceSeconds), System.out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                world.close();
            } finally {
                stopped.countDown();
            }
        }, "boxsync-demo-shutdown"));
        spec.commandLine().getOut().println(world.welcome());
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }
}
