package io.boxsync.storage;

import io.boxsync.core.port.BoxContentStore;
import io.boxsync.core.port.BoxStore;
import io.boxsync.core.port.ChangeLog;
import io.boxsync.core.port.ConnectionStore;
import io.boxsync.core.port.CursorStore;
import io.boxsync.core.port.DependencyStore;
import io.boxsync.core.port.EventQueue;
import io.boxsync.core.port.IterationStore;
import io.boxsync.core.port.MetadataStore;
import io.boxsync.core.port.OutboxStore;
import io.boxsync.core.port.RemoteAccountStore;
import io.boxsync.core.port.Stores;
import io.boxsync.core.port.SyncRunStore;
import io.boxsync.core.port.SystemStateStore;
import io.boxsync.core.port.TaskStore;
import io.boxsync.core.port.UserStore;
import org.jdbi.v3.core.Handle;

/** The stores of one transaction, all on its {@link Handle}. */
final class JdbiStores implements Stores {
    private final JdbiBoxStore boxes;
    private final JdbiTaskStore tasks;
    private final JdbiBoxContentStore contents;
    private final JdbiDependencyStore dependencies;
    private final JdbiIterationStore iterations;
    private final JdbiChangeLog changes;
    private final JdbiSyncRunStore runs;
    private final JdbiCursorStore cursors;
    private final PostgresEventQueue events;
    private final JdbiOutboxStore outbox;
    private final JdbiSystemStateStore system;
    private final JdbiMetadataStore metadata;
    private final JdbiUserStore users;
    private final JdbiConnectionStore connections;
    private final JdbiRemoteAccountStore accounts;
    private final JdbiBoxContentsReader contentsReader;

    JdbiStores(Handle handle, SecretCipher cipher) {
        boxes = new JdbiBoxStore(handle);
        tasks = new JdbiTaskStore(handle);
        contents = new JdbiBoxContentStore(handle);
        dependencies = new JdbiDependencyStore(handle);
        iterations = new JdbiIterationStore(handle);
        changes = new JdbiChangeLog(handle);
        runs = new JdbiSyncRunStore(handle);
        cursors = new JdbiCursorStore(handle);
        events = new PostgresEventQueue(handle);
        outbox = new JdbiOutboxStore(handle);
        system = new JdbiSystemStateStore(handle);
        metadata = new JdbiMetadataStore(handle);
        users = new JdbiUserStore(handle);
        connections = new JdbiConnectionStore(handle, cipher);
        accounts = new JdbiRemoteAccountStore(handle, cipher);
        contentsReader = new JdbiBoxContentsReader(handle);
    }

    @Override public BoxStore boxes() { return boxes; }
    @Override public TaskStore tasks() { return tasks; }
    @Override public BoxContentStore contents() { return contents; }
    @Override public DependencyStore dependencies() { return dependencies; }
    @Override public IterationStore iterations() { return iterations; }
    @Override public ChangeLog changes() { return changes; }
    @Override public SyncRunStore runs() { return runs; }
    @Override public CursorStore cursors() { return cursors; }
    @Override public EventQueue events() { return events; }
    @Override public OutboxStore outbox() { return outbox; }
    @Override public SystemStateStore system() { return system; }
    @Override public MetadataStore metadata() { return metadata; }
    @Override public UserStore users() { return users; }
    @Override public ConnectionStore connections() { return connections; }
    @Override public RemoteAccountStore accounts() { return accounts; }
    @Override public io.boxsync.core.port.BoxContentsReader contentsReader() { return contentsReader; }
}
