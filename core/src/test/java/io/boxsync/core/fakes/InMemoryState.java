package io.boxsync.core.fakes;

import io.boxsync.connector.Cursor;
import io.boxsync.connector.RemoteAccount;
import io.boxsync.connector.RemoteMetadata;
import io.boxsync.connector.Secret;
import io.boxsync.core.domain.Box;
import io.boxsync.core.domain.BoxId;
import io.boxsync.core.domain.BoxRole;
import io.boxsync.core.domain.Change;
import io.boxsync.core.domain.Connection;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.core.domain.Dependency;
import io.boxsync.core.domain.DependencyId;
import io.boxsync.core.domain.Iteration;
import io.boxsync.core.domain.SyncRun;
import io.boxsync.core.domain.SyncRunId;
import io.boxsync.core.domain.Task;
import io.boxsync.core.domain.TaskId;
import io.boxsync.core.domain.User;
import io.boxsync.core.domain.UserId;
import io.boxsync.core.domain.WbsNode;
import io.boxsync.core.port.OutboxEntry;
import io.boxsync.core.port.QueuedEvent;
import io.boxsync.core.port.SystemStateStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything the in-memory stores hold. Values are immutable records, so a copy of the collections (one level
 * deep for nested ones) is a full snapshot: that is how {@link InMemoryTransactor} rolls back.
 */
final class InMemoryState {
    long seq = 0;
    SystemStateStore.Installation installation;
    Map<BoxId, Box> boxes = new TreeMap<>();
    Map<BoxId, Map<UserId, BoxRole>> roles = new HashMap<>();
    Map<TaskId, Task> tasks = new TreeMap<>();
    Map<BoxId, Set<TaskId>> contents = new HashMap<>();
    Map<BoxId, List<WbsNode>> wbs = new HashMap<>();
    Map<DependencyId, Dependency> dependencies = new TreeMap<>();
    Map<String, Iteration> iterations = new LinkedHashMap<>();
    List<Change> changes = new ArrayList<>();
    Map<SyncRunId, SyncRun> runs = new TreeMap<>();
    Map<String, Cursor> cursors = new HashMap<>();
    Map<String, OutboxEntry> outbox = new LinkedHashMap<>();
    Map<ConnectionId, RemoteMetadata> metadata = new HashMap<>();
    Map<UserId, User> users = new TreeMap<>();
    Map<ConnectionId, Connection> connections = new TreeMap<>();
    Map<ConnectionId, RemoteAccount> technicalUsers = new HashMap<>();
    Map<ConnectionId, Secret> webhookSecrets = new HashMap<>();
    Map<UserId, Map<ConnectionId, RemoteAccount>> accounts = new HashMap<>();
    List<QueuedEvent> pendingEvents = new ArrayList<>();
    Map<String, Instant> deliveries = new HashMap<>();
    Map<String, IssueState> issueStates = new HashMap<>();

    /** Queue bookkeeping of one issue (connection + key). */
    record IssueState(int attempts, Instant retryAt, String leaseOwner, Instant leaseUntil, String parkedError,
                      Instant parkedAt) {
        static final IssueState FRESH = new IssueState(0, null, null, null, null, null);

        boolean parked() {
            return parkedError != null;
        }
    }

    long next() {
        return ++seq;
    }

    InMemoryState copy() {
        InMemoryState c = new InMemoryState();
        c.seq = seq;
        c.installation = installation;
        c.boxes = new TreeMap<>(boxes);
        roles.forEach((k, v) -> c.roles.put(k, new HashMap<>(v)));
        c.tasks = new TreeMap<>(tasks);
        contents.forEach((k, v) -> c.contents.put(k, new LinkedHashSet<>(v)));
        wbs.forEach((k, v) -> c.wbs.put(k, new ArrayList<>(v)));
        c.dependencies = new TreeMap<>(dependencies);
        c.iterations = new LinkedHashMap<>(iterations);
        c.changes = new ArrayList<>(changes);
        c.runs = new TreeMap<>(runs);
        c.cursors = new HashMap<>(cursors);
        c.outbox = new LinkedHashMap<>(outbox);
        c.metadata = new HashMap<>(metadata);
        c.users = new TreeMap<>(users);
        c.connections = new TreeMap<>(connections);
        c.technicalUsers = new HashMap<>(technicalUsers);
        c.webhookSecrets = new HashMap<>(webhookSecrets);
        accounts.forEach((k, v) -> c.accounts.put(k, new HashMap<>(v)));
        c.pendingEvents = new ArrayList<>(pendingEvents);
        c.deliveries = new HashMap<>(deliveries);
        c.issueStates = new HashMap<>(issueStates);
        return c;
    }
}
