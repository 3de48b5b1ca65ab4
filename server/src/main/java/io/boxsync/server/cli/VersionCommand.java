package io.boxsync.server.cli;

import io.boxsync.server.BoxsyncVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code boxsync version}: prints the version. */
@Command(name = "version", description = "Print the Boxsync version.")
public final class VersionCommand implements Runnable {
    @ParentCommand
    BoxsyncCommand parent;

    @Override
    public void run() {
        parent.out().println("boxsync " + BoxsyncVersion.current());
        parent.out().flush();
    }
}
