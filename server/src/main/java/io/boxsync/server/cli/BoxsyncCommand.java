package io.boxsync.server.cli;

import io.boxsync.server.BoxsyncVersion;
import io.boxsync.server.config.ConfigResolver;
import java.io.PrintWriter;
import java.util.Objects;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code boxsync} command: a group of subcommands. */
@Command(name = "boxsync", mixinStandardHelpOptions = true, versionProvider = BoxsyncCommand.Version.class,
        description = "Boxsync: plan in Boxes that stay in sync with Jira, Trello and Redmine.",
        subcommands = {ServeCommand.class, DemoCommand.class, SimulateCommand.class, VersionCommand.class})
public final class BoxsyncCommand implements Runnable {

    private final ConfigResolver configResolver;
    private final ServerLauncher launcher;

    @Spec
    CommandSpec spec;

    /**
     * @param configResolver reads environment and configuration files for {@code serve}
     * @param launcher starts the server once the configuration is valid
     */
    public BoxsyncCommand(ConfigResolver configResolver, ServerLauncher launcher) {
        this.configResolver = Objects.requireNonNull(configResolver, "configResolver");
        this.launcher = Objects.requireNonNull(launcher, "launcher");
    }

    ConfigResolver configResolver() {
        return configResolver;
    }

    ServerLauncher launcher() {
        return launcher;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    @Override
    public void run() {
        spec.commandLine().usage(out());
    }

    /** Supplies {@code --version}. */
    public static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"boxsync " + BoxsyncVersion.current()};
        }
    }
}
