package io.boxsync.server.cli;

import io.boxsync.simulator.jira.JiraSimulator;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code boxsync simulate}: runs a simulator of a connected tool for demos and manual tests. */
@Command(name = "simulate", mixinStandardHelpOptions = true, description = "Run a simulated connected tool.",
        subcommands = SimulateCommand.Jira.class)
public final class SimulateCommand implements Runnable {

    @ParentCommand
    BoxsyncCommand parent;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The Jira flavours a user may ask for on the command line. */
    public enum FlavourOption {
        cloud(JiraSimulator.Flavour.CLOUD), dc(JiraSimulator.Flavour.DATA_CENTER);

        final JiraSimulator.Flavour flavour;

        FlavourOption(JiraSimulator.Flavour flavour) {
            this.flavour = flavour;
        }
    }

    /** {@code boxsync simulate jira}: a seeded Jira simulator on 127.0.0.1 until SIGTERM. */
    @Command(name = "jira", mixinStandardHelpOptions = true,
            description = "Run a Jira simulator on 127.0.0.1, seeded with a deterministic organisation.")
    public static final class Jira implements Callable<Integer> {
        @ParentCommand
        SimulateCommand simulate;

        @Option(names = "--port", paramLabel = "PORT", defaultValue = "8090", description = "Port, 0 = any free port (default ${DEFAULT-VALUE}).")
        int port;

        @Option(names = "--issues", paramLabel = "N", defaultValue = "200", description = "How many issues to seed (default ${DEFAULT-VALUE}).")
        int issues;

        @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of the generated organisation (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--flavour", paramLabel = "cloud|dc", defaultValue = "cloud", description = "Jira Cloud or Data Center (default ${DEFAULT-VALUE}).")
        FlavourOption flavour;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            if (port < 0 || port > 65535) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "invalid --port " + port + ": expected a whole number from 0 to 65535");
            }
            if (issues < 0 || issues > 1_000_000) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "invalid --issues " + issues + ": expected a number from 0 to 1000000");
            }
            JiraSimulator simulator = JiraSimulator.start(flavour.flavour, port);
            simulator.seed(seed, issues);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                simulator.close();
                stopped.countDown();
            }, "boxsync-simulator-shutdown"));
            spec.commandLine().getOut().println("Jira simulator (" + flavour + ") with " + issues
                    + " issues listening on " + simulator.baseUrl() + " - stop with Ctrl+C");
            spec.commandLine().getOut().flush();
            stopped.await();
            return 0;
        }
    }
}
