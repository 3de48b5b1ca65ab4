package io.boxsync.server.reliability;

import io.boxsync.core.sync.SyncSettings;
import io.boxsync.server.BoxsyncServer;
import io.boxsync.server.config.ServerConfig;
import io.boxsync.server.wiring.SyncRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The server in a child JVM for {@link CrashSafetyIT}: {@code CrashChild <dataDir> <port>}; prints READY when up. */
public final class CrashChild {
    private CrashChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        ServerConfig config = new ServerConfig(ServerConfig.DEFAULT_HOST, Integer.parseInt(args[1]),
                Path.of(args[0]).toAbsolutePath(), Optional.empty(), ServerConfig.DEFAULT_MAX_REQUEST_BYTES,
                Optional.of(CrashSafetyIT.ADMIN_PASSWORD));
        BoxsyncServer.start(config, System.out, SyncSettings.defaults().withCoalescingInterval(Duration.ofSeconds(1))
                        .withRetries(8, Duration.ofMillis(500), Duration.ofSeconds(5)),
                new SyncRuntime.Loops(Duration.ofMillis(100), Duration.ofMinutes(30), Duration.ofMinutes(30)));
        System.out.println("READY");
        System.out.flush();
        Thread.currentThread().join();
    }
}
