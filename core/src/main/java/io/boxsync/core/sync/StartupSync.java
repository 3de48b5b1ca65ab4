package io.boxsync.core.sync;

import io.boxsync.connector.ConnectorException;
import io.boxsync.connector.IterationRef;
import io.boxsync.connector.RemoteMetadata;
import io.boxsync.core.domain.Author;
import io.boxsync.core.domain.Change;
import io.boxsync.core.domain.ChangeKind;
import io.boxsync.core.domain.ChangeOrigin;
import io.boxsync.core.domain.Connection;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.core.domain.FlagReason;
import io.boxsync.core.domain.Iteration;
import io.boxsync.core.port.SystemStateStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * S1 and what every later start does. On the very first start of a new installation ({@link
 * SystemStateStore#installation()} empty) it records the installation and loads each connection's metadata; no Box is
 * synchronized. On every later start it flags every own-scope Box (RESTART, or UPGRADE when the version differs,
 * then records the new version), so each re-syncs when next entered. Call {@link #onStart} once per node start.
 * Thread-safe.
 */
public final class StartupSync {

    /**
     * What a start did.
     *
     * @param firstStart        whether this was the first start of the installation
     * @param metadataLoaded    connections whose metadata was loaded (first start only)
     * @param metadataFailures  connections whose metadata could not be loaded, with the reason (first start only)
     * @param flagReason        why Boxes were flagged, {@code null} on the first start
     * @param boxesFlagged      how many own-scope Boxes were flagged
     */
    public record StartReport(boolean firstStart, List<ConnectionId> metadataLoaded,
                              Map<ConnectionId, String> metadataFailures, FlagReason flagReason, int boxesFlagged) {
        public StartReport {
            metadataLoaded = List.copyOf(metadataLoaded);
            metadataFailures = Map.copyOf(metadataFailures);
        }
    }

    private final SyncEnvironment env;

    public StartupSync(SyncEnvironment env) {
        this.env = Objects.requireNonNull(env, "env");
    }

    /** Runs the start-up step for a node of the given version. */
    public StartReport onStart(String version) {
        Objects.requireNonNull(version, "version");
        Optional<SystemStateStore.Installation> installation = env.tx().inTransaction(s -> s.system().installation());
        if (installation.isEmpty()) {
            return initialSync(version);
        }
        boolean upgrade = !installation.get().installedVersion().equals(version);
        FlagReason reason = upgrade ? FlagReason.UPGRADE : FlagReason.RESTART;
        int flagged = env.tx().inTransaction(s -> {
            int n = s.boxes().flagOwnScopeBoxes(reason);
            if (upgrade) {
                s.system().setInstalledVersion(version);
            }
            return n;
        });
        return new StartReport(false, List.of(), Map.of(), reason, flagged);
    }

    /** An admin cleared the cache: every own-scope Box is flagged, none synchronized. */
    public int cacheCleared() {
        return env.tx().inTransaction(s -> s.boxes().flagOwnScopeBoxes(FlagReason.CACHE_CLEAR));
    }

    private StartReport initialSync(String version) {
        List<Connection> connections = env.tx().inTransaction(s -> s.connections().all());
        Map<ConnectionId, RemoteMetadata> loaded = new LinkedHashMap<>();
        Map<ConnectionId, String> failures = new LinkedHashMap<>();
        for (Connection connection : connections) {
            try {
                loaded.put(connection.id(), env.connectors().connector(connection.id()).metadata());
            } catch (ConnectorException | java.util.NoSuchElementException e) {
                failures.put(connection.id(), FullSync.describe(e));
            }
        }
        Instant now = env.clock().now();
        return env.tx().inTransaction(s -> {
            if (s.system().installation().isPresent()) {
                return new StartReport(false, List.of(), Map.of(), null, 0);
            }
            s.system().recordInstallation(now, version);
            List<Change> changes = new ArrayList<>();
            for (Map.Entry<ConnectionId, RemoteMetadata> entry : loaded.entrySet()) {
                s.metadata().save(entry.getKey(), entry.getValue(), now);
                for (IterationRef ref : entry.getValue().iterations()) {
                    s.iterations().upsert(new Iteration(entry.getKey(), ref, null, null, ""));
                }
                changes.add(new Change(null, now, ChangeOrigin.INITIAL, ChangeKind.METADATA_LOADED, null, null,
                        "metadata", null, "connection " + entry.getKey() + ": " + entry.getValue().projects().size()
                        + " projects, " + entry.getValue().iterations().size() + " cadences",
                        Author.technicalUser(), null, null, "initial sync"));
            }
            s.changes().append(changes);
            return new StartReport(true, List.copyOf(loaded.keySet()), failures, null, 0);
        });
    }
}
